/**
 * Classification metrics over class codes and predicted probabilities, defined exactly as scikit-learn 1.2
 * defines them (the reference in ../shared/reference/metrics_cases.json). Each formula names its source.
 *
 * Conventions
 * - `yTrue[i]` is the class code of row i in 0..k−1; `proba` is n×k row-major (row i, class c at i·k+c).
 * - Predicted label: for k = 2, class 1 when p(class 1) ≥ 0.5 (the reference's `y_pred = p >= 0.5`);
 *   for k > 2 the argmax of the row, ties to the lowest index (numpy's `argmax`).
 * - Binary precision/recall/F1, ROC AUC, average precision and Brier score take class 1 as positive.
 * - Per-class averages run over the labels present in y_true or y_pred (sklearn's `unique_labels`);
 *   a label never seen in either does not count.
 * - Undefined values are NaN: ROC AUC when the rows hold one class, average precision with no positive row.
 */
import { MwError } from '../../errors';
import { checkWeights, requireLength, requireRows, type NumericArray, type RowWeights } from './arrays';
import { calibrationOf } from './calibration';
import { oneVsRest, prCurve, rankingScores, rocCurve, type OneVsRest } from './ranking';
import type { Calibration, PrCurve, RocCurve } from './types';

/** Metric names, in display order. Binary (k = 2) and multiclass (k > 2) differ only in the ranking metrics. */
export const binaryMetricNames = [
  'accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'log_loss', 'brier', 'mcc',
  'precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'recall_weighted', 'f1_weighted',
] as const;
export const multiclassMetricNames = [
  'accuracy', 'balanced_accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'recall_weighted',
  'f1_weighted', 'roc_auc_ovr_macro', 'average_precision_ovr_macro', 'log_loss', 'brier', 'mcc',
] as const;
export type ClassificationMetricName = (typeof binaryMetricNames)[number] | (typeof multiclassMetricNames)[number];

export function classificationMetricNames(k: number): readonly ClassificationMetricName[] {
  return k === 2 ? binaryMetricNames : multiclassMetricNames;
}

export interface ClassificationOptions {
  /** Row weights as repeat counts (bootstrap resamples); all 1 when absent. */
  readonly weights?: Float64Array;
  /** Predicted labels to score instead of those derived from `proba` (e.g. a tuned threshold). */
  readonly yPred?: Int32Array;
}

/** Rows checked and pre-sorted once, so metrics can be recomputed under many weightings in O(n·k). */
export interface PreparedClassification {
  readonly n: number;
  readonly k: number;
  readonly yTrue: Int32Array;
  readonly proba: NumericArray;
  readonly yPred: Int32Array;
  /** Confusion-matrix cell of each row: yTrue·k + yPred. */
  readonly cell: Int32Array;
  /** Per-row log loss and Brier score terms: the metrics are their (weighted) means. */
  readonly rowLogLoss: Float64Array;
  readonly rowBrier: Float64Array;
  /** One-vs-rest ranking tasks: class 1 alone for k = 2, every class for k > 2. */
  readonly ranking: readonly OneVsRest[];
}

/**
 * Predicted labels: for k = 2, class 1 when p(class 1) ≥ 0.5; otherwise the argmax of each row, ties to
 * the lowest class index.
 */
export function predictedLabels(proba: NumericArray, k: number): Int32Array {
  const n = Math.floor(proba.length / k);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 2) {
      out[i] = proba[i * 2 + 1]! >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/** Clipping bound of sklearn's `log_loss(eps='auto')`: machine epsilon of the probabilities' dtype. */
export function logLossEpsilon(proba: NumericArray): number {
  return proba instanceof Float32Array ? 2 ** -23 : 2 ** -52;
}

export function prepareClassification(yTrue: Int32Array, proba: NumericArray, k: number, yPredGiven?: Int32Array): PreparedClassification {
  const n = yTrue.length;
  requireRows(n, 'the classification metrics');
  if (!Number.isInteger(k) || k < 2) throw new MwError('MW_INTERNAL', { message: `Metrics: a classifier needs at least 2 classes, got k = ${k}.` });
  requireLength(proba.length, n * k, 'proba (n × k)');
  for (let i = 0; i < n; i++) {
    const y = yTrue[i]!;
    if (y < 0 || y >= k) throw new MwError('MW_INTERNAL', { message: `Metrics: class code ${y} at row ${i} is outside 0..${k - 1}; drop rows with a missing target first.`, location: { row: i } });
  }
  for (let j = 0; j < proba.length; j++) {
    if (!Number.isFinite(proba[j])) throw new MwError('MW_INTERNAL', { message: `Metrics: probability at row ${Math.floor(j / k)} is not a finite number.`, location: { row: Math.floor(j / k) } });
  }
  const yPred = yPredGiven ?? predictedLabels(proba, k);
  requireLength(yPred.length, n, 'yPred');
  for (let i = 0; i < n; i++) {
    if (!(yPred[i]! >= 0 && yPred[i]! < k)) throw new MwError('MW_INTERNAL', { message: `Metrics: predicted class ${yPred[i]} at row ${i} is outside 0..${k - 1}.`, location: { row: i } });
  }

  const eps = logLossEpsilon(proba);
  const rowLogLoss = new Float64Array(n);
  const rowBrier = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = yTrue[i]!;
    // log_loss (sklearn 1.2): clip to [eps, 1 − eps], renormalise each row, then −log p(true class).
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.min(Math.max(proba[i * k + c]!, eps), 1 - eps);
    rowLogLoss[i] = -Math.log(Math.min(Math.max(proba[i * k + y]!, eps), 1 - eps) / sum);
    if (k === 2) {
      // brier_score_loss (binary): (𝟙[y = 1] − p(class 1))².
      const d = (y === 1 ? 1 : 0) - proba[i * 2 + 1]!;
      rowBrier[i] = d * d;
    } else {
      // Multiclass Brier score (Brier 1950; sklearn ≥ 1.7 brier_score_loss): Σ_c (𝟙[y = c] − p_c)².
      let s = 0;
      for (let c = 0; c < k; c++) {
        const d = (c === y ? 1 : 0) - proba[i * k + c]!;
        s += d * d;
      }
      rowBrier[i] = s;
    }
  }
  const positives = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
  const ranking = positives.map((c) => oneVsRest(yTrue, c, proba, k, c));
  const cell = Int32Array.from(yTrue, (y, i) => y * k + yPred[i]!);
  return { n, k, yTrue, proba, yPred, cell, rowLogLoss, rowBrier, ranking };
}

/** k×k (weighted) counts, row-major: rows are the true class, columns the predicted class (sklearn `confusion_matrix`). */
export function confusionCounts(prep: PreparedClassification, weights: RowWeights): Float64Array {
  const { n, k, cell } = prep;
  const cm = new Float64Array(k * k);
  for (let i = 0; i < n; i++) cm[cell[i]!]! += weights === undefined ? 1 : weights[i]!;
  return cm;
}

/** Every metric that depends only on the confusion matrix. */
export function confusionScores(cm: Float64Array, k: number): Record<string, number> {
  const rowSum = new Float64Array(k); // true support per class
  const colSum = new Float64Array(k); // predicted count per class
  let total = 0;
  let correct = 0;
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const v = cm[t * k + p]!;
      rowSum[t]! += v;
      colSum[p]! += v;
      total += v;
    }
    correct += cm[t * k + t]!;
  }
  // Per class: precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2TP / (2TP + FP + FN);
  // a zero denominator gives 0 (sklearn's zero_division=0; recall's "warn" also yields 0).
  const precision = (c: number): number => (colSum[c]! > 0 ? cm[c * k + c]! / colSum[c]! : 0);
  const recall = (c: number): number => (rowSum[c]! > 0 ? cm[c * k + c]! / rowSum[c]! : 0);
  const f1 = (c: number): number => (colSum[c]! + rowSum[c]! > 0 ? (2 * cm[c * k + c]!) / (colSum[c]! + rowSum[c]!) : 0);

  // average='macro': unweighted mean over labels present in y_true ∪ y_pred; 'weighted': weighted by support.
  let present = 0;
  let withSupport = 0;
  let recallOfSupported = 0;
  const macro = { precision: 0, recall: 0, f1: 0 };
  const weighted = { precision: 0, recall: 0, f1: 0 };
  for (let c = 0; c < k; c++) {
    if (rowSum[c]! + colSum[c]! === 0) continue;
    present++;
    const pc = precision(c);
    const rc = recall(c);
    const fc = f1(c);
    macro.precision += pc;
    macro.recall += rc;
    macro.f1 += fc;
    weighted.precision += rowSum[c]! * pc;
    weighted.recall += rowSum[c]! * rc;
    weighted.f1 += rowSum[c]! * fc;
    if (rowSum[c]! > 0) {
      withSupport++;
      recallOfSupported += rc;
    }
  }
  const supportTotal = total; // Σ rowSum
  const w = (v: number): number => (supportTotal > 0 ? v / supportTotal : 0);

  // matthews_corrcoef (multiclass form, Gorodkin 2004, as in sklearn):
  //   cov(y,ŷ) = c·s − Σ t_k p_k, cov(ŷ,ŷ) = s² − Σ p_k², cov(y,y) = s² − Σ t_k²; MCC = cov(y,ŷ)/√(cov(y,y)·cov(ŷ,ŷ)), 0 if that is 0.
  let tp2 = 0;
  let pp2 = 0;
  let tt2 = 0;
  for (let c = 0; c < k; c++) {
    tp2 += rowSum[c]! * colSum[c]!;
    pp2 += colSum[c]! * colSum[c]!;
    tt2 += rowSum[c]! * rowSum[c]!;
  }
  const covYtYp = correct * total - tp2;
  const covYpYp = total * total - pp2;
  const covYtYt = total * total - tt2;
  const mcc = covYpYp * covYtYt === 0 ? 0 : covYtYp / Math.sqrt(covYtYt * covYpYp);

  const scores: Record<string, number> = {
    // accuracy_score: share of rows whose predicted label is the true label.
    accuracy: total > 0 ? correct / total : Number.NaN,
    // balanced_accuracy_score: mean recall over classes present in y_true.
    balanced_accuracy: withSupport > 0 ? recallOfSupported / withSupport : Number.NaN,
    precision_macro: present > 0 ? macro.precision / present : 0,
    recall_macro: present > 0 ? macro.recall / present : 0,
    f1_macro: present > 0 ? macro.f1 / present : 0,
    precision_weighted: w(weighted.precision),
    recall_weighted: w(weighted.recall),
    f1_weighted: w(weighted.f1),
    mcc,
  };
  if (k === 2) {
    // precision_score / recall_score / f1_score with average='binary', pos_label=1.
    scores['precision'] = precision(1);
    scores['recall'] = recall(1);
    scores['f1'] = f1(1);
  }
  return scores;
}

function weightedMean(values: Float64Array, weights: RowWeights): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    s += w * values[i]!;
    ws += w;
  }
  return ws > 0 ? s / ws : Number.NaN;
}

/**
 * log_loss: mean over rows of −log p(true class), labels 0..k−1 (sklearn `log_loss(labels=range(k))`).
 * brier: binary sklearn `brier_score_loss` on p(class 1); multiclass Σ_c over the one-hot target.
 */
function probabilityScores(prep: PreparedClassification, weights: RowWeights): Record<string, number> {
  return { log_loss: weightedMean(prep.rowLogLoss, weights), brier: weightedMean(prep.rowBrier, weights) };
}

/**
 * Binary: roc_auc and average_precision of class 1. Multiclass: one-vs-rest macro averages
 * (sklearn `roc_auc_score(multi_class='ovr', average='macro')`, `average_precision_score(average='macro')`),
 * over the classes for which each is defined. sklearn refuses a class missing from y_true; here it is left
 * out of the average (the result builder notes it), and the average is NaN only when no class is defined.
 */
function rankingScoresOf(prep: PreparedClassification, weights: RowWeights, which: 'auc' | 'ap' | 'both'): Record<string, number> {
  if (prep.k === 2) {
    const r = rankingScores(prep.ranking[0]!, weights);
    return { roc_auc: r.auc, average_precision: r.averagePrecision };
  }
  let aucSum = 0;
  let aucCount = 0;
  let apSum = 0;
  let apCount = 0;
  for (const task of prep.ranking) {
    const r = rankingScores(task, weights);
    if (which !== 'ap' && Number.isFinite(r.auc)) {
      aucSum += r.auc;
      aucCount++;
    }
    if (which !== 'auc' && Number.isFinite(r.averagePrecision)) {
      apSum += r.averagePrecision;
      apCount++;
    }
  }
  return {
    roc_auc_ovr_macro: aucCount > 0 ? aucSum / aucCount : Number.NaN,
    average_precision_ovr_macro: apCount > 0 ? apSum / apCount : Number.NaN,
  };
}

/** All scores of prepared rows under the given weights. */
export function scoresOfPrepared(prep: PreparedClassification, weights: RowWeights): Record<string, number> {
  checkWeights(weights, prep.n);
  const all = {
    ...confusionScores(confusionCounts(prep, weights), prep.k),
    ...rankingScoresOf(prep, weights, 'both'),
    ...probabilityScores(prep, weights),
  };
  const ordered: Record<string, number> = {};
  for (const name of classificationMetricNames(prep.k)) ordered[name] = all[name] ?? Number.NaN;
  return ordered;
}

/** The value of one metric as a function of row weights, computing only what that metric needs. */
export function classificationStatistic(prep: PreparedClassification, metric: string): (weights: Float64Array) => number {
  if (!(classificationMetricNames(prep.k) as readonly string[]).includes(metric)) {
    throw new MwError('MW_GATE_UNKNOWN_METRIC', { message: `"${metric}" is not a metric of this ${prep.k === 2 ? 'binary' : 'multiclass'} classification.`, details: { metric, known: classificationMetricNames(prep.k) } });
  }
  if (metric === 'log_loss' || metric === 'brier') return (w) => probabilityScores(prep, w)[metric]!;
  if (metric.startsWith('roc_auc')) return (w) => rankingScoresOf(prep, w, 'auc')[metric]!;
  if (metric.startsWith('average_precision')) return (w) => rankingScoresOf(prep, w, 'ap')[metric]!;
  return (w) => confusionScores(confusionCounts(prep, w), prep.k)[metric]!;
}

/**
 * Every classification score (see `classificationMetricNames(k)` for the names). NaN marks a metric that
 * is undefined for these rows. Throws MW_EVAL_NO_ROWS for empty input.
 */
export function classificationScores(yTrue: Int32Array, proba: NumericArray, k: number, options: ClassificationOptions = {}): Record<string, number> {
  return scoresOfPrepared(prepareClassification(yTrue, proba, k, options.yPred), options.weights);
}

export interface ClassificationMetrics {
  readonly scores: Record<string, number>;
  /** k×k counts: rows are the true class, columns the predicted class. */
  readonly confusionMatrix: number[][];
  readonly roc: RocCurve[];
  readonly pr: PrCurve[];
  readonly calibration: Calibration;
  readonly yPred: Int32Array;
}

export interface CurveOptions {
  /** Most points kept per ROC or PR curve (decimated for display); 200 by default. */
  readonly maxCurvePoints?: number;
  /** Calibration bins; 10 by default. */
  readonly calibrationBins?: number;
}

/** Scores plus confusion matrix, ROC and PR curves (one per class for k > 2) and calibration bins. */
export function classificationMetrics(
  yTrue: Int32Array,
  proba: NumericArray,
  k: number,
  options: ClassificationOptions & CurveOptions = {},
): ClassificationMetrics {
  const prep = prepareClassification(yTrue, proba, k, options.yPred);
  return metricsOfPrepared(prep, options);
}

export function metricsOfPrepared(prep: PreparedClassification, options: ClassificationOptions & CurveOptions = {}): ClassificationMetrics {
  const maxPoints = options.maxCurvePoints ?? 200;
  const scores = scoresOfPrepared(prep, options.weights);
  const cm = confusionCounts(prep, undefined);
  const confusionMatrix = Array.from({ length: prep.k }, (_, t) => Array.from(cm.subarray(t * prep.k, (t + 1) * prep.k)));
  const roc: RocCurve[] = [];
  const pr: PrCurve[] = [];
  for (const task of prep.ranking) {
    const r = rankingScores(task, undefined);
    roc.push(rocCurve(task, r.auc, maxPoints));
    pr.push(prCurve(task, r.averagePrecision, maxPoints));
  }
  const calibration = calibrationOf(prep.yTrue, prep.proba, prep.k, prep.yPred, options.calibrationBins ?? 10);
  return { scores, confusionMatrix, roc, pr, calibration, yPred: prep.yPred };
}
