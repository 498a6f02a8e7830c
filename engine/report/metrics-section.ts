/**
 * The metrics section: scores with 95% confidence intervals, test (or cross-validation) and train side by
 * side; the charts of the results panels (confusion matrix, ROC and PR curves, calibration, or predicted vs
 * actual and residuals), the training curves and feature importance.
 */
import { calibrationSpec, confusionMatrixSpec, prCurveSpec, rocCurveSpec } from '../charts/classification';
import { featureImportanceSpec } from '../charts/importance';
import { predictedVsActualSpec, residualsSpec } from '../charts/regression';
import { trainingCurvesSpec } from '../charts/training';
import { describeProtocol } from '../ml/metrics/result';
import type { ConfidenceInterval, EvaluationPartition } from '../ml/metrics/types';
import { chart, heading, list, num, paragraph, table } from './blocks';
import type { Block, Cell, ReportSection } from './document';
import { intervalOf, scoreOf, type ReportFacts } from './facts';
import { formatMetric, formatPercent, metricLabel } from './format';

const HALF = 290;
const FULL = 620;

const PLAIN_METRICS = {
  binary: ['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'roc_auc'],
  multiclass: ['accuracy', 'balanced_accuracy', 'f1_macro', 'roc_auc_ovr_macro'],
  regression: ['mae', 'rmse', 'r2', 'median_ae'],
} as const;

/** What a metric means, in a few words. */
function meaning(metric: string, positive: string): string {
  const words: Record<string, string> = {
    accuracy: 'share of rows predicted right',
    balanced_accuracy: 'accuracy averaged over the classes, so rare classes count as much',
    precision: `of the rows labelled “${positive}”, the share that were`,
    recall: `of the actual “${positive}” rows, the share found`,
    f1: 'balance of precision and recall',
    f1_macro: 'balance of precision and recall, averaged over classes',
    roc_auc: 'how well it ranks the classes apart (0.5 chance, 1 perfect)',
    roc_auc_ovr_macro: 'how well it ranks each class apart from the rest (0.5 chance, 1 perfect)',
    mae: 'average size of an error, in the target’s units',
    rmse: 'like the average error, with large errors weighing more',
    r2: 'share of the variation in the target explained (1 is perfect)',
    median_ae: 'half of the errors are smaller than this',
    log_loss: 'penalises confident mistakes (lower is better)',
    brier: 'squared error of the probabilities (lower is better)',
  };
  return words[metric] ?? '';
}

function ciText(metric: string, ci: ConfidenceInterval | null, unit: string): Cell {
  if (ci === null) return { text: '—', tone: 'muted' };
  return { text: `${formatMetric(metric, ci.lower, unit)} to ${formatMetric(metric, ci.upper, unit)}` };
}

function metricNames(facts: ReportFacts): string[] {
  const p = facts.metrics.headline.partition;
  const all = Object.keys(facts.metrics.scores[p] ?? {});
  if (facts.options.audience === 'technical') return all;
  const wanted = facts.task === 'regression' ? PLAIN_METRICS.regression : facts.classes.length === 2 ? PLAIN_METRICS.binary : PLAIN_METRICS.multiclass;
  return wanted.filter((m) => all.includes(m));
}

function scoresTable(facts: ReportFacts): Block {
  const m = facts.metrics;
  const unit = facts.options.unit;
  const names = metricNames(facts);
  const partitions: EvaluationPartition[] = m.protocol.kind === 'cross-validation' ? ['cv'] : (['test', 'train'] as const).filter((p) => m.scores[p] !== undefined);
  const title = (p: EvaluationPartition) => (p === 'cv' ? `Cross-validation (${m.protocol.kind === 'cross-validation' ? m.protocol.folds : ''} folds)` : p === 'test' ? 'Test' : 'Train');
  const plain = facts.options.audience === 'plain';
  const columns = [
    'Metric',
    ...partitions.flatMap((p) => [{ name: title(p), align: 'right' as const }, { name: '95% CI', align: 'right' as const }]),
    ...(plain ? ['What it means'] : []),
  ];
  const positive = facts.classes[1] ?? '';
  const rows = names.map((metric) => [
    metricLabel(metric),
    ...partitions.flatMap((p): Cell[] => {
      const value = scoreOf(facts, p, metric);
      return [num(formatMetric(metric, value, unit), value), ciText(metric, intervalOf(facts, p, metric), unit)];
    }),
    ...(plain ? [{ text: meaning(metric, positive), tone: 'muted' as const }] : []),
  ]);
  return table(columns, rows, { id: 'metrics', rowKeys: names, caption: `Scored on the ${describeProtocol(m)}. Confidence intervals: percentile bootstrap, ${m.headline.ci?.resamples ?? 1000} resamples.` });
}

function foldTable(facts: ReportFacts): Block | null {
  const folds = facts.metrics.foldScores;
  if (folds === undefined || facts.options.audience !== 'technical') return null;
  const names = metricNames(facts).slice(0, 6);
  return table(
    ['Fold', ...names.map((n) => ({ name: metricLabel(n), align: 'right' as const }))],
    folds.map((s, i) => [String(i + 1), ...names.map((n) => num(formatMetric(n, s[n] ?? null, facts.options.unit), s[n] ?? null))]),
    { id: 'folds', title: 'Scores per fold' },
  );
}

function resultCharts(facts: ReportFacts): Block[] {
  const m = facts.metrics;
  const where = m.curves.partition === 'cv' ? 'out-of-fold rows' : `${m.curves.partition} rows`;
  if (m.task === 'classification') {
    const c = m.curves;
    const label = (i: number) => (m.classes.length === 2 ? m.classes[1]! : m.classes[i] ?? String(i));
    const blocks: Block[] = [
      chart('confusion-matrix', `Confusion matrix (${where})`, confusionMatrixSpec({ labels: m.classes, matrix: c.confusionMatrix }, { width: HALF, height: HALF - 40 }), `Confusion matrix: rows are the actual classes, columns the predicted ones; ${c.confusionMatrix.map((row, i) => `${m.classes[i]}: ${row.join(', ')}`).join('; ')}.`, {
        half: true,
        caption: 'Each row is an actual class; the diagonal counts the rows predicted right.',
      }),
      chart(
        'roc',
        'ROC curve',
        rocCurveSpec(c.roc.map((r) => ({ label: label(r.classIndex), points: r.points.map((p) => ({ x: p.fpr, y: p.tpr })), area: r.auc ?? undefined })), { width: HALF, height: HALF - 40 }),
        `ROC curve; area under the curve ${c.roc.map((r) => (r.auc === null ? 'undefined' : r.auc.toFixed(3))).join(', ')}.`,
        { half: true, caption: 'True positive rate against false positive rate as the threshold moves; the dashed diagonal is guessing. The area is in the legend.' },
      ),
      chart(
        'precision-recall',
        'Precision–recall curve',
        prCurveSpec(c.pr.map((r) => ({ label: label(r.classIndex), points: r.points.map((p) => ({ x: p.recall, y: p.precision })), area: r.averagePrecision ?? undefined })), { width: HALF, height: HALF - 40 }),
        `Precision-recall curve; average precision ${c.pr.map((r) => (r.averagePrecision === null ? 'undefined' : r.averagePrecision.toFixed(3))).join(', ')}.`,
        { half: true, caption: `Precision against recall; a model that guesses sits at the class's share (${c.pr.map((r) => formatPercent(r.prevalence)).join(', ')}).` },
      ),
      chart(
        'calibration',
        'Calibration',
        calibrationSpec(
          c.calibration.bins.flatMap((b) => (b.meanPredicted === null || b.observed === null ? [] : [{ predicted: b.meanPredicted, observed: b.observed, count: b.count }])),
          { width: HALF, height: HALF - 40 },
        ),
        'Reliability diagram: mean predicted probability against the observed frequency per bin.',
        { half: true, caption: c.calibration.kind === 'positive-class' ? `Predicted probability of “${m.classes[1]}” against how often it was; on the dashed line the probabilities can be taken at face value.` : 'Confidence of the predicted class against how often it was right; on the dashed line confidence can be taken at face value.' },
      ),
    ];
    return blocks;
  }
  const c = m.curves;
  const sample = c.predictedVsActual.length < c.rows ? ` (a sample of ${c.predictedVsActual.length} of ${c.rows} rows)` : '';
  return [
    chart('predicted-vs-actual', `Predicted vs actual (${where})`, predictedVsActualSpec({ points: c.predictedVsActual, target: facts.target }, { width: HALF, height: HALF - 20 }), `Predicted against actual ${facts.target} for ${c.predictedVsActual.length} rows.`, {
      half: true,
      caption: `Points on the dashed line are predicted exactly${sample}.`,
    }),
    chart('residuals', 'Residuals', residualsSpec({ points: c.predictedVsActual, target: facts.target }, { width: HALF, height: HALF - 20 }), `Residuals (actual minus predicted) against predicted ${facts.target}.`, {
      half: true,
      caption: 'Errors (actual − predicted) against the prediction; a pattern here means the model is biased for some values.',
    }),
  ];
}

function trainingChart(facts: ReportFacts): Block[] {
  const model = facts.model;
  if (model === undefined || model.history.length === 0) return [];
  const epochs = model.history.map((e) => ({
    epoch: e.epoch,
    loss: e.loss,
    valLoss: e.valLoss ?? undefined,
    metric: e.metric ?? undefined,
    valMetric: e.valMetric ?? undefined,
  }));
  const spec = trainingCurvesSpec({ epochs, metricName: model.metadata.metricName === 'r2' ? 'R²' : model.metadata.metricName }, { width: 280, height: 150 });
  const m = model.metadata;
  return [
    chart('training-curves', 'Training curves', spec, `Loss per epoch for training and validation rows over ${m.epochsRun} epochs.`, {
      caption: `Loss${model.task === 'regression' ? ' (on the standardised target)' : ''} per epoch on the training and the early-stopping rows${m.stoppedEarly ? `; training stopped early and kept epoch ${m.bestEpoch}` : ''}. Validation loss rising while training loss falls is over-fitting.`,
    }),
  ];
}

function importanceBlocks(facts: ReportFacts): Block[] {
  const imp = facts.importance;
  if (imp === null) {
    return facts.model === undefined ? [] : [heading('Feature importance'), paragraph('Connect an Explain node (or the model and its table) to the Report node to show which columns matter.')];
  }
  const items = imp.items.map((i) => ({ feature: i.feature, importance: i.importance, std: i.std }));
  const blocks: Block[] = [
    chart('feature-importance', 'Feature importance', featureImportanceSpec(items, { top: 15, width: FULL }), `Feature importance: ${imp.items.slice(0, 5).map((i) => `${i.feature} ${i.importance.toFixed(3)}`).join(', ')}.`, {
      caption: `${imp.method}. A bar is how much the score drops when that column is shuffled; the line is the spread over shuffles. Near zero: the model barely uses the column.`,
    }),
  ];
  if (facts.options.audience === 'technical') {
    blocks.push(table(['Column', { name: 'Importance', align: 'right' }, { name: 'Spread (sd)', align: 'right' }], imp.items.map((i) => [i.feature, num(i.importance.toFixed(4), i.importance), num(i.std.toFixed(4), i.std)]), { id: 'importance' }));
  }
  return blocks;
}

export function metricsSection(facts: ReportFacts): ReportSection {
  const blocks: Block[] = [scoresTable(facts)];
  const folds = foldTable(facts);
  if (folds !== null) blocks.push(folds);
  blocks.push(heading('Charts'), ...resultCharts(facts), ...trainingChart(facts), ...importanceBlocks(facts));
  const notes = [...facts.metrics.notes, ...facts.intervalNotes];
  if (notes.length > 0) blocks.push(heading('Notes', 4), list(notes));
  return { id: 'metrics', title: 'Metrics', blocks };
}
