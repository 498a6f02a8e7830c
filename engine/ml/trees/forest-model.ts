/** A trained random forest: averaged predictions, importance and an exactly round-tripping JSON form. */
import { z } from 'zod';
import { MwError } from '../../errors';
import { checkPredictInput } from './data';
import { featureImportance, type ImportanceKind } from './ensemble';
import { type ForestParams, forestParamsSchema, type ForestTask, forestTaskSchema } from './params';
import { invalid, Tree, treeJsonSchema } from './tree';

export const forestModelJsonSchema = z.strictObject({
  format: z.literal('modelwright.forest'),
  version: z.literal(1),
  task: forestTaskSchema,
  /** Classes (classification) or 0 (regression). */
  numClasses: z.number().int().min(0),
  numFeatures: z.number().int().min(1),
  categorical: z.array(z.boolean()),
  /** Out-of-bag accuracy (classification) or R² (regression); null when not computed. */
  oobScore: z.number().nullable(),
  params: forestParamsSchema,
  trees: z.array(treeJsonSchema).min(1),
});
export type ForestModelJson = z.infer<typeof forestModelJsonSchema>;

export class ForestModel {
  readonly kind = 'random-forest';

  constructor(
    readonly task: ForestTask,
    /** Classes (classification) or 0 (regression). */
    readonly numClasses: number,
    readonly numFeatures: number,
    readonly categorical: readonly boolean[],
    /** Leaves hold P(class 1) (binary), the class distribution (K > 2 classes) or the mean (regression). */
    readonly trees: readonly Tree[],
    readonly oobScore: number | null,
    readonly params: ForestParams,
  ) {}

  /** Tree outputs averaged over trees, rows × outputs (1 for regression and binary, K otherwise). */
  private average(x: Float64Array, rows: number): Float64Array {
    checkPredictInput(x, rows, this.numFeatures);
    const k = this.trees[0]!.outputs;
    const out = new Float64Array(rows * k);
    const leaves = new Int32Array(rows);
    for (const tree of this.trees) {
      tree.leavesOf(x, rows, this.numFeatures, leaves);
      for (let r = 0; r < rows; r++) {
        const o = leaves[r]! * k;
        for (let c = 0; c < k; c++) out[r * k + c] = out[r * k + c]! + tree.value[o + c]!;
      }
    }
    const n = this.trees.length;
    for (let i = 0; i < out.length; i++) out[i] = out[i]! / n;
    return out;
  }

  /** Class probabilities, rows × numClasses, averaged over trees. Classification only. */
  predictProba(x: Float64Array, rows: number): Float64Array {
    if (this.task !== 'classification') {
      throw new MwError('MW_MODEL_KIND_UNSUPPORTED', { message: 'A regression forest has no class probabilities; use predict.' });
    }
    const avg = this.average(x, rows);
    if (this.numClasses > 2) return avg;
    const out = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      out[2 * r] = 1 - avg[r]!;
      out[2 * r + 1] = avg[r]!;
    }
    return out;
  }

  /** Predicted values (regression) or class indices (classification, most probable; ties to the lower). */
  predict(x: Float64Array, rows: number): Float64Array {
    if (this.task === 'regression') return this.average(x, rows);
    const p = this.predictProba(x, rows);
    const k = this.numClasses;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[r * k + c]! > p[r * k + best]!) best = c;
      out[r] = best;
    }
    return out;
  }

  /** Split-gain (impurity decrease × weighted rows) or split-count importance per feature. */
  featureImportance(kind: ImportanceKind = 'gain'): Float64Array {
    return featureImportance(this.trees, this.numFeatures, kind);
  }

  toJSON(): ForestModelJson {
    return {
      format: 'modelwright.forest',
      version: 1,
      task: this.task,
      numClasses: this.numClasses,
      numFeatures: this.numFeatures,
      categorical: [...this.categorical],
      oobScore: this.oobScore,
      params: this.params,
      trees: this.trees.map((t) => t.toJSON()),
    };
  }

  /** Rebuilds a forest from `toJSON()` output (parsed JSON); MW_MODEL_FILE_INVALID when it is not one. */
  static fromJSON(json: unknown): ForestModel {
    const parsed = forestModelJsonSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'not a forest model'}`);
    }
    const m = parsed.data;
    const outputs = m.task === 'classification' && m.numClasses > 2 ? m.numClasses : 1;
    if (m.categorical.length !== m.numFeatures || (m.task === 'classification' && m.numClasses < 2)) {
      throw invalid('the features or classes do not agree');
    }
    const trees = m.trees.map((t) => {
      if (t.outputs !== outputs) throw invalid(`forest trees must have ${outputs} outputs`);
      return Tree.fromJSON(t, m.numFeatures);
    });
    return new ForestModel(m.task, m.numClasses, m.numFeatures, m.categorical, trees, m.oobScore, m.params);
  }
}
