/**
 * Chart specs: pure functions from run summaries to Vega-Lite specs. The canvas renders them with
 * vega-embed; reports render the same specs to SVG with vega's headless View, so both look alike.
 */
export { chartConfig, chartFont, seriesColors, type ChartOptions, type ChartSpec, type ChartWidth } from './theme';
export {
  histogramSpec, categoryCountsSpec,
  type HistogramBin, type HistogramInput, type CategoryCount, type CategoryCountsInput, type SparkOptions,
} from './histogram';
export { lossCurveSpec, metricCurveSpec, trainingCurvesSpec, epochAxisMax, overlaidCurvesSpec, type EpochPoint, type LossCurveInput, type RunCurves } from './training';
export {
  confusionMatrixSpec, rocCurveSpec, prCurveSpec, calibrationSpec,
  type ConfusionMatrixInput, type CurvePoint, type CurveSeries, type CalibrationBin,
} from './classification';
export { predictedVsActualSpec, residualsSpec, type RegressionPoint, type RegressionChartInput } from './regression';
export { featureImportanceSpec, type FeatureImportance, type FeatureImportanceOptions } from './importance';
