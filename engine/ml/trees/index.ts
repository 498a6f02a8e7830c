/**
 * Tree ensembles: histogram-based gradient boosting and random forests over typed arrays.
 *
 * Train with {@link trainGradientBoosting} / {@link trainRandomForest} (or their `Async` variants inside a
 * worker), predict with the returned model's `predictRaw` / `predictProba` / `predict` over a row-major
 * Float64Array (NaN = missing), save with `toJSON()` and load with `GbmModel.fromJSON` /
 * `ForestModel.fromJSON`.
 */
export { trainGradientBoosting, trainGradientBoostingAsync } from './gbm';
export { GbmModel, gbmModelJsonSchema } from './gbm-model';
export type { GbmModelJson, TrainingHistory } from './gbm-model';
export { trainRandomForest, trainRandomForestAsync, featuresPerSplit } from './forest';
export { ForestModel, forestModelJsonSchema } from './forest-model';
export type { ForestModelJson } from './forest-model';
export { gbmParamsSchema, forestParamsSchema, parseGbmParams, parseForestParams, gbmObjectiveSchema, forestTaskSchema, maxFeaturesSchema, growthSchema } from './params';
export type { GbmParams, GbmParamsInput, ForestParams, ForestParamsInput, GbmObjective, ForestTask, MaxFeatures, Growth } from './params';
export type { TreeTrainingData, ValidationSet } from './data';
export type { TrainingHooks, ImportanceKind } from './ensemble';
export { Tree } from './tree';
export type { TreeJson } from './tree';
