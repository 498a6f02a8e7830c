/**
 * The model card (Mitchell et al. 2019, "Model Cards for Model Reporting", trimmed to what a run knows):
 * model type and parameters, backend, training time, epochs run, early stopping, seed, and the intended use
 * and limits as the report's author wrote them.
 */
import { backendInfoSchema, describeBackend } from '../ml/backend/info';
import { callout, heading, keyValue, paragraph, table } from './blocks';
import type { Block, ReportSection } from './document';
import type { ReportFacts } from './facts';
import { formatDuration, formatInteger } from './format';
import { paramText } from './pipeline';
import type { Leaderboard } from '../ml/model';

/** Auto's leaderboard: every candidate, its score on the selection rows, its time and parameters. */
function leaderboardTable(board: Leaderboard): Block {
  const metric = board.metricName === 'r2' ? 'R²' : 'Accuracy';
  const rows = board.entries.map((e) => [
    `${e.candidate}${e.chosen ? ' (chosen)' : ''}`,
    e.score === null ? (e.status === 'trained' ? '—' : e.status) : e.score.toFixed(4),
    formatDuration(e.ms),
    Object.entries(e.params).map(([k, v]) => `${k} ${paramText(v)}`).join(', '),
  ]);
  return table(['Candidate', metric, 'Time', 'Parameters'], rows, { id: 'leaderboard', title: 'Auto leaderboard' });
}

export function modelSection(facts: ReportFacts): ReportSection {
  const blocks: Block[] = [];
  const model = facts.model;
  if (model === undefined) {
    blocks.push(paragraph('Connect the model (the Train node) to the Report node to describe it here.'));
  } else {
    const m = model.metadata;
    const backend = backendInfoSchema.safeParse(m.backend);
    const validation =
      m.validationSource === 'partition'
        ? `${formatInteger(m.validationRows)} rows (validation partition)`
        : m.validationSource === 'held-out'
          ? `${formatInteger(m.validationRows)} training rows held back`
          : 'none';
    const stopping = m.stoppedEarly ? `stopped early after ${m.epochsRun} epochs; kept the weights of epoch ${m.bestEpoch}` : m.epochsRun > 0 ? `ran all ${m.epochsRun} epochs` : 'not iterative';
    blocks.push(
      keyValue([
        ['Model', `${model.kind.replace(/-/g, ' ')}: ${model.estimator.description}`],
        ['Task', model.task === 'classification' ? `classification into ${model.classes.length} classes` : 'regression (a number)'],
        ['Target', model.target],
        ...(model.task === 'classification' ? ([['Classes', model.classes.join(', ')]] as [string, string][]) : []),
        ['Input columns', formatInteger(model.inputSchema.length)],
        ['Training rows', { text: formatInteger(m.trainRows), value: m.trainRows }],
        ['Early-stopping rows', validation],
        ['Epochs', stopping],
        ['Training time', formatDuration(m.trainingMs)],
        ['Seed', String(m.seed)],
        ['Backend', backend.success ? describeBackend(backend.data) : 'unknown'],
        ['TensorFlow.js', m.tfjsVersion],
      ]),
    );
    const params = Object.entries(m.params);
    if (params.length > 0 && facts.options.audience === 'technical') {
      blocks.push(table(['Training parameter', 'Value'], params.map(([k, v]) => [k, paramText(v)]), { id: 'train-params', title: 'Training parameters' }));
    }
    if (m.leaderboard !== undefined) blocks.push(leaderboardTable(m.leaderboard));
    if (m.notes.length > 0) blocks.push(heading('Training notes', 4), { kind: 'list', items: [...m.notes] });
  }
  blocks.push(heading('Intended use'));
  blocks.push(facts.options.intendedUse.trim() === '' ? callout('info', 'Not stated', 'The author has not described what this model is for. Write it in the Report node’s “Intended use” field.') : paragraph(facts.options.intendedUse.trim()));
  blocks.push(heading('Limits'));
  blocks.push(
    facts.options.limitations.trim() === ''
      ? callout('info', 'Not stated', 'The author has not described where the model should not be used. Write it in the Report node’s “Limitations” field; the caveats in the summary are a start.')
      : paragraph(facts.options.limitations.trim()),
  );
  return { id: 'model', title: 'Model card', blocks };
}
