/**
 * Parameters of the tree learners, validated by zod with LightGBM-like defaults
 * (https://lightgbm.readthedocs.io/en/latest/Parameters.html) where a LightGBM counterpart exists.
 *
 * Decisions worth knowing:
 * - `maxDepth` is optional: absent means "no depth limit" (LightGBM's -1). 0 or negative is refused with
 *   MW_NODE_INVALID_PARAMS rather than given a surprising meaning.
 * - Growth is leaf-wise by default (split the leaf with the largest gain, as LightGBM does) and stops at
 *   `maxLeaves`; `growth: 'depthwise'` splits level by level (XGBoost's default) under the same caps.
 * - Row subsampling redraws the bag every round when `baggingFraction` < 1 (LightGBM's bagging_freq = 1).
 */
import { z } from 'zod';
import { MwError } from '../../errors';

/** Controls shared by both learners for categorical features (LightGBM's names and defaults). */
const categoricalFields = {
  /**
   * At most this many categories (the most frequent in training, capped by `maxBins`) get their own bin;
   * the rest share the missing bin, so a column with 100,000 distinct codes costs no more than one with 255.
   */
  maxCategories: z.number().int().min(1).max(255).default(255),
  /** Up to this many categories, a split isolates one category from the rest (one-vs-rest). */
  maxCatToOnehot: z.number().int().min(1).default(4),
  /** At most this many categories go to the left side of a sorted-category split. */
  maxCatThreshold: z.number().int().min(1).default(32),
  /** Smoothing added to the hessian when sorting categories by gradient ratio. */
  catSmooth: z.number().min(0).default(10),
  /** Extra L2 regularisation for sorted-category splits. */
  catL2: z.number().min(0).default(10),
  /** Minimum rows per category group on each side of a sorted-category split. */
  minDataPerGroup: z.number().int().min(1).default(100),
};

export const gbmObjectiveSchema = z.enum(['binary', 'multiclass', 'regression']);
/** `binary`: log-loss on 0/1 labels; `multiclass`: softmax on 0..K-1 labels; `regression`: squared error. */
export type GbmObjective = z.infer<typeof gbmObjectiveSchema>;

export const growthSchema = z.enum(['leafwise', 'depthwise']);
export type Growth = z.infer<typeof growthSchema>;

/** Gradient boosting parameters. */
export const gbmParamsSchema = z.strictObject({
  objective: gbmObjectiveSchema,
  /** Boosting rounds (one tree per round, or one per class and round for multiclass). */
  numTrees: z.number().int().min(1).max(100_000).default(100),
  learningRate: z.number().gt(0).lte(1).default(0.1),
  maxLeaves: z.number().int().min(2).max(131_072).default(31),
  /** Maximum depth of a leaf (the root is depth 0); absent means unlimited. */
  maxDepth: z.number().int().min(1).max(128).optional(),
  growth: growthSchema.default('leafwise'),
  minDataInLeaf: z.number().int().min(1).default(20),
  minSumHessianInLeaf: z.number().min(0).default(1e-3),
  /** L2 regularisation on leaf values (LightGBM's lambda_l2). */
  lambdaL2: z.number().min(0).default(0),
  minGainToSplit: z.number().min(0).default(0),
  /** Fraction of features drawn for each tree (colsample_bytree). */
  featureFraction: z.number().gt(0).lte(1).default(1),
  /** Fraction of rows drawn without replacement for each round. */
  baggingFraction: z.number().gt(0).lte(1).default(1),
  /** Real-valued bins per numeric feature (one more bin holds missing values). */
  maxBins: z.number().int().min(2).max(255).default(255),
  /** Rows sampled to place the bin edges (LightGBM's bin_construct_sample_cnt). */
  binSampleRows: z.number().int().min(1).default(200_000),
  /** Stop when the validation loss has not improved for this many rounds; keeps the best round. */
  earlyStoppingRounds: z.number().int().min(1).optional(),
  seed: z.number().int().default(42),
  ...categoricalFields,
});
export type GbmParams = z.infer<typeof gbmParamsSchema>;
export type GbmParamsInput = z.input<typeof gbmParamsSchema>;

export const forestTaskSchema = z.enum(['classification', 'regression']);
export type ForestTask = z.infer<typeof forestTaskSchema>;

/**
 * Features tried at each split: `sqrt`, `log2`, `third` (d/3), `all`, a fraction of the features, or
 * `auto` (sqrt for classification, all for regression, as scikit-learn's forests).
 */
export const maxFeaturesSchema = z.union([z.enum(['auto', 'sqrt', 'log2', 'third', 'all']), z.number().gt(0).lte(1)]);
export type MaxFeatures = z.infer<typeof maxFeaturesSchema>;

/** Random forest parameters (defaults follow scikit-learn's RandomForest*). */
export const forestParamsSchema = z.strictObject({
  task: forestTaskSchema,
  numTrees: z.number().int().min(1).max(10_000).default(100),
  /** Maximum depth of a leaf (root is depth 0); absent means grow until leaves are pure or too small. */
  maxDepth: z.number().int().min(1).max(128).optional(),
  /** Optional cap on leaves per tree (then the best split is taken first). */
  maxLeaves: z.number().int().min(2).optional(),
  minDataInLeaf: z.number().int().min(1).default(1),
  maxFeatures: maxFeaturesSchema.default('auto'),
  bootstrap: z.boolean().default(true),
  /** Rows drawn per tree, as a fraction of the training rows. */
  sampleFraction: z.number().gt(0).lte(1).default(1),
  maxBins: z.number().int().min(2).max(255).default(255),
  binSampleRows: z.number().int().min(1).default(200_000),
  /** Compute the out-of-bag score (needs `bootstrap`). */
  oobScore: z.boolean().default(true),
  seed: z.number().int().default(42),
  ...categoricalFields,
});
export type ForestParams = z.infer<typeof forestParamsSchema>;
export type ForestParamsInput = z.input<typeof forestParamsSchema>;

/** Parses params or throws MW_NODE_INVALID_PARAMS naming the first offending field. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined ? '' : issue.path.map(String).join('.');
  throw new MwError('MW_NODE_INVALID_PARAMS', {
    message: `Invalid tree parameter${field === '' ? '' : ` "${field}"`}: ${issue?.message ?? 'invalid'}.`,
    location: field === '' ? {} : { field },
    details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) },
  });
}

export function parseGbmParams(input: GbmParamsInput): GbmParams {
  return parseParams(gbmParamsSchema, input);
}

export function parseForestParams(input: ForestParamsInput): ForestParams {
  return parseParams(forestParamsSchema, input);
}
