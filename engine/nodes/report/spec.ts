import { defineSpec } from '../spec';
import { reportParams } from '../../report/params';

export { reportParams, type ReportParams } from '../../report/params';

const sectionFlags = ['includeDataProfile', 'includePipeline', 'includeModelCard', 'includeMetrics', 'includePredictions', 'includeLineage'] as const;

export const reportSpec = defineSpec({
  kind: 'report',
  version: 1,
  title: 'Report',
  category: 'Report',
  icon: '❏',
  docs:
    'Turns the run into a document you can hand to someone else: a plain-language summary (what is predicted, how well in ' +
    'the target’s units, on how many held-out rows, and the caveats), a data profile, the pipeline as a diagram, a model ' +
    'card, metrics with 95% confidence intervals and the same charts as the results panels, a summary of the predictions, ' +
    'and lineage for audit (run id, graph hash, SHA-256 of the data files, versions). Export it as one HTML file that ' +
    'works offline, or as PDF. Connect the Evaluate metrics; the model, the training table, Predict and Explain are optional ' +
    'and add their sections.',
  inputs: [
    { name: 'metrics', type: 'Metrics', label: 'Metrics' },
    { name: 'model', type: 'Model', label: 'Model', optional: true },
    { name: 'table', type: 'Table', label: 'Training table', optional: true },
    { name: 'predictions', type: 'Predictions', label: 'Predictions', optional: true },
    { name: 'importance', type: 'Table', label: 'Importance (Explain)', optional: true },
  ],
  outputs: [{ name: 'report', type: 'Report', label: 'Report' }],
  params: reportParams,
  summary: (p) => {
    const sections = 1 + sectionFlags.filter((f) => p[f]).length + (p.pinnedAnswers.length > 0 ? 1 : 0);
    return `${p.audience === 'plain' ? 'plain language' : 'technical'}, ${sections} sections`;
  },
});
