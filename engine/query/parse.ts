/**
 * Plain text + what the project holds → a typed intent (issue 7). Deterministic and offline: a
 * tokeniser, a cue-phrase lexicon, fuzzy matching of column names and values, and recognisers for each
 * kind of question. The text is only ever read, never executed.
 *
 * A question that could mean several columns becomes an `ambiguity` with clickable rewritten questions;
 * a question naming a column that does not exist becomes `not-understood` (MW_QUERY_UNKNOWN_COLUMN) with
 * the closest names and three questions that would work.
 */
import {
  QUERY_MAX_CHARS,
  intentSchema,
  queryContextSchema,
  type Intent,
  type ModelTopic,
  type QueryContext,
  type QueryContextInput,
} from './intent';
import { buildColumnIndex, closestColumns, type ColumnIndex } from './match';
import { dataQuestion } from './parse-data';
import { buildOrWhatIf, editIntent, whatIf } from './parse-build';
import { scan } from './scan';
import { Ambiguous, Refuse, Unknown, allCues, findCue, hasCue, markUsed, type State } from './state';
import { normalizeText, tokenize } from './text';

export interface QueryParser {
  readonly context: QueryContext;
  /** Reads one question. Never throws for any text; problems come back as `not-understood`. */
  parse(text: string): Intent;
}

/** A parser bound to one project context (column index built once). */
export function createQueryParser(context: QueryContextInput): QueryParser {
  const ctx = queryContextSchema.parse(context);
  const index = buildColumnIndex(ctx);
  return { context: ctx, parse: (text) => parseWith(text, ctx, index) };
}

/** One-off convenience: builds the column index and reads the question. */
export function parseQuery(text: string, context: QueryContextInput): Intent {
  return createQueryParser(context).parse(text);
}

const TOPIC_READINGS: Readonly<Record<ModelTopic, string>> = {
  accuracy: 'How well the latest model scores on held-out rows',
  importance: 'Which input columns matter most to the latest model (permutation importance)',
  confusion: 'The confusion matrix of the latest model on held-out rows',
  'biggest-errors': 'The held-out rows where the latest model is most wrong',
  overfitting: 'Training versus held-out scores of the latest model, to check for over-fitting',
};

function parseWith(raw: string, ctx: QueryContext, index: ColumnIndex): Intent {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return problem(ctx, index, 'MW_QUERY_EMPTY', 'The question is empty.');
  }
  if (raw.length > QUERY_MAX_CHARS) {
    return problem(ctx, index, 'MW_QUERY_TOO_LONG', `The question is ${raw.length.toLocaleString('en-US')} characters long; ask one thing at a time, in under ${QUERY_MAX_CHARS.toLocaleString('en-US')} characters.`);
  }
  const text = normalizeText(raw.trim());
  const tokens = tokenize(text);
  const { items, corrections } = scan(tokens, index);
  const st: State = { text, tokens, items, used: items.map(() => false), ctx, index, corrections };
  try {
    const intent = recognise(st);
    if (intent === null) {
      const unknown = leftoverWords(st)[0];
      if (unknown !== undefined && items.every((it) => it.t !== 'col' && it.t !== 'cat')) throw new Unknown(unknown);
      return problem(ctx, index, 'MW_QUERY_NOT_UNDERSTOOD', 'The question was not understood.');
    }
    const checked = intentSchema.safeParse(withIgnored(st, intent));
    if (checked.success) return checked.data;
    // A number outside what the intent allows (e.g. 300,000 epochs): say which, rather than fail.
    const issue = checked.error.issues[0];
    const where = issue === undefined ? '' : issue.path.filter((p) => typeof p === 'string').join(' ');
    return problem(ctx, index, 'MW_QUERY_BAD_VALUE', `A value in the question is out of range${where === '' ? '' : ` (${where})`}: ${issue?.message ?? 'invalid'}.`);
  } catch (e) {
    if (e instanceof Ambiguous) return ambiguity(st, e);
    if (e instanceof Unknown) return unknownColumn(st, e.term);
    if (e instanceof Refuse) return problem(ctx, index, e.code, e.message);
    throw e;
  }
}

function recognise(st: State): Intent | null {
  const topics = allCues(st, 'model-topic');
  if (topics.length > 0 && findCue(st, 'build') < 0 && !hasCue(st, 'what-if') && !hasCue(st, 'epochs') && !hasCue(st, 'split')) {
    const first = topics[0]!;
    const metric = topics.find((t) => t.cue.metric !== undefined)?.cue.metric;
    const topic = metric !== undefined ? 'accuracy' : first.cue.topic;
    for (const t of topics) markUsed(st, t.k);
    for (const tag of ['model', 'predict', 'show'] as const) for (const c of allCues(st, tag)) markUsed(st, c.k);
    st.items.forEach((it, k) => {
      if (it.t === 'col' || it.t === 'cat') markUsed(st, k);
    });
    const reading = `${TOPIC_READINGS[topic]}${metric === undefined ? '' : ` (${metric})`}${st.ctx.model === null ? ' — no model has been trained yet' : ''}`;
    return { kind: 'model-question', reading, corrections: st.corrections, topic, ...(metric === undefined ? {} : { metric }) };
  }
  const build = buildOrWhatIf(st);
  if (build !== null) return build;
  const implicit = implicitWhatIf(st);
  if (implicit !== null) return implicit;
  const edit = editIntent(st);
  if (edit !== null) return edit;
  return dataQuestion(st);
}

/** "what species is a flower with petal length 5 and petal width 1.8", when a model for species exists. */
function implicitWhatIf(st: State): Intent | null {
  const model = st.ctx.model;
  if (model === null) return null;
  const dataCues = ['agg', 'how-many', 'sup', 'top', 'dist', 'corr', 'compare', 'mode', 'group', 'comparative'] as const;
  if (dataCues.some((tag) => hasCue(st, tag))) return null;
  const namesTarget = st.items.some((it) => it.t === 'col' && it.columns.length === 1 && it.columns[0] === model.target);
  const article = st.items.some((it) => it.t === 'word' && (it.norm === 'a' || it.norm === 'an'));
  if (!namesTarget || !article) return null;
  return whatIf(st);
}

function leftoverWords(st: State): string[] {
  const out: string[] = [];
  st.items.forEach((it, k) => {
    if (st.used[k] === true) return;
    if (it.t === 'word' && !it.stop && !it.rowNoun && it.norm.length > 1) out.push(it.text);
    if (it.t === 'col' || it.t === 'cat') out.push(it.text);
    // A number or date the reading did not use is said too (never dropped silently).
    if (it.t === 'num' || it.t === 'date') out.push(it.text);
  });
  return out;
}

/** Words the reading did not use are said, so nothing is silently dropped. */
function withIgnored(st: State, intent: Intent): Intent {
  const ignored = leftoverWords(st);
  const fixes = dedupe(intent.corrections);
  const notes: string[] = [];
  if (fixes.length > 0) notes.push(`read ${fixes.map((c) => `“${c.typed}” as ${c.read}`).join(', ')}`);
  if (ignored.length > 0) notes.push(`ignored ${ignored.map((w) => `“${w}”`).join(', ')}`);
  return { ...intent, corrections: fixes, reading: notes.length === 0 ? intent.reading : `${intent.reading} (${notes.join('; ')})` };
}

function dedupe<T extends { typed: string; read: string }>(list: readonly T[]): T[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = `${c.typed}\u0000${c.read}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rewrite(st: State, start: number, end: number, replacement: string): string {
  const first = st.tokens[start];
  const last = st.tokens[Math.max(start, end - 1)];
  if (first === undefined || last === undefined) return `${st.text} ${replacement}`;
  return `${st.text.slice(0, first.start)}${replacement}${st.text.slice(last.end)}`;
}

function ambiguity(st: State, a: Ambiguous): Intent {
  const choices = a.options.map((o) => ({ label: o.label, ...(o.column === undefined ? {} : { column: o.column }), query: rewrite(st, a.start, a.end, o.replacement) }));
  return intentSchema.parse({
    kind: 'ambiguity',
    reading: `${a.why}; which one did you mean?`,
    corrections: dedupe(st.corrections),
    term: a.term,
    choices,
  });
}

function unknownColumn(st: State, term: string): Intent {
  const closest = closestColumns(term, st.index);
  // Suggest the same question with each close column in place of the unknown word, when that reads well.
  const at = st.tokens.findIndex((t) => t.text === term || t.text === term.split(' ')[0]);
  const rewritten: string[] = [];
  if (at >= 0 && st.text.length < 300) {
    const parser = { ctx: st.ctx, index: st.index };
    for (const c of closest) {
      const q = rewrite(st, at, at + term.split(' ').length, c);
      const intent = parseWith(q, parser.ctx, parser.index);
      if (intent.kind !== 'not-understood' && intent.kind !== 'ambiguity') rewritten.push(q);
    }
  }
  const suggestions = [...rewritten, ...genericSuggestions(st.ctx, st.index)].filter((s, i, all) => all.indexOf(s) === i).slice(0, 3);
  return intentSchema.parse({
    kind: 'not-understood',
    reading: `There is no column “${term}”${closest.length === 0 ? '' : `; the closest are ${closest.join(', ')}`}.`,
    corrections: dedupe(st.corrections),
    code: 'MW_QUERY_UNKNOWN_COLUMN',
    message: `The question names “${term}”, which is not a column of this data.`,
    suggestions,
    unknown: { term, closest },
  });
}

function problem(ctx: QueryContext, index: ColumnIndex, code: 'MW_QUERY_EMPTY' | 'MW_QUERY_TOO_LONG' | 'MW_QUERY_NOT_UNDERSTOOD' | 'MW_QUERY_BAD_VALUE', message: string): Intent {
  return intentSchema.parse({ kind: 'not-understood', reading: message, corrections: [], code, message, suggestions: genericSuggestions(ctx, index) });
}

/** Three questions that work on this data (they are checked by the tests to parse). */
export function genericSuggestions(ctx: QueryContext, index: ColumnIndex): string[] {
  const usable = index.columns.filter((c) => c.col.type !== 'text' && c.col.type !== 'identifier');
  const target = usable.find((c) => c.col.role === 'target') ?? (ctx.model === null ? undefined : index.byName.get(ctx.model.target)) ?? usable[usable.length - 1];
  const numeric = usable.filter((c) => c.numeric && c.col.type !== 'boolean' && c.col.type !== 'datetime');
  const categorical = usable.filter((c) => !c.numeric && (c.col.categories?.length ?? 0) > 1 && (c.col.categories?.length ?? 0) <= 50);
  const measure = numeric.find((c) => c.name === target?.name) ?? numeric[0];
  const group = categorical.find((c) => c.name !== measure?.name);
  const out: string[] = [];
  if (measure !== undefined) out.push(group === undefined ? `average ${measure.name}` : `average ${measure.name} by ${group.name}`);
  const other = numeric.find((c) => c.name !== measure?.name);
  if (other !== undefined) out.push(`distribution of ${other.name}`);
  else if (group !== undefined) out.push(`how many rows per ${group.name}`);
  if (target !== undefined) {
    const features = usable.filter((c) => c.name !== target.name).slice(0, 2).map((c) => c.name);
    if (features.length > 0) out.push(`predict ${target.name} from ${features.join(' and ')}`);
  }
  if (out.length < 3 && measure !== undefined && other !== undefined) out.push(`correlation between ${measure.name} and ${other.name}`);
  if (out.length < 3) out.push('how many rows are there');
  return out.slice(0, 3);
}
