/**
 * The run store's API as data: zod schemas for every request and answer the host passes to the renderer
 * (listRuns, getRun, compareRuns, setRunNotes, setRunTags, restoreGraph, promoteRun, getChampion). Pure
 * (zod and engine schemas only), so engine/host/contract.ts can plug these into `hostMethods` and the
 * renderer can import them by value.
 */
import { z } from 'zod';
import { errorInfoSchema } from '../errors';
import { graphSchema } from '../graph/schema';
import { epochRecordSchema } from '../ml/model';
import { evaluationPartitionSchema, protocolSchema, scoresSchema, headlineSchema } from '../ml/metrics/types';

/** Every state a recorded run can be in. `running` is live; `interrupted` means the app died mid-run. */
export const recordedRunStatuses = ['running', 'succeeded', 'failed', 'cancelled', 'diverged', 'interrupted'] as const;
export const recordedRunStatusSchema = z.enum(recordedRunStatuses);
export type RecordedRunStatus = z.infer<typeof recordedRunStatusSchema>;

const runId = z.string().min(1).max(100);
const isoTime = z.string().max(64);
const hostPath = z.string().min(1).max(4096);
const tag = z.string().trim().min(1).max(60);
const metricName = z.string().min(1).max(100);

/** The headline metric of a run's first Evaluate node, or null when the run has none. */
export const runHeadlineSchema = z.object({
  metric: z.string(),
  partition: evaluationPartitionSchema,
  value: z.number().nullable(),
  higherIsBetter: z.boolean(),
});
export type RunHeadline = z.infer<typeof runHeadlineSchema>;

/** A metric column of the runs table: `partition.metric` of the run's primary (first) Evaluate node. */
export const metricColumnSchema = z.strictObject({ metric: metricName, partition: evaluationPartitionSchema });
export type MetricColumn = z.infer<typeof metricColumnSchema>;

export const runSortKeySchema = z.enum(['started', 'duration', 'status', 'name', 'number', 'metric']);
export type RunSortKey = z.infer<typeof runSortKeySchema>;

/** What the runs table asks for: filters (all optional, combined with AND), a sort and a page. */
export const listRunsQuerySchema = z.strictObject({
  status: z.array(recordedRunStatusSchema).max(recordedRunStatuses.length).optional(),
  /** Runs carrying this tag. */
  tag: tag.optional(),
  /** Started at or after / before this instant (ISO-8601). */
  since: isoTime.optional(),
  until: isoTime.optional(),
  /** Case-insensitive text found in the graph name, the notes or a tag. */
  search: z.string().max(200).optional(),
  /** Runs of exactly this graph (see RunDetail.graphHash). */
  graphHash: z.string().max(100).optional(),
  /** Keep runs whose `partition.metric` lies in [min, max] (runs without the metric are dropped). */
  metric: z
    .strictObject({ metric: metricName, partition: evaluationPartitionSchema, min: z.number().optional(), max: z.number().optional() })
    .optional(),
  sort: z
    .strictObject({
      by: runSortKeySchema,
      direction: z.enum(['asc', 'desc']),
      /** For `by: 'metric'`: which metric; runs without it sort last. */
      metric: metricColumnSchema.optional(),
    })
    .default({ by: 'started', direction: 'desc' }),
  /** Extra metric columns to return with each run (`RunListItem.metrics`, keyed `partition.metric`). */
  columns: z.array(metricColumnSchema).max(12).default([]),
  limit: z.number().int().min(1).max(20_000).default(5_000),
  offset: z.number().int().min(0).default(0),
});
export type ListRunsQuery = z.input<typeof listRunsQuerySchema>;
export type ListRunsQueryParsed = z.output<typeof listRunsQuerySchema>;

/** One row of the runs table: small, so 5,000 of them cross to the renderer quickly. */
export const runListItemSchema = z.object({
  id: runId,
  /** 1, 2, 3…: the run's number in this project, for people. */
  number: z.number().int().positive(),
  name: z.string(),
  status: recordedRunStatusSchema,
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  durationMs: z.number().nullable(),
  headline: runHeadlineSchema.nullable(),
  /** `partition.metric` → value, for the requested `columns` and the sort/filter metric. */
  metrics: z.record(z.string(), z.number().nullable()),
  tags: z.array(z.string()),
  hasNotes: z.boolean(),
  champion: z.boolean(),
  errorCode: z.string().nullable(),
  graphHash: z.string(),
  backend: z.string().nullable(),
});
export type RunListItem = z.infer<typeof runListItemSchema>;

export const runListSchema = z.object({
  /** Runs matching the filters (before limit/offset). */
  total: z.number().int().nonnegative(),
  runs: z.array(runListItemSchema),
  /** Every tag used in the project, for the filter menu. */
  tags: z.array(z.string()),
  /** Every `partition.metric` recorded in the project, for the column and filter menus. */
  metrics: z.array(metricColumnSchema),
});
export type RunList = z.infer<typeof runListSchema>;

/** One input file the run read, with its SHA-256 at the time. */
export const runInputSchema = z.object({ nodeId: z.string(), path: z.string(), sha256: z.string() });
export type RunInput = z.infer<typeof runInputSchema>;

/** A node's validated parameters as they were in the run. */
export const runNodeParamsSchema = z.object({ kind: z.string(), label: z.string(), params: z.record(z.string(), z.unknown()) });
export type RunNodeParams = z.infer<typeof runNodeParamsSchema>;

export const runStepSchema = z.object({
  nodeId: z.string(),
  kind: z.string(),
  status: z.enum(['done', 'cached', 'failed', 'skipped', 'not-run']),
  durationMs: z.number(),
  errorCode: z.string().nullable(),
});
export type RunStep = z.infer<typeof runStepSchema>;

/** An Evaluate node's result, stored as a summary (scores and headline; curves stay in the artifact). */
export const runMetricsSchema = z.object({
  task: z.enum(['classification', 'regression']),
  protocol: protocolSchema,
  rowCounts: z.partialRecord(evaluationPartitionSchema, z.number().int().nonnegative()),
  scores: z.partialRecord(evaluationPartitionSchema, scoresSchema),
  headline: headlineSchema,
  notes: z.array(z.string()),
});
export type RunMetrics = z.infer<typeof runMetricsSchema>;

export const artifactKindSchema = z.enum(['model', 'metrics', 'predictions', 'report', 'reference', 'other']);
export const runArtifactSchema = z.object({
  kind: artifactKindSchema,
  nodeId: z.string(),
  /** Relative to the project folder, e.g. `runs/<id>/model-train`. */
  path: z.string(),
  /** Filled in by getRun: false when the file or folder was deleted by hand. */
  exists: z.boolean().optional(),
});
export type RunArtifact = z.infer<typeof runArtifactSchema>;

/** What a threshold gate decided in this run. */
export const gateConditionResultSchema = z.object({
  /** e.g. "test accuracy ≥ 0.9". */
  label: z.string(),
  actual: z.number().nullable(),
  passed: z.boolean(),
});
export const runGateSchema = z.object({
  nodeId: z.string(),
  passed: z.boolean(),
  conditions: z.array(gateConditionResultSchema),
});
export type RunGate = z.infer<typeof runGateSchema>;

export const runVersionsSchema = z.record(z.string(), z.string());

export const runDetailSchema = z.object({
  id: runId,
  number: z.number().int().positive(),
  name: z.string(),
  status: recordedRunStatusSchema,
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  durationMs: z.number().nullable(),
  /** SHA-256 of the graph's nodes (kind, version, params) and edges; positions and names do not count. */
  graphHash: z.string(),
  graph: graphSchema,
  /** "Run to selected": the node the run went up to. */
  upTo: z.string().nullable(),
  inputs: z.array(runInputSchema),
  params: z.record(z.string(), runNodeParamsSchema),
  steps: z.array(runStepSchema),
  /** Evaluate node id → metrics summary. */
  metrics: z.record(z.string(), runMetricsSchema),
  /** Train node id → training history (epochs). */
  history: z.record(z.string(), z.array(epochRecordSchema)),
  headline: runHeadlineSchema.nullable(),
  gates: z.array(runGateSchema),
  backend: z.string().nullable(),
  versions: runVersionsSchema,
  artifacts: z.array(runArtifactSchema),
  /** `runs/<id>/` relative to the project; `folderExists` is false when it was deleted by hand. */
  folder: z.string(),
  folderExists: z.boolean(),
  error: errorInfoSchema.nullable(),
  notes: z.string(),
  tags: z.array(z.string()),
  champion: z.boolean(),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

/** Side-by-side view of 2–10 runs: values are in the order of `runs`. */
export const runComparisonSchema = z.object({
  runs: z.array(z.object({ id: runId, number: z.number().int(), name: z.string(), status: recordedRunStatusSchema, startedAt: isoTime })),
  params: z.array(
    z.object({
      nodeId: z.string(),
      label: z.string(),
      kind: z.string(),
      param: z.string(),
      /** The value in each run; undefined where the run has no such node or parameter. */
      values: z.array(z.unknown()),
      differs: z.boolean(),
    }),
  ),
  inputs: z.array(z.object({ nodeId: z.string(), path: z.string(), sha256: z.array(z.string().nullable()), differs: z.boolean() })),
  metrics: z.array(
    z.object({
      nodeId: z.string(),
      partition: evaluationPartitionSchema,
      metric: z.string(),
      higherIsBetter: z.boolean().nullable(),
      values: z.array(z.number().nullable()),
      /** value − the first run's value (null when either is missing); the first entry is 0 or null. */
      deltas: z.array(z.number().nullable()),
      /** Index of the best run on this metric, or null when unknown or tied across all. */
      best: z.number().int().nullable(),
    }),
  ),
  /** Training curves to overlay: one entry per run and Train node. */
  history: z.array(z.object({ runId, nodeId: z.string(), epochs: z.array(epochRecordSchema) })),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;

export const championSchema = z.object({
  runId,
  number: z.number().int(),
  name: z.string(),
  /** The Train node whose model is the champion. */
  modelNode: z.string(),
  /** The model folder, relative to the project. */
  modelPath: z.string(),
  promotedAt: isoTime,
  retiredAt: isoTime.nullable(),
  note: z.string(),
  headline: runHeadlineSchema.nullable(),
});
export type Champion = z.infer<typeof championSchema>;

export const championStateSchema = z.object({
  current: championSchema.nullable(),
  /** Every promotion, newest first (the current one included). */
  history: z.array(championSchema),
});
export type ChampionState = z.infer<typeof championStateSchema>;

/** Whether the store can be written, read only, or not at all, and why (MW_RUNSTORE_CORRUPT / LOCKED). */
export const runStoreStateSchema = z.object({
  mode: z.enum(['read-write', 'read-only', 'unavailable']),
  problem: errorInfoSchema.nullable(),
  /** Runs found `running` at open whose process had died, now marked `interrupted`. */
  interrupted: z.array(runId),
});
export type RunStoreState = z.infer<typeof runStoreStateSchema>;

// -------------------------------------------------------------------------------------------------
// Host requests (every call names the project folder)

const project = { projectPath: hostPath };
export const listRunsRequestSchema = z.strictObject({ ...project, query: listRunsQuerySchema.optional() });
export const runRefRequestSchema = z.strictObject({ ...project, runId });
export const compareRunsRequestSchema = z.strictObject({ ...project, runIds: z.array(runId).min(2).max(10) });
export const setRunNotesRequestSchema = z.strictObject({ ...project, runId, notes: z.string().max(20_000) });
export const setRunTagsRequestSchema = z.strictObject({ ...project, runId, tags: z.array(tag).max(50) });
export const promoteRunRequestSchema = z.strictObject({
  ...project,
  runId,
  /** Which Train node's model, when the run trained several (default: the first). */
  modelNode: z.string().min(1).max(200).optional(),
  note: z.string().max(2_000).optional(),
});
export const projectRunsRequestSchema = z.strictObject({ ...project });
export const restoreGraphResponseSchema = z.object({ graph: graphSchema, runId, number: z.number().int() });
export const exportRunMlflowRequestSchema = z.strictObject({
  ...project,
  runId,
  /** The `mlruns` folder to write into (default: `<project>/mlruns`). */
  mlrunsDir: hostPath.optional(),
});
export const exportRunMlflowResponseSchema = z.object({ experimentId: z.string(), runDir: z.string(), params: z.number().int(), metrics: z.number().int(), tags: z.number().int(), artifacts: z.number().int() });

/**
 * The entries to add to engine/host/contract.ts `hostMethods` (the lead owns that file), each backed by the
 * function of the same name in ./host-api.ts.
 */
export const runStoreHostMethods = {
  runStoreState: { request: projectRunsRequestSchema, response: runStoreStateSchema },
  listRuns: { request: listRunsRequestSchema, response: runListSchema },
  getRun: { request: runRefRequestSchema, response: runDetailSchema },
  compareRuns: { request: compareRunsRequestSchema, response: runComparisonSchema },
  setRunNotes: { request: setRunNotesRequestSchema, response: z.void() },
  setRunTags: { request: setRunTagsRequestSchema, response: z.void() },
  restoreGraph: { request: runRefRequestSchema, response: restoreGraphResponseSchema },
  promoteRun: { request: promoteRunRequestSchema, response: championSchema },
  getChampion: { request: projectRunsRequestSchema, response: championStateSchema },
  exportRunMlflow: { request: exportRunMlflowRequestSchema, response: exportRunMlflowResponseSchema },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;
