/**
 * Export to C: the model as <name>.c / <name>.h (engine/export/tinyml), written into the run's folder.
 * The estimate and the self-check go to the run log; over a budget the step fails with MW_EXPORT_TOO_LARGE.
 */
import { join } from 'node:path';
import { describeQuantisation, exportC, harnessSource, measureQuantisation } from '../../export/tinyml/index';
import { backendForStep } from '../../ml/backend/step';
import { defineNode } from '../node';
import { optionalInput, requireInput } from '../values';
import { exportCSpec } from './spec';

export const exportCNode = defineNode(exportCSpec, async (inputs, params, ctx) => {
  const model = requireInput(inputs, 'model', 'Model');
  const table = optionalInput(inputs, 'table', 'Table');
  // The self-check scores probe rows with the model, so a network needs its backend.
  await backendForStep(ctx);
  const result = exportC(model, params);
  for (const line of result.summary) ctx.emit({ type: 'log', level: 'info', message: line });
  if (table !== undefined && params.int8) {
    const report = measureQuantisation(model, result, table);
    if (report !== null) ctx.emit({ type: 'log', level: 'info', message: describeQuantisation(report) });
  }
  if (ctx.artifactsDir === undefined) {
    ctx.emit({ type: 'log', level: 'warn', message: 'This run has no folder for files, so the C files were not written (run from the app, or with modelwright run --out DIR).' });
    return {};
  }
  const dir = join(ctx.artifactsDir, 'c');
  await ctx.files.mkdirp(dir);
  for (const file of [result.header, result.source, { path: `${result.name}_harness.c`, text: harnessSource(result) }]) {
    await ctx.files.writeAtomic(join(dir, file.path), file.text);
  }
  ctx.emit({ type: 'log', level: 'info', message: `Wrote ${result.source.path} and ${result.header.path} to ${dir}.` });
  return {};
});
