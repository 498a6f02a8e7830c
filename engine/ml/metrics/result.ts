/**
 * Builds the Metrics port value from per-partition arrays: scores per partition, the headline metric with
 * a bootstrap confidence interval, display curves and plain-language notes. The Evaluate node calls
 * `buildClassificationResult` / `buildRegressionResult`.
 */
import { MwError } from '../../errors';
import { finiteOrNull, type NumericArray } from './arrays';
import { bootstrapInterval, type BootstrapOptions } from './bootstrap';
import { headlineMetric, metricInfo } from './catalog';
import {
  classificationMetricNames,
  classificationStatistic,
  metricsOfPrepared,
  prepareClassification,
  scoresOfPrepared,
  type PreparedClassification,
} from './classification';
import { prepareRegression, regressionMetricNames, regressionPoints, regressionScoresOfPrepared, regressionStatistic, type PreparedRegression } from './regression';
import {
  evaluationPartitionNames,
  metricsResultSchema,
  type ClassificationResult,
  type EvaluationPartition,
  type Headline,
  type Protocol,
  type RegressionResult,
  type Scores,
} from './types';

/** One partition of a classification: true class codes and n×k probabilities, row-major. */
export interface ClassificationRows {
  readonly yTrue: Int32Array;
  readonly proba: NumericArray;
  /** Labels to score instead of those derived from `proba` (class 1 at p ≥ 0.5 for k = 2, else argmax). */
  readonly yPred?: Int32Array;
  /** Cross-validation: the fold (0..folds−1) whose model predicted each row. */
  readonly fold?: Int32Array;
}

/** One partition of a regression: actual and predicted values. */
export interface RegressionRows {
  readonly yTrue: NumericArray;
  readonly yPred: NumericArray;
  /** Cross-validation: the fold (0..folds−1) whose model predicted each row. */
  readonly fold?: Int32Array;
}

export interface BuildOptions {
  /** 'holdout' scores the partitions 'test', 'train' (and 'validation'); cross-validation scores 'cv'. */
  readonly protocol: Protocol;
  /** Partition of the headline and the curves: 'test' for holdout, 'cv' for cross-validation by default. */
  readonly headlinePartition?: EvaluationPartition;
  /** Headline metric; `headlineMetric(task)` by default. */
  readonly headlineMetric?: string;
  /** Bootstrap of the headline's confidence interval: 1000 resamples, 95 %, seed 0 by default. */
  readonly bootstrap?: BootstrapOptions;
  /** Most points per ROC/PR curve (200) or regression scatter (500). */
  readonly maxCurvePoints?: number;
}

export interface BuildClassificationInput extends BuildOptions {
  /** Class labels in class-code order. */
  readonly classes: readonly string[];
  readonly partitions: Partial<Record<EvaluationPartition, ClassificationRows>>;
}

export interface BuildRegressionInput extends BuildOptions {
  readonly partitions: Partial<Record<EvaluationPartition, RegressionRows>>;
}

/** What differs between the tasks; the rest of the building is shared. */
interface TaskAdapter<R extends { readonly fold?: Int32Array }, P> {
  readonly metricNames: readonly string[];
  size(rows: R): number;
  subset(rows: R, index: Int32Array): R;
  prepare(rows: R): P;
  scores(prep: P): Record<string, number>;
  statistic(prep: P, metric: string): (weights: Float64Array) => number;
  /** Why `metric` is undefined (NaN) on these rows. */
  undefinedReason(prep: P, metric: string): string;
  /** Caveats about defined values (e.g. an average over fewer classes than the model has). */
  caveats(prep: P, partition: string): string[];
}

interface Evaluated<P> {
  readonly rowCounts: Partial<Record<EvaluationPartition, number>>;
  readonly scores: Partial<Record<EvaluationPartition, Scores>>;
  readonly foldScores?: Scores[];
  readonly headline: Headline;
  readonly curvesFrom: P;
  readonly notes: string[];
}

function partitionWords(partition: EvaluationPartition): string {
  return partition === 'cv' ? 'out-of-fold (cross-validation)' : partition;
}

function toScores(values: Record<string, number>): Scores {
  const out: Scores = {};
  for (const [name, v] of Object.entries(values)) out[name] = finiteOrNull(v);
  return out;
}

/** Row indices of each fold 0..folds−1, checked against the protocol's fold count. */
function foldIndices(fold: Int32Array, n: number, folds: number): Int32Array[] {
  if (fold.length !== n) throw new MwError('MW_INTERNAL', { message: `Metrics: fold ids have length ${fold.length}, expected ${n}.` });
  const sizes = new Int32Array(folds);
  for (let i = 0; i < n; i++) {
    const f = fold[i]!;
    if (!Number.isInteger(f) || f < 0 || f >= folds) throw new MwError('MW_INTERNAL', { message: `Metrics: fold id ${f} at row ${i} is outside 0..${folds - 1}.` });
    sizes[f]!++;
  }
  const out = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(folds);
  for (let i = 0; i < n; i++) out[fold[i]!]![fill[fold[i]!]!++] = i;
  return out.filter((rows) => rows.length > 0);
}

function evaluate<R extends { readonly fold?: Int32Array }, P>(
  adapter: TaskAdapter<R, P>,
  partitions: Partial<Record<EvaluationPartition, R>>,
  options: BuildOptions,
  metric: string,
): Evaluated<P> {
  const cv = options.protocol.kind === 'cross-validation';
  const headlinePartition = options.headlinePartition ?? (cv ? 'cv' : 'test');
  if (!adapter.metricNames.includes(metric)) {
    throw new MwError('MW_GATE_UNKNOWN_METRIC', { message: `"${metric}" is not one of the metrics: ${adapter.metricNames.join(', ')}.`, details: { metric } });
  }
  const notes: string[] = [];
  const rowCounts: Partial<Record<EvaluationPartition, number>> = {};
  const scores: Partial<Record<EvaluationPartition, Scores>> = {};
  let foldScores: Scores[] | undefined;
  let headlinePrepared: P | undefined;
  let headlineStatistic: { sizes: number[]; of: (counts: readonly Float64Array[]) => number } | undefined;

  for (const partition of evaluationPartitionNames) {
    const rows = partitions[partition];
    if (rows === undefined) continue;
    if ((partition === 'cv') !== cv) {
      throw new MwError('MW_INTERNAL', { message: `Metrics: partition "${partition}" does not fit the ${options.protocol.kind} protocol.` });
    }
    const n = adapter.size(rows);
    rowCounts[partition] = n;
    if (n === 0) continue;
    const pooled = adapter.prepare(rows);
    const pooledScores = adapter.scores(pooled);
    let values = pooledScores;
    const pooledStatistic = adapter.statistic(pooled, metric);
    let statistic = { sizes: [n], of: (counts: readonly Float64Array[]) => pooledStatistic(counts[0]!) };

    if (rows.fold !== undefined && options.protocol.kind === 'cross-validation') {
      // sklearn's cross_val_score convention: score each fold's out-of-fold predictions, report the mean.
      const foldRows = foldIndices(rows.fold, n, options.protocol.folds);
      const folds = foldRows.map((index) => adapter.prepare(adapter.subset(rows, index)));
      const perFold = folds.map((prep) => adapter.scores(prep));
      values = {};
      for (const name of adapter.metricNames) {
        values[name] = perFold.reduce((sum, s) => sum + (s[name] ?? Number.NaN), 0) / perFold.length;
      }
      if (partition === 'cv') foldScores = perFold.map(toScores);
      const stats = folds.map((prep) => adapter.statistic(prep, metric));
      // Each fold is resampled within itself; the statistic is the mean over folds, like the value.
      statistic = { sizes: foldRows.map((index) => index.length), of: (counts) => stats.reduce((sum, s, f) => sum + s(counts[f]!), 0) / stats.length };
    }

    scores[partition] = toScores(values);
    for (const name of adapter.metricNames) {
      if (Number.isFinite(values[name])) continue;
      const reason = Number.isFinite(pooledScores[name]) ? 'it is undefined in at least one fold' : adapter.undefinedReason(pooled, name);
      notes.push(`${metricInfo(name)?.label ?? name} is undefined on the ${partitionWords(partition)} rows: ${reason}.`);
    }
    notes.push(...adapter.caveats(pooled, partitionWords(partition)));
    if (partition === headlinePartition) {
      headlinePrepared = pooled;
      headlineStatistic = statistic;
    }
  }

  if (headlinePrepared === undefined || headlineStatistic === undefined) {
    throw new MwError('MW_EVAL_NO_ROWS', { message: `There are no ${partitionWords(headlinePartition)} rows to evaluate on.`, details: { partition: headlinePartition } });
  }
  const value = scores[headlinePartition]?.[metric] ?? null;
  const stat = headlineStatistic;
  const ci = value === null ? null : bootstrapInterval(stat.sizes, stat.of, options.bootstrap);
  const info = metricInfo(metric);

  if (cv) {
    const k = options.protocol.kind === 'cross-validation' ? options.protocol.folds : 0;
    notes.unshift(
      foldScores === undefined
        ? `No Split upstream: scored by ${k}-fold cross-validation, on the pooled out-of-fold predictions (${rowCounts.cv ?? 0} rows).`
        : `No Split upstream: scored by ${k}-fold cross-validation; each score is the mean over folds of the fold's out-of-fold predictions, and the curves pool all ${rowCounts.cv ?? 0} rows.`,
    );
  } else {
    notes.unshift(
      `Scored on the held-out ${headlinePartition} partition (${rowCounts[headlinePartition] ?? 0} rows)` +
        (headlinePartition !== 'train' && rowCounts.train !== undefined ? '; train scores are shown to reveal over-fitting.' : '.'),
    );
  }

  return {
    rowCounts,
    scores,
    ...(foldScores === undefined ? {} : { foldScores }),
    headline: { metric, partition: headlinePartition, value, higherIsBetter: info?.higherIsBetter ?? true, ci },
    curvesFrom: headlinePrepared,
    notes,
  };
}

function classesPresent(yTrue: Int32Array, k: number): number {
  const seen = new Uint8Array(k);
  let count = 0;
  for (const y of yTrue) {
    if (seen[y] === 0) {
      seen[y] = 1;
      count++;
    }
  }
  return count;
}

function classificationAdapter(classes: readonly string[]): TaskAdapter<ClassificationRows, PreparedClassification> {
  const k = classes.length;
  return {
    metricNames: classificationMetricNames(k),
    size: (rows) => rows.yTrue.length,
    subset: (rows, index) => {
      const proba = rows.proba instanceof Float32Array ? new Float32Array(index.length * k) : new Float64Array(index.length * k);
      index.forEach((i, j) => proba.set(rows.proba.subarray(i * k, (i + 1) * k), j * k));
      return {
        yTrue: index.map((i) => rows.yTrue[i]!),
        proba,
        ...(rows.yPred === undefined ? {} : { yPred: index.map((i) => rows.yPred![i]!) }),
      };
    },
    prepare: (rows) => prepareClassification(rows.yTrue, rows.proba, k, rows.yPred),
    scores: (prep) => scoresOfPrepared(prep, undefined),
    statistic: classificationStatistic,
    undefinedReason: (prep, metric) => {
      if (classesPresent(prep.yTrue, k) < 2) return `only one class (${classes[prep.yTrue[0]!] ?? '?'}) is present`;
      if (metric === 'average_precision') return `no row is of the positive class "${classes[1] ?? '1'}"`;
      return 'it is not defined for these rows';
    },
    caveats: (prep, partition) => {
      const present = classesPresent(prep.yTrue, k);
      if (k === 2 || present === k || present < 2) return [];
      return [`On the ${partition} rows only ${present} of ${k} classes occur: the one-vs-rest ROC AUC and average precision average over those ${present}.`];
    },
  };
}

const regressionAdapter: TaskAdapter<RegressionRows, PreparedRegression> = {
  metricNames: regressionMetricNames,
  size: (rows) => rows.yTrue.length,
  subset: (rows, index) => ({
    yTrue: Float64Array.from(index, (i) => rows.yTrue[i]!),
    yPred: Float64Array.from(index, (i) => rows.yPred[i]!),
  }),
  prepare: (rows) => prepareRegression(rows.yTrue, rows.yPred),
  scores: (prep) => regressionScoresOfPrepared(prep, undefined),
  statistic: regressionStatistic,
  undefinedReason: (prep, metric) => (metric === 'r2' && prep.n < 2 ? 'R² needs at least two rows' : 'it is not defined for these rows'),
  caveats: () => [],
};

/** Metrics of a classification: per-partition scores, headline with bootstrap CI, confusion matrix and curves. */
export function buildClassificationResult(input: BuildClassificationInput): ClassificationResult {
  if (input.classes.length < 2) throw new MwError('MW_INTERNAL', { message: `Metrics: a classifier needs at least 2 classes, got ${input.classes.length}.` });
  const metric = input.headlineMetric ?? headlineMetric('classification');
  const evaluated = evaluate(classificationAdapter(input.classes), input.partitions, input, metric);
  const full = metricsOfPrepared(evaluated.curvesFrom, input.maxCurvePoints === undefined ? {} : { maxCurvePoints: input.maxCurvePoints });
  const result: ClassificationResult = {
    task: 'classification',
    classes: [...input.classes],
    protocol: input.protocol,
    rowCounts: evaluated.rowCounts,
    scores: evaluated.scores,
    ...(evaluated.foldScores === undefined ? {} : { foldScores: evaluated.foldScores }),
    headline: evaluated.headline,
    curves: {
      task: 'classification',
      partition: evaluated.headline.partition,
      confusionMatrix: full.confusionMatrix,
      roc: full.roc,
      pr: full.pr,
      calibration: full.calibration,
    },
    notes: evaluated.notes,
  };
  metricsResultSchema.parse(result);
  return result;
}

/** Metrics of a regression: per-partition scores, headline with bootstrap CI, residual and predicted-vs-actual points. */
export function buildRegressionResult(input: BuildRegressionInput): RegressionResult {
  const metric = input.headlineMetric ?? headlineMetric('regression');
  const evaluated = evaluate(regressionAdapter, input.partitions, input, metric);
  const points = regressionPoints(evaluated.curvesFrom, input.maxCurvePoints === undefined ? {} : { maxPoints: input.maxCurvePoints });
  const result: RegressionResult = {
    task: 'regression',
    protocol: input.protocol,
    rowCounts: evaluated.rowCounts,
    scores: evaluated.scores,
    ...(evaluated.foldScores === undefined ? {} : { foldScores: evaluated.foldScores }),
    headline: evaluated.headline,
    curves: { task: 'regression', partition: evaluated.headline.partition, ...points },
    notes: evaluated.notes,
  };
  metricsResultSchema.parse(result);
  return result;
}

/** One line saying how the scores were obtained, for reports and the CLI. */
export function describeProtocol(result: { readonly protocol: Protocol; readonly rowCounts: Partial<Record<EvaluationPartition, number>>; readonly headline: Headline }): string {
  if (result.protocol.kind === 'cross-validation') return `${result.protocol.folds}-fold cross-validation (${result.rowCounts.cv ?? 0} rows)`;
  const partition = result.headline.partition;
  return `held-out ${partition} partition (${result.rowCounts[partition] ?? 0} rows)`;
}
