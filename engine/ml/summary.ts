/**
 * JSON summaries of the Model, Predictions and Metrics port values: what crosses to the renderer, the CLI
 * and the run store (DESIGN.md: only summaries cross; estimators and tensors stay in the engine).
 * engine/run/summaries.ts dispatches here: summarizeModel, summarizePredictions, summarizeMetrics.
 */
import { z } from 'zod';
import { columnStats, columnStatsSchema } from '../data/stats';
import { cellValue } from '../data/table';
import { backendInfoSchema } from './backend/info';
import { metricsResultSchema, type MetricsResult } from './metrics/types';
import { epochRecordSchema, inputColumnSchema, leaderboardSchema, taskSchema, treeImportanceSchema, type EpochRecord, type ModelBundle } from './model';
import type { Predictions } from './predictions';

/** Most training-history points sent (longer histories are thinned evenly, always keeping the last epoch). */
export const MAX_HISTORY_POINTS = 300;
/** Rows of predictions shown in previews. */
export const PREDICTION_PREVIEW_ROWS = 50;

export const modelSummarySchema = z.object({
  type: z.literal('Model'),
  kind: z.string(),
  description: z.string(),
  task: taskSchema,
  target: z.string(),
  classes: z.array(z.string()),
  inputs: z.array(inputColumnSchema),
  /** Number of model inputs after encoding. */
  inputWidth: z.number().int().nonnegative(),
  history: z.array(epochRecordSchema),
  metricName: z.enum(['accuracy', 'r2']),
  training: z.object({
    epochsRun: z.number().int(),
    bestEpoch: z.number().int(),
    stoppedEarly: z.boolean(),
    trainRows: z.number().int(),
    validationRows: z.number().int(),
    validationSource: z.enum(['partition', 'held-out', 'none']),
    trainingMs: z.number(),
    seed: z.number().int(),
  }),
  backend: backendInfoSchema,
  versions: z.object({ modelwright: z.string(), tfjs: z.string() }),
  dataFingerprint: z.string(),
  recipe: z.array(z.object({ kind: z.string(), nodeId: z.string() })),
  notes: z.array(z.string()),
  /** Auto: the candidates tried, their scores and times (the chosen one marked). */
  leaderboard: leaderboardSchema.optional(),
  /** Tree models: split-gain importance per feature column. */
  importance: treeImportanceSchema.optional(),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

function thin(history: readonly EpochRecord[]): EpochRecord[] {
  if (history.length <= MAX_HISTORY_POINTS) return [...history];
  const out: EpochRecord[] = [];
  const step = (history.length - 1) / (MAX_HISTORY_POINTS - 1);
  for (let i = 0; i < MAX_HISTORY_POINTS; i++) out.push(history[Math.round(i * step)]!);
  return out;
}

export function summarizeModel(model: ModelBundle): ModelSummary {
  const m = model.metadata;
  return {
    type: 'Model',
    kind: model.kind,
    description: model.estimator.description,
    task: model.task,
    target: model.target,
    classes: [...model.classes],
    inputs: model.inputSchema.map((c) => ({ ...c })),
    inputWidth: model.features.width,
    history: thin(model.history),
    metricName: m.metricName,
    training: {
      epochsRun: m.epochsRun,
      bestEpoch: m.bestEpoch,
      stoppedEarly: m.stoppedEarly,
      trainRows: m.trainRows,
      validationRows: m.validationRows,
      validationSource: m.validationSource,
      trainingMs: m.trainingMs,
      seed: m.seed,
    },
    backend: m.backend,
    versions: { modelwright: m.modelwrightVersion, tfjs: m.tfjsVersion },
    dataFingerprint: m.dataFingerprint,
    recipe: model.recipe.map((s) => ({ kind: s.kind, nodeId: s.nodeId })),
    notes: [...m.notes],
    ...(m.leaderboard === undefined ? {} : { leaderboard: m.leaderboard }),
    ...(m.importance === undefined ? {} : { importance: m.importance }),
  };
}

const cellSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const predictionsSummarySchema = z.object({
  type: z.literal('Predictions'),
  task: taskSchema,
  target: z.string(),
  classes: z.array(z.string()),
  rowCount: z.number().int().nonnegative(),
  model: z.object({ kind: z.string(), description: z.string() }),
  predictionColumn: z.string(),
  probabilityColumns: z.array(z.string()),
  /** Statistics of the prediction column: the predicted class counts, or the spread of predicted values. */
  prediction: columnStatsSchema,
  /** All column names, inputs first, then the prediction columns. */
  columns: z.array(z.string()),
  /** The first rows, one array of cells per row in `columns` order. */
  rows: z.array(z.array(cellSchema)),
});
export type PredictionsSummary = z.infer<typeof predictionsSummarySchema>;

export function summarizePredictions(predictions: Predictions): PredictionsSummary {
  const table = predictions.table;
  const prediction = table.columns.find((c) => c.name === predictions.predictionColumn);
  if (prediction === undefined) throw new Error(`Predictions lack their column "${predictions.predictionColumn}".`);
  const rows: (number | string | boolean | null)[][] = [];
  for (let r = 0; r < Math.min(PREDICTION_PREVIEW_ROWS, table.rowCount); r++) {
    rows.push(table.columns.map((c) => {
      const v = cellValue(c, r);
      return typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }));
  }
  return {
    type: 'Predictions',
    task: predictions.task,
    target: predictions.target,
    classes: [...predictions.classes],
    rowCount: table.rowCount,
    model: { ...predictions.model },
    predictionColumn: predictions.predictionColumn,
    probabilityColumns: [...predictions.probabilityColumns],
    prediction: columnStats(prediction),
    columns: table.columns.map((c) => c.name),
    rows,
  };
}

/** Metrics are plain JSON already (see ./metrics/types); the summary is the value itself, tagged with its port type. */
export const metricsSummarySchema = z.intersection(z.object({ type: z.literal('Metrics') }), metricsResultSchema);
export type MetricsSummary = z.infer<typeof metricsSummarySchema>;

export function summarizeMetrics(metrics: MetricsResult): MetricsSummary {
  return { ...metrics, type: 'Metrics' };
}
