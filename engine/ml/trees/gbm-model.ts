/**
 * A trained gradient-boosting model: prediction over raw feature matrices, importance, and a JSON form
 * that round-trips exactly (numbers are written with JavaScript's shortest round-trip representation).
 */
import { z } from 'zod';
import { MwError } from '../../errors';
import { checkPredictInput } from './data';
import { featureImportance, type ImportanceKind } from './ensemble';
import { softmaxRows } from './objective';
import { type GbmObjective, gbmObjectiveSchema, type GbmParams, gbmParamsSchema } from './params';
import { invalid, Tree, treeJsonSchema } from './tree';

export const gbmModelJsonSchema = z.strictObject({
  format: z.literal('modelwright.gbm'),
  version: z.literal(1),
  objective: gbmObjectiveSchema,
  /** 2 for binary, K for multiclass, 0 for regression. */
  numClasses: z.number().int().min(0),
  numFeatures: z.number().int().min(1),
  categorical: z.array(z.boolean()),
  baseScore: z.array(z.number()),
  /** Rounds kept (after early stopping, the best round + 1). */
  rounds: z.number().int().min(0),
  /** Best round (0-based) on the validation set when early stopping ran, else null. */
  bestIteration: z.number().int().min(0).nullable(),
  history: z.strictObject({ train: z.array(z.number()), valid: z.array(z.number()) }),
  params: gbmParamsSchema,
  trees: z.array(treeJsonSchema),
});
export type GbmModelJson = z.infer<typeof gbmModelJsonSchema>;

/** Loss per round: training loss (only recorded when an `onIteration` hook was given) and validation loss. */
export interface TrainingHistory {
  readonly train: readonly number[];
  readonly valid: readonly number[];
}

export class GbmModel {
  readonly kind = 'gradient-boosting';

  constructor(
    readonly objective: GbmObjective,
    /** 2 for binary, K for multiclass, 0 for regression. */
    readonly numClasses: number,
    readonly numFeatures: number,
    readonly categorical: readonly boolean[],
    readonly baseScore: Float64Array,
    /** Trees in round order; with K outputs, tree t adds to output t % K. */
    readonly trees: readonly Tree[],
    readonly bestIteration: number | null,
    readonly history: TrainingHistory,
    readonly params: GbmParams,
  ) {}

  /** Raw scores per row: 1 (binary log-odds, regression value) or K (multiclass logits). */
  get numOutputs(): number {
    return this.baseScore.length;
  }

  get rounds(): number {
    return this.trees.length / this.numOutputs;
  }

  /**
   * Raw scores, rows × numOutputs (row-major). `x` is rows × numFeatures, row-major, NaN for missing.
   * @param rounds use only the first `rounds` boosting rounds (default: all)
   */
  predictRaw(x: Float64Array, rows: number, rounds = this.rounds): Float64Array {
    checkPredictInput(x, rows, this.numFeatures);
    const k = this.numOutputs;
    const d = this.numFeatures;
    const out = new Float64Array(rows * k);
    for (let i = 0; i < out.length; i++) out[i] = this.baseScore[i % k]!;
    const treeCount = Math.min(this.trees.length, Math.max(0, Math.floor(rounds)) * k);
    const leaves = new Int32Array(rows);
    for (let t = 0; t < treeCount; t++) {
      const tree = this.trees[t]!;
      tree.leavesOf(x, rows, d, leaves);
      const value = tree.value;
      const c = t % k;
      for (let r = 0; r < rows; r++) out[r * k + c] = out[r * k + c]! + value[leaves[r]!]!;
    }
    return out;
  }

  /** Class probabilities, rows × numClasses (binary: [P(0), P(1)]). Classification only. */
  predictProba(x: Float64Array, rows: number, rounds = this.rounds): Float64Array {
    if (this.objective === 'regression') {
      throw new MwError('MW_MODEL_KIND_UNSUPPORTED', { message: 'A regression model has no class probabilities; use predict.' });
    }
    const raw = this.predictRaw(x, rows, rounds);
    if (this.objective === 'binary') {
      const out = new Float64Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        const p = 1 / (1 + Math.exp(-raw[r]!));
        out[2 * r] = 1 - p;
        out[2 * r + 1] = p;
      }
      return out;
    }
    const out = new Float64Array(raw.length);
    softmaxRows(raw, rows, this.numClasses, out);
    return out;
  }

  /** Predicted values (regression) or class indices (classification), one per row. */
  predict(x: Float64Array, rows: number, rounds = this.rounds): Float64Array {
    if (this.objective === 'regression') return this.predictRaw(x, rows, rounds);
    const raw = this.predictRaw(x, rows, rounds);
    const k = this.numOutputs;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      if (k === 1) out[r] = raw[r]! > 0 ? 1 : 0;
      else {
        let best = 0;
        for (let c = 1; c < k; c++) if (raw[r * k + c]! > raw[r * k + best]!) best = c;
        out[r] = best;
      }
    }
    return out;
  }

  /** Split-gain (or split-count) importance per feature, summed over all trees. */
  featureImportance(kind: ImportanceKind = 'gain'): Float64Array {
    return featureImportance(this.trees, this.numFeatures, kind);
  }

  toJSON(): GbmModelJson {
    return {
      format: 'modelwright.gbm',
      version: 1,
      objective: this.objective,
      numClasses: this.numClasses,
      numFeatures: this.numFeatures,
      categorical: [...this.categorical],
      baseScore: Array.from(this.baseScore),
      rounds: this.rounds,
      bestIteration: this.bestIteration,
      history: { train: [...this.history.train], valid: [...this.history.valid] },
      params: this.params,
      trees: this.trees.map((t) => t.toJSON()),
    };
  }

  /** Rebuilds a model from `toJSON()` output (parsed JSON); MW_MODEL_FILE_INVALID when it is not one. */
  static fromJSON(json: unknown): GbmModel {
    const parsed = gbmModelJsonSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'not a boosting model'}`);
    }
    const m = parsed.data;
    const outputs = m.objective === 'multiclass' ? m.numClasses : 1;
    if (m.baseScore.length !== outputs || m.trees.length !== m.rounds * outputs || m.categorical.length !== m.numFeatures) {
      throw invalid('the tree count, classes and base scores do not agree');
    }
    const trees = m.trees.map((t) => {
      if (t.outputs !== 1) throw invalid('boosting trees have one output');
      return Tree.fromJSON(t, m.numFeatures);
    });
    return new GbmModel(
      m.objective, m.numClasses, m.numFeatures, m.categorical, Float64Array.from(m.baseScore), trees,
      m.bestIteration, m.history, m.params,
    );
  }
}
