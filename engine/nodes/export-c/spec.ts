import { exportCOptionsSchema } from '../../export/tinyml/options';
import { defineSpec } from '../spec';

export const exportCParams = exportCOptionsSchema;

export const exportCSpec = defineSpec({
  kind: 'export-c',
  version: 1,
  title: 'Export to C (microcontroller)',
  category: 'MLOps',
  icon: '⌁',
  docs:
    'Writes the trained model, with its preprocessing (filling gaps, encoding categories, scaling), as one plain C file and ' +
    'header for a microcontroller: no memory allocation, float arithmetic, raw column values in, prediction out. Linear ' +
    'models, small neural networks and small tree ensembles can be exported. It first prints the flash and RAM the model ' +
    'needs; with a budget set it refuses a model that does not fit and suggests a smaller one. int8 weights make networks ' +
    'about four times smaller; connect rows (with the target) to see how much accuracy that costs. The files go into the ' +
    'run folder.',
  inputs: [
    { name: 'model', type: 'Model', label: 'Model' },
    { name: 'table', type: 'Table', label: 'Rows to measure int8 loss', optional: true },
  ],
  outputs: [],
  params: exportCParams,
  summary: (p) =>
    `${p.name}.c${p.int8 ? ', int8' : ''}${p.budgetFlash === undefined ? '' : `, flash ≤ ${p.budgetFlash} B`}${p.budgetRam === undefined ? '' : `, RAM ≤ ${p.budgetRam} B`}`,
});
