/**
 * Drift Monitor: profiles the reference (its train rows when split) and compares the current table with it
 * (engine/mlops/drift.ts). Outputs the per-column table; warns MW_DRIFT_DETECTED when retraining is
 * suggested, or fails with it when the node is set to.
 */
import { MwError } from '../../errors';
import { fitRows } from '../../data/table';
import { driftReport, driftTable } from '../../mlops/drift';
import { profileTable } from '../../mlops/profile';
import { defineNode } from '../node';
import { optionalInput, portValue, requireInput } from '../values';
import { driftMonitorSpec } from './spec';

export const driftMonitorNode = defineNode(driftMonitorSpec, async (inputs, params, ctx) => {
  const reference = requireInput(inputs, 'reference', 'Table');
  const current = requireInput(inputs, 'current', 'Table');
  const model = optionalInput(inputs, 'model', 'Model');
  const rows = fitRows(reference);
  const columns = model === undefined ? undefined : [...model.inputSchema.map((c) => c.name), model.target];
  const profile = profileTable(reference, rows, {
    ...(columns === undefined ? {} : { columns }),
    description: reference.partition === null ? `all ${rows.length} reference rows` : `the ${rows.length} train rows of the reference`,
  });
  const report = driftReport(profile, current, { thresholds: params.thresholds });
  if (model !== undefined) report.notes.push('Prediction drift needs the model to predict on both tables; it is checked by `modelwright monitor` on an exported model.');
  for (const note of report.notes) ctx.emit({ type: 'log', level: 'info', message: note });
  ctx.emit({ type: 'log', level: report.retrainingSuggested ? 'warn' : 'info', message: report.summary });
  if (report.retrainingSuggested) {
    const error = new MwError('MW_DRIFT_DETECTED', { message: report.summary, details: { driftedColumns: report.driftedColumns, verdict: report.verdict } });
    if (params.failWhenRetrainingSuggested) throw error;
    ctx.warn(error.toInfo());
  }
  return { drift: portValue('Table', driftTable(report)) };
});
