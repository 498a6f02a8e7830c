/** Metrics library: scikit-learn-exact classification and regression metrics, bootstrap CIs, the Metrics port value. */
export { type NumericArray } from './arrays';
export { bootstrapInterval, percentileOfSorted, seededRandom, type BootstrapOptions } from './bootstrap';
export { headlineMetric, metricCatalog, metricInfo, type MetricInfo, type MetricName } from './catalog';
export {
  binaryMetricNames,
  classificationMetricNames,
  classificationMetrics,
  classificationScores,
  classificationStatistic,
  confusionCounts,
  logLossEpsilon,
  multiclassMetricNames,
  predictedLabels,
  prepareClassification,
  type ClassificationMetricName,
  type ClassificationMetrics,
  type ClassificationOptions,
  type CurveOptions,
  type PreparedClassification,
} from './classification';
export {
  prepareRegression,
  regressionMetricNames,
  regressionMetrics,
  regressionScores,
  regressionStatistic,
  type PreparedRegression,
  type RegressionMetricName,
  type RegressionMetrics,
  type RegressionOptions,
} from './regression';
export {
  buildClassificationResult,
  buildRegressionResult,
  describeProtocol,
  type BuildClassificationInput,
  type BuildOptions,
  type BuildRegressionInput,
  type ClassificationRows,
  type RegressionRows,
} from './result';
export {
  evaluationPartitionNames,
  evaluationPartitionSchema,
  metricsResultSchema,
  protocolSchema,
  type ClassificationCurves,
  type ClassificationResult,
  type ConfidenceInterval,
  type EvaluationPartition,
  type MetricsResult,
  type Protocol,
  type RegressionCurves,
  type RegressionResult,
  type Scores,
} from './types';
