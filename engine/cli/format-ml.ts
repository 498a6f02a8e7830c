/** Text renderings of the Model, Metrics and Predictions summaries for `modelwright run`. */
import { metricsSummarySchema, modelSummarySchema, predictionsSummarySchema, type MetricsSummary, type ModelSummary, type PredictionsSummary } from '../ml/summary';

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

function renderMetrics(m: MetricsSummary): string[] {
  const h = m.headline;
  const where = m.protocol.kind === 'cross-validation' ? `${m.protocol.folds}-fold cross-validation` : `the ${h.partition} partition`;
  const rows = m.rowCounts[h.partition];
  const ci = h.ci === null ? '' : ` (95% CI ${fmt(h.ci.lower)}–${fmt(h.ci.upper)})`;
  const lines = [`${h.metric} ${fmt(h.value)}${ci} on ${where}${rows === undefined ? '' : ` (${rows} rows)`}`];
  const partitions = Object.keys(m.scores) as (keyof typeof m.scores)[];
  const names = Object.keys(m.scores[h.partition] ?? {});
  if (names.length > 0) {
    const width = Math.max(...names.map((n) => n.length));
    lines.push(`${''.padEnd(width)}  ${partitions.map((p) => String(p).padStart(10)).join('  ')}`);
    for (const name of names) lines.push(`${name.padEnd(width)}  ${partitions.map((p) => fmt(m.scores[p]?.[name]).padStart(10)).join('  ')}`);
  }
  for (const note of m.notes) lines.push(`note: ${note}`);
  return lines;
}

function renderModel(m: ModelSummary): string[] {
  const t = m.training;
  const backend = `${m.backend.name} (${m.backend.package} ${m.backend.version})`;
  const lines = [
    `${m.description}: ${m.task} of ${m.target} from ${m.inputs.length} columns (${m.inputWidth} inputs)`,
    `trained on ${t.trainRows} rows in ${(t.trainingMs / 1000).toFixed(1)} s, ${t.epochsRun} epochs${t.stoppedEarly ? `, early stopping kept epoch ${t.bestEpoch}` : ''}, seed ${t.seed}`,
    `backend ${backend}`,
  ];
  if (m.leaderboard !== undefined) {
    lines.push(`Auto tried ${m.leaderboard.entries.length} candidates (${m.leaderboard.metricName} on ${m.leaderboard.selection}):`);
    const width = Math.max(...m.leaderboard.entries.map((e) => e.candidate.length));
    for (const e of m.leaderboard.entries) lines.push(`  ${e.chosen ? '★' : ' '} ${e.candidate.padEnd(width)}  ${fmt(e.score).padStart(8)}  ${(e.ms / 1000).toFixed(1).padStart(5)} s  ${e.status}`);
  }
  return lines;
}

function renderPredictions(p: PredictionsSummary): string[] {
  return [`${p.rowCount} predictions of ${p.target} by ${p.model.description} (column "${p.predictionColumn}")`];
}

/** The lines for a Model, Metrics or Predictions summary, or undefined when `summary` is none of them. */
export function renderMlSummary(summary: unknown): string[] | undefined {
  const metrics = metricsSummarySchema.safeParse(summary);
  if (metrics.success) return renderMetrics(metrics.data);
  const model = modelSummarySchema.safeParse(summary);
  if (model.success) return renderModel(model.data);
  const predictions = predictionsSummarySchema.safeParse(summary);
  if (predictions.success) return renderPredictions(predictions.data);
  return undefined;
}
