/**
 * Drift Monitor: profiles the reference (its train rows when split) and compares the current table with it
 * (engine/mlops/drift.ts). With a model connected, only the model's inputs (and target) are compared and the
 * model's predictions on both tables are compared too (prediction drift). Outputs the per-column table;
 * warns MW_DRIFT_DETECTED when retraining is suggested, or fails with it when the node is set to.
 */
import { MwError } from '../../errors';
import { fitRows, takeRows, allRows } from '../../data/table';
import { backendForStep } from '../../ml/backend/step';
import { preparedFor } from '../../ml/train/infer';
import { checkColumns, driftReport, driftTable } from '../../mlops/drift';
import { profileColumn, profileTable } from '../../mlops/profile';
import { predictionColumn } from '../../mlops/reference';
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
  checkColumns(profile, current);
  let predictions;
  const notes: string[] = [];
  if (model !== undefined) {
    try {
      await backendForStep(ctx);
      const referenceRows = takeRows(reference, rows);
      const before = predictionColumn(model, preparedFor(model, referenceRows).table, allRows(referenceRows.rowCount));
      const prepared = preparedFor(model, current).table;
      predictions = predictionColumn(model, prepared, allRows(prepared.rowCount));
      profile.prediction = profileColumn(before, allRows(before.kind === 'numeric' ? before.values.length : before.codes.length));
    } catch (thrown) {
      notes.push(`Prediction drift was not checked: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
  }
  const report = driftReport(profile, current, { thresholds: params.thresholds, ...(predictions === undefined ? {} : { predictions }) });
  for (const note of [...report.notes, ...notes]) ctx.emit({ type: 'log', level: 'info', message: note });
  ctx.emit({ type: 'log', level: report.retrainingSuggested ? 'warn' : 'info', message: report.summary });
  if (report.retrainingSuggested) {
    const error = new MwError('MW_DRIFT_DETECTED', { message: report.summary, details: { driftedColumns: report.driftedColumns, verdict: report.verdict } });
    if (params.failWhenRetrainingSuggested) throw error;
    ctx.warn(error.toInfo());
  }
  return { drift: portValue('Table', driftTable(report)) };
});
