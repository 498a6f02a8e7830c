/**
 * Tree ensembles over typed arrays: histogram-based gradient boosting (LightGBM-style, leaf-wise) and
 * random forests on the same histogram machinery. No dependencies beyond zod.
 *
 * ```ts
 * // x: row-major Float64Array, rows × cols, NaN = missing; categorical features hold integer codes.
 * const model = trainGradientBoosting(
 *   { x, rows, cols, y, categorical, valid: { x: vx, rows: vRows, y: vy } },
 *   { objective: 'binary', numTrees: 300, earlyStoppingRounds: 20 },
 *   { signal, onIteration: (i, trainLoss, validLoss) => emit(...) },
 * );
 * const p = model.predictProba(newX, newRows);        // newRows × 2
 * const saved = JSON.stringify(model.toJSON());        // GbmModel.fromJSON(JSON.parse(saved)) predicts identically
 * const forest = trainRandomForest({ x, rows, cols, y }, { task: 'classification' });
 * ```
 *
 * Targets: `binary` takes 0/1, `multiclass` and forest classification take class indices 0..K-1 (K from
 * `numClasses`, else the largest label + 1), regression takes finite values. Errors are coded MwErrors:
 * MW_NODE_INVALID_PARAMS (with `location.field`), MW_TRAIN_NO_ROWS, MW_TRAIN_ONE_CLASS,
 * MW_TRAIN_BAD_TARGET, MW_COLUMN_WRONG_TYPE (non-integer category code), MW_TRAIN_DIVERGED,
 * MW_RUN_CANCELLED, MW_PREDICT_SCHEMA_MISMATCH, MW_MODEL_FILE_INVALID, MW_MODEL_KIND_UNSUPPORTED.
 *
 * Inside a worker prefer the `Async` variants: they yield to the event loop between rounds so a cancel
 * message can abort the signal while training runs.
 */
export { trainGradientBoosting, trainGradientBoostingAsync } from './gbm';
export { GbmModel, gbmModelJsonSchema } from './gbm-model';
export type { GbmModelJson, TrainingHistory } from './gbm-model';
export { trainRandomForest, trainRandomForestAsync, featuresPerSplit } from './forest';
export { ForestModel, forestModelJsonSchema } from './forest-model';
export type { ForestModelJson } from './forest-model';
export {
  gbmParamsSchema, forestParamsSchema, parseGbmParams, parseForestParams, gbmObjectiveSchema, forestTaskSchema,
  maxFeaturesSchema, growthSchema,
} from './params';
export type { GbmParams, GbmParamsInput, ForestParams, ForestParamsInput, GbmObjective, ForestTask, MaxFeatures, Growth } from './params';
export type { TreeTrainingData, ValidationSet } from './data';
export type { TrainingHooks, ImportanceKind } from './ensemble';
export { Tree } from './tree';
export type { TreeJson } from './tree';
