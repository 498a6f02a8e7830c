/**
 * `modelwright ask <graph.json> "question" [--node ID] [--json] [--write]`: the query box on the command
 * line. Reads the graph's data (and, for questions about the model, runs Train, Evaluate and Explain),
 * then prints how the question was read, the answer's sentence and its table. Build and edit questions
 * print the planned change; --write saves it into the graph file.
 *
 * Exit codes: 0 answered, 1 no answer (no model, no data, a bad value), 2 bad usage or a question that
 * was not understood or is ambiguous (suggestions or choices are printed).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toErrorInfo } from '../errors';
import { serializeGraph } from '../graph/load';
import type { Graph } from '../graph/schema';
import { specForKind } from '../nodes/specs';
import { applyGraphEdit, type Answer, type GraphEdit } from '../query/index';
import { createLruCache } from '../run/cache';
import { loadGraphFile } from '../run/run-graph';
import { ask, type AskOutcome } from '../host/ask';
import { formatError, formatNumber, textTable } from './format';
import { ExitCode, type CliIo } from './io';
import { createReporter } from './progress';

export const ASK_USAGE = `  modelwright ask <graph.json> "question" [--node ID] [--json] [--write]
      Ask the graph's data or its model a question in plain words, or describe a change
      ("predict price from sqft and city"). Prints how the question was read, then the answer;
      --node asks about that node's table; --write saves a planned change into the graph file.
      Exit 2 when the question was not understood (suggestions are printed) or is ambiguous.`;

/** Rows of an answer's table printed at most (the rest is counted; --json has them all). */
const MAX_ROWS = 50;

export async function askMain(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, write: { type: 'boolean', default: false }, node: { type: 'string' } },
  });
  const [graphArg, ...words] = positionals;
  const text = words.join(' ');
  if (graphArg === undefined || words.length === 0) {
    io.stderr.write(`ask takes a graph file and a question.\n\n${ASK_USAGE}\n`);
    return ExitCode.usage;
  }
  const graphPath = isAbsolute(graphArg) ? graphArg : resolve(io.cwd, graphArg);
  const files = io.files(dirname(graphPath));
  let graph: Graph;
  try {
    graph = await loadGraphFile(files, graphPath);
  } catch (thrown) {
    io.stderr.write(`${formatError(toErrorInfo(thrown))}\n`);
    return ExitCode.usage;
  }
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label ?? specForKind(n.kind)?.title ?? n.kind]));
  const report = createReporter(io.stderr, labels);
  const outcome = await ask(
    { graph, text, ...(values.node === undefined ? {} : { nodeId: values.node }) },
    { files, cache: createLruCache(), trainIfNeeded: true, today: new Date().toISOString().slice(0, 10), signal: io.signal, onEvent: (event) => report(event) },
  );
  const code = exitCode(outcome);
  if (values.write && outcome.edit !== undefined) {
    await files.writeAtomic(graphPath, serializeGraph(applyGraphEdit(graph, outcome.edit)));
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    return code;
  }
  io.stdout.write(`${formatOutcome(outcome, graph, values.write)}\n`);
  return code;
}

function exitCode(outcome: AskOutcome): number {
  if (outcome.intent.kind === 'not-understood' || outcome.intent.kind === 'ambiguity') return ExitCode.usage;
  return outcome.error === undefined ? ExitCode.ok : ExitCode.runError;
}

/** The reading first, then the answer, the change, the choices or the suggestions. */
export function formatOutcome(outcome: AskOutcome, graph: Graph, written = false): string {
  const { intent } = outcome;
  const lines = [`Reading: ${intent.reading}`];
  if (outcome.data !== undefined && intent.kind === 'data-question') {
    lines.push(`Data: ${outcome.data.label} (${outcome.data.rows.toLocaleString('en-US')} rows${outcome.data.stale ? ', from the latest run' : ''})`);
  }
  lines.push('');
  if (intent.kind === 'ambiguity') {
    lines.push(`“${intent.term}” could mean more than one thing. Ask one of these:`);
    for (const choice of intent.choices) lines.push(`  - ${choice.query}    (${choice.label})`);
  } else if (intent.kind === 'not-understood') {
    lines.push(intent.message);
    if (intent.suggestions.length > 0) {
      lines.push('Questions that work on this data:');
      for (const s of intent.suggestions) lines.push(`  - ${s}`);
    }
  }
  if (outcome.answer !== undefined) lines.push(...formatAnswer(outcome.answer));
  if (outcome.edit !== undefined) lines.push(...formatEdit(outcome.edit, graph, written));
  if (outcome.error !== undefined) lines.push(formatError(outcome.error));
  return lines.join('\n').trimEnd();
}

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

function formatAnswer(answer: Answer): string[] {
  const lines = [answer.sentence];
  const table = answer.table;
  if (table !== undefined && table.columns.length > 0) {
    const shown = table.rows.slice(0, MAX_ROWS);
    const align = table.columns.map((_, i) => (shown.length > 0 && shown.every((r) => typeof r[i] === 'number' || r[i] === null) ? 'r' : 'l'));
    lines.push('', textTable(table.columns, shown.map((r) => r.map(cell)), align));
    if (table.rows.length > shown.length) lines.push(`… ${formatNumber(table.rows.length - shown.length)} more rows (--json shows them all)`);
  }
  if (answer.notes.length > 0) lines.push('', ...answer.notes.map((n) => `note: ${n}`));
  return lines;
}

function formatEdit(edit: GraphEdit, graph: Graph, written: boolean): string[] {
  const lines = [`Change: ${edit.summary}`];
  for (const node of edit.addNodes) lines.push(`  + ${node.id} (${specForKind(node.kind)?.title ?? node.kind})`);
  for (const change of edit.setParams) {
    const before = graph.nodes.find((n) => n.id === change.nodeId)?.params ?? {};
    const changed = Object.entries(change.params).filter(([k, v]) => JSON.stringify(before[k]) !== JSON.stringify(v));
    lines.push(`  ~ ${change.nodeId}: ${changed.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}`);
  }
  lines.push(written ? 'The change was saved into the graph file.' : 'Nothing was written; add --write to save the change into the graph file.');
  return lines;
}
