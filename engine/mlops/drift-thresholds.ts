/** The drift monitor's thresholds (pure zod: the Drift Monitor node's spec uses it for its inspector form). */
import { z } from 'zod';

export const driftThresholdsSchema = z.object({
  psi: z.number().min(0).default(0.2).describe('Population stability index at or above which a column has drifted (0.1 = some change, 0.25 = major).'),
  alpha: z.number().gt(0).lt(1).default(0.05).describe('Significance level of the KS and chi-square tests.'),
  ksStatistic: z.number().min(0).max(1).default(0.1).describe('Smallest Kolmogorov–Smirnov distance that counts as drift when the test is significant.'),
  jsDistance: z.number().min(0).max(1).default(0.1).describe('Smallest Jensen–Shannon distance that counts as drift when the chi-square test is significant.'),
  missingRateChange: z.number().min(0).max(1).default(0.1).describe('Change in the share of missing values (e.g. 0.1 = 10 points) that counts as drift.'),
  unseenShare: z.number().min(0).max(1).default(0.05).describe('Share of new rows with categories never seen in training that counts as drift.'),
  driftedShare: z.number().gt(0).max(1).default(0.25).describe('Share of feature columns drifting at which retraining is suggested.'),
});
export type DriftThresholds = z.infer<typeof driftThresholdsSchema>;
