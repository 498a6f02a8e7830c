import { z } from 'zod';
import { driftThresholdsSchema } from '../../mlops/drift-thresholds';
import { defineSpec } from '../spec';

export const driftMonitorParams = z.object({
  thresholds: driftThresholdsSchema.prefault({}).describe('When a column counts as drifted, and when retraining is suggested.'),
  failWhenRetrainingSuggested: z
    .boolean()
    .default(false)
    .describe('Fail the node (and the run, so a scheduled job exits non-zero) when retraining is suggested, instead of only warning.'),
});
export type DriftMonitorParams = z.infer<typeof driftMonitorParams>;

export const driftMonitorSpec = defineSpec({
  kind: 'drift-monitor',
  version: 1,
  title: 'Drift Monitor',
  category: 'MLOps',
  icon: '≋',
  docs:
    'Checks whether new data still looks like the training data. Connect the training table as the reference (its train rows are used ' +
    'when it is split) and the new data as current. Numeric columns are compared with the population stability index and the ' +
    'Kolmogorov–Smirnov test, categorical ones with the stability index, a chi-square test and the Jensen–Shannon distance; every ' +
    'column also reports its change in missing values and categories never seen in training. Connect the model to check only its ' +
    'inputs. The result is a table with one row per column and a verdict; when enough columns drift it warns "retraining suggested".',
  inputs: [
    { name: 'reference', type: 'Table', label: 'Reference (training data)' },
    { name: 'current', type: 'Table', label: 'Current (new data)' },
    { name: 'model', type: 'Model', label: 'Model', optional: true },
  ],
  outputs: [{ name: 'drift', type: 'Table', label: 'Drift per column' }],
  params: driftMonitorParams,
  summary: (p) => `PSI ≥ ${p.thresholds.psi}, α ${p.thresholds.alpha}, retrain at ${Math.round(p.thresholds.driftedShare * 100)}% of columns${p.failWhenRetrainingSuggested ? ', fails on drift' : ''}`,
});
