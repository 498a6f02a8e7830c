/** Synthetic Data: generated classification/regression problems, or a synthetic twin of a table. */
import { MwError } from '../../errors';
import { makeClassification, makeRegression, syntheticTwin } from '../../mlops/synthetic';
import { defineNode } from '../node';
import { optionalInput, portValue } from '../values';
import { syntheticSourceSpec } from './spec';

export const syntheticSourceNode = defineNode(syntheticSourceSpec, async (inputs, params, ctx) => {
  const source = optionalInput(inputs, 'table', 'Table');
  if (params.mode === 'twin') {
    if (source === undefined) {
      throw new MwError('MW_NODE_MISSING_INPUT', { message: 'Twin mode needs a table: connect the data to make a twin of.', location: { port: 'table' } });
    }
    const twin = syntheticTwin(source, { rows: params.rows, seed: params.seed });
    for (const note of twin.notes) ctx.emit({ type: 'log', level: 'info', message: note });
    return { table: portValue('Table', twin.table) };
  }
  if (source !== undefined) ctx.emit({ type: 'log', level: 'info', message: `The connected table is not used in ${params.mode} mode.` });
  const options = { rows: params.rows, features: params.features, informative: params.informative, noise: params.noise, seed: params.seed };
  const table =
    params.mode === 'classification'
      ? makeClassification({ ...options, classes: params.classes, weights: params.classBalance })
      : makeRegression(options);
  ctx.emit({
    type: 'log',
    level: 'info',
    message: `Generated a ${params.mode} problem: ${params.rows} rows, features x1…x${params.features} (x1…x${params.informative} informative), target "target".`,
  });
  return { table: portValue('Table', table) };
});
