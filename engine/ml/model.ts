/**
 * The Model port value: a trained model bundle (DESIGN.md "Ports"). It carries everything Predict needs to
 * repeat training-time preprocessing on new raw rows (the recipe, the raw input schema, the feature layout,
 * the target encoding) plus the estimator itself, the training history and metadata for lineage.
 * Pure types and schemas: no TensorFlow.js here (estimators implement `Estimator` elsewhere).
 */
import { z } from 'zod';
import { columnTypeSchema, type RecipeStep, type Table } from '../data/table';
import { backendInfoSchema } from './backend/info';

export const taskSchema = z.enum(['classification', 'regression']);
export type Task = z.infer<typeof taskSchema>;

/** A raw input column Predict expects (before the recipe runs), with its type at training time. */
export const inputColumnSchema = z.object({ name: z.string(), type: columnTypeSchema });
export type InputColumnSchema = z.infer<typeof inputColumnSchema>;

/**
 * How the target maps to model outputs. Classes: labels in output order (`values` holds the numbers behind
 * the labels when the target column is numeric). Value: regression targets are standardised for training,
 * `(y − center) / scale`, and predictions mapped back.
 */
export const targetEncodingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('classes'), classes: z.array(z.string()).min(2), values: z.array(z.number()).nullable() }),
  z.object({ kind: z.literal('value'), center: z.number(), scale: z.number().positive() }),
]);
export type TargetEncoding = z.infer<typeof targetEncodingSchema>;

/**
 * How one column of the prepared table becomes model inputs. Numeric: `(v − center) / scale`, a missing
 * value becomes `center` (0 after scaling). One-hot: a 0/1 input per category seen in training; a missing
 * or unseen category sets none of them.
 */
export const featureColumnSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), name: z.string(), center: z.number(), scale: z.number().positive() }),
  z.object({ kind: z.literal('one-hot'), name: z.string(), categories: z.array(z.string()) }),
]);
export type FeatureColumn = z.infer<typeof featureColumnSchema>;

export const featureLayoutSchema = z.object({
  columns: z.array(featureColumnSchema),
  /** Model inputs: one per numeric column plus one per category of each one-hot column. */
  width: z.number().int().nonnegative(),
});
export type FeatureLayout = z.infer<typeof featureLayoutSchema>;

/** A row-major float32 matrix: row i, column j at `data[i * cols + j]`. */
export interface FeatureMatrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** One epoch of training, as shown in the training curve. Losses are in training units (see notes). */
export const epochRecordSchema = z.object({
  epoch: z.number().int().positive(),
  loss: z.number(),
  valLoss: z.number().nullable(),
  metric: z.number().nullable(),
  valMetric: z.number().nullable(),
  ms: z.number().nonnegative(),
});
export type EpochRecord = z.infer<typeof epochRecordSchema>;

/** Split-gain importance of a tree model, per feature column of the prepared table (one-hot inputs summed). */
export const treeImportanceSchema = z.array(
  z.object({
    feature: z.string(),
    /** Share of the total split gain (sums to 1 over features; 0 when the trees never split). */
    gain: z.number(),
    /** Number of splits on the feature, over all trees. */
    splits: z.number().int().nonnegative(),
  }),
);
export type TreeImportance = z.infer<typeof treeImportanceSchema>;

/** One model Auto tried: what, how it scored on the selection rows, how long it took. */
export const leaderboardEntrySchema = z.object({
  candidate: z.string(),
  /** The Train node's model kind behind the candidate. */
  kind: z.string(),
  /** Accuracy or R² on the selection rows; null when the candidate failed or was skipped. */
  score: z.number().nullable(),
  ms: z.number().nonnegative(),
  /** The Train parameters that differ from the defaults of the candidate's kind. */
  params: z.record(z.string(), z.unknown()),
  status: z.enum(['trained', 'failed', 'skipped']),
  chosen: z.boolean(),
  note: z.string().optional(),
});
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;

export const leaderboardSchema = z.object({
  metricName: z.enum(['accuracy', 'r2']),
  /** How candidates were scored: k-fold cross-validation on the training rows, the validation partition, or a hold-out. */
  selection: z.enum(['cross-validation', 'partition', 'held-out', 'none']),
  folds: z.number().int().nonnegative(),
  budgetSeconds: z.number().nonnegative(),
  searchMs: z.number().nonnegative(),
  entries: z.array(leaderboardEntrySchema),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

export const modelMetadataSchema = z.object({
  modelwrightVersion: z.string(),
  /** TensorFlow.js core version used to train. */
  tfjsVersion: z.string(),
  backend: backendInfoSchema,
  seed: z.number().int(),
  /** The Train node's parameters (validated), so the model can be retrained identically. */
  params: z.record(z.string(), z.unknown()),
  /** Hash of the data sources, their row count, the partition and the recipe: equal data gives an equal value. */
  dataFingerprint: z.string(),
  sources: z.array(z.object({ path: z.string(), sha256: z.string(), rows: z.number().int() })),
  trainRows: z.number().int().nonnegative(),
  validationRows: z.number().int().nonnegative(),
  /** Where the early-stopping rows came from. */
  validationSource: z.enum(['partition', 'held-out', 'none']),
  epochsRun: z.number().int().nonnegative(),
  /** The epoch whose weights were kept (early stopping restores the best one). */
  bestEpoch: z.number().int().nonnegative(),
  stoppedEarly: z.boolean(),
  trainingMs: z.number().nonnegative(),
  metricName: z.enum(['accuracy', 'r2']),
  notes: z.array(z.string()),
  /** Tree models: split-gain importance per feature column. */
  importance: treeImportanceSchema.optional(),
  /** Auto: every candidate tried, with its score (the chosen one is marked). */
  leaderboard: leaderboardSchema.optional(),
});
export type ModelMetadata = z.infer<typeof modelMetadataSchema>;

/**
 * A fitted learner behind the model. The neural family (networks, linear and logistic regression) is in
 * ../ml/train; other families (e.g. tree ensembles) implement the same interface and register a codec in
 * ../ml/model-files to be saved.
 */
export interface Estimator {
  /** 'network' for TensorFlow.js networks; other families name themselves. */
  readonly family: string;
  /** One line for people, e.g. "network 20→64→64→1 (relu)". */
  readonly description: string;
  /**
   * Scores feature rows: n×k class probabilities (row-major, k = number of classes, also for binary) for
   * classification, or n predicted values in target units for regression.
   */
  predict(x: FeatureMatrix): Float64Array;
}

export interface RefitOptions {
  readonly signal: AbortSignal;
  readonly now: () => number;
}

/** Trains the same learner with the same parameters on other rows of a prepared table (k-fold CV). */
export type Refit = (table: Table, trainRows: Uint32Array, options: RefitOptions) => Promise<ModelBundle>;

export interface ModelBundle {
  /** What was trained, in the user's words: 'neural-network', 'linear-regression', 'logistic-regression', …. */
  readonly kind: string;
  readonly task: Task;
  readonly target: string;
  /** Class labels in output order (classification only; empty for regression). */
  readonly classes: readonly string[];
  readonly targetEncoding: TargetEncoding;
  /** Raw input columns expected by Predict, before the recipe runs. */
  readonly inputSchema: readonly InputColumnSchema[];
  /** The fitted preprocessing the training table went through; Predict replays it on new rows. */
  readonly recipe: readonly RecipeStep[];
  /** How the prepared table's feature columns become the model's input matrix. */
  readonly features: FeatureLayout;
  readonly estimator: Estimator;
  readonly history: readonly EpochRecord[];
  readonly metadata: ModelMetadata;
  /** Present when the learner can be retrained on other rows (Evaluate's cross-validation uses it). */
  readonly refit?: Refit;
}
