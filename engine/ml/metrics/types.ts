/**
 * The Metrics port value (DESIGN.md "Ports"): metric values and curve data, with the partition they came from.
 * It is plain JSON: it crosses to the renderer, into the run store and into reports. A metric that is not
 * defined for the data (for example ROC AUC when the rows hold one class) is `null`, never NaN, and a
 * sentence in `notes` says why.
 */
import { z } from 'zod';

/** Where scores come from: held-out partitions, or pooled out-of-fold predictions of k-fold cross-validation. */
export const evaluationPartitionNames = ['test', 'train', 'validation', 'cv'] as const;
export const evaluationPartitionSchema = z.enum(evaluationPartitionNames);
export type EvaluationPartition = z.infer<typeof evaluationPartitionSchema>;

/** How the scores were obtained, stated in the result so reports never pass CV off as a test set or vice versa. */
export const protocolSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('holdout') }),
  z.object({ kind: z.literal('cross-validation'), folds: z.number().int().min(2) }),
]);
export type Protocol = z.infer<typeof protocolSchema>;

/** Metric name → value; `null` where the metric is undefined for these rows (see `notes`). */
export const scoresSchema = z.record(z.string(), z.number().nullable());
export type Scores = z.infer<typeof scoresSchema>;

export const confidenceIntervalSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  /** Coverage, e.g. 0.95. */
  level: z.number().gt(0).lt(1),
  method: z.literal('percentile bootstrap'),
  resamples: z.number().int().positive(),
  /** Resamples on which the metric was defined (a resample can, say, lose a class and leave AUC undefined). */
  validResamples: z.number().int().nonnegative(),
  seed: z.number().int(),
});
export type ConfidenceInterval = z.infer<typeof confidenceIntervalSchema>;

export const headlineSchema = z.object({
  metric: z.string(),
  partition: evaluationPartitionSchema,
  value: z.number().nullable(),
  higherIsBetter: z.boolean(),
  /** null when the metric is undefined or no resample defined it. */
  ci: confidenceIntervalSchema.nullable(),
});
export type Headline = z.infer<typeof headlineSchema>;

/** One point of a ROC curve; `threshold` is null for the (0, 0) point above every score. */
export const rocPointSchema = z.object({ fpr: z.number(), tpr: z.number(), threshold: z.number().nullable() });
/** One point of a precision-recall curve; `threshold` is null for the (recall 0, precision 1) end point. */
export const prPointSchema = z.object({ recall: z.number(), precision: z.number(), threshold: z.number().nullable() });

/** A ROC curve of one class against the rest (binary: the positive class, index 1). Points are decimated. */
export const rocCurveSchema = z.object({
  classIndex: z.number().int().nonnegative(),
  auc: z.number().nullable(),
  points: z.array(rocPointSchema),
});
export type RocCurve = z.infer<typeof rocCurveSchema>;

export const prCurveSchema = z.object({
  classIndex: z.number().int().nonnegative(),
  averagePrecision: z.number().nullable(),
  /** Share of rows in the class: the precision of a classifier that guesses. */
  prevalence: z.number(),
  points: z.array(prPointSchema),
});
export type PrCurve = z.infer<typeof prCurveSchema>;

export const calibrationBinSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int().nonnegative(),
  /** Mean predicted probability in the bin; null for an empty bin. */
  meanPredicted: z.number().nullable(),
  /** Observed frequency of the event in the bin; null for an empty bin. */
  observed: z.number().nullable(),
});
export type CalibrationBin = z.infer<typeof calibrationBinSchema>;

/**
 * Reliability diagram. 'positive-class': p(class 1) against the share of class 1 (binary, as sklearn's
 * `calibration_curve`). 'top-label': the highest probability against the share of rows predicted correctly
 * (multiclass).
 */
export const calibrationSchema = z.object({
  kind: z.enum(['positive-class', 'top-label']),
  bins: z.array(calibrationBinSchema),
});
export type Calibration = z.infer<typeof calibrationSchema>;

export const classificationCurvesSchema = z.object({
  task: z.literal('classification'),
  partition: evaluationPartitionSchema,
  /** k×k row counts: rows are the true class, columns the predicted class, both in `classes` order. */
  confusionMatrix: z.array(z.array(z.number().int().nonnegative())),
  roc: z.array(rocCurveSchema),
  pr: z.array(prCurveSchema),
  calibration: calibrationSchema,
});
export type ClassificationCurves = z.infer<typeof classificationCurvesSchema>;

export const residualPointSchema = z.object({ predicted: z.number(), residual: z.number() });
export const actualPointSchema = z.object({ actual: z.number(), predicted: z.number() });

export const regressionCurvesSchema = z.object({
  task: z.literal('regression'),
  partition: evaluationPartitionSchema,
  /** residual = actual − predicted, for a seeded sample of at most a few hundred rows. */
  residuals: z.array(residualPointSchema),
  predictedVsActual: z.array(actualPointSchema),
  /** Rows the points were drawn from (the points are a sample when this is larger than their count). */
  rows: z.number().int().nonnegative(),
});
export type RegressionCurves = z.infer<typeof regressionCurvesSchema>;

const rowCountsSchema = z.partialRecord(evaluationPartitionSchema, z.number().int().nonnegative());
const scoresByPartitionSchema = z.partialRecord(evaluationPartitionSchema, scoresSchema);

const commonFields = {
  protocol: protocolSchema,
  /** Rows scored per partition. */
  rowCounts: rowCountsSchema,
  /** Scores per partition: 'test' and 'train' for holdout, 'cv' for cross-validation. */
  scores: scoresByPartitionSchema,
  /** Cross-validation only: the scores of each fold ('cv' scores are their mean, as sklearn's cross_val_score). */
  foldScores: z.array(scoresSchema).optional(),
  headline: headlineSchema,
  /** Plain sentences: protocol caveats and why a metric is null. */
  notes: z.array(z.string()),
};

export const classificationResultSchema = z.object({
  task: z.literal('classification'),
  /** Class labels in the model's output order (index = class code). */
  classes: z.array(z.string()).min(2),
  ...commonFields,
  curves: classificationCurvesSchema,
});

export const regressionResultSchema = z.object({
  task: z.literal('regression'),
  ...commonFields,
  curves: regressionCurvesSchema,
});

export const metricsResultSchema = z
  .discriminatedUnion('task', [classificationResultSchema, regressionResultSchema])
  .superRefine((result, ctx) => {
    const cv = result.protocol.kind === 'cross-validation';
    for (const partition of evaluationPartitionNames) {
      if (result.scores[partition] === undefined) continue;
      if ((partition === 'cv') !== cv) {
        ctx.addIssue({ code: 'custom', path: ['scores', partition], message: `Partition "${partition}" does not fit the ${result.protocol.kind} protocol.` });
      }
    }
    if (result.scores[result.headline.partition] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['headline', 'partition'], message: 'The headline partition has no scores.' });
    }
    if (result.foldScores !== undefined && !cv) {
      ctx.addIssue({ code: 'custom', path: ['foldScores'], message: 'Fold scores need the cross-validation protocol.' });
    }
  });

/** The Metrics port value. */
export type MetricsResult = z.infer<typeof metricsResultSchema>;
export type ClassificationResult = z.infer<typeof classificationResultSchema>;
export type RegressionResult = z.infer<typeof regressionResultSchema>;
