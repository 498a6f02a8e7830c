/**
 * The parser's working state over one question, and the signals a recogniser raises when it cannot
 * give a definite reading (ambiguous or unknown column, refusal). Shared by the recognisers.
 */
import type { Correction, QueryContext, Scalar } from './intent';
import type { Cue } from './lexicon';
import type { ColumnIndex, IndexedColumn } from './match';
import type { Item } from './scan';
import type { Token } from './text';

export interface State {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly items: readonly Item[];
  /** Items already explained by a recogniser. */
  readonly used: boolean[];
  readonly ctx: QueryContext;
  readonly index: ColumnIndex;
  readonly corrections: Correction[];
}

export interface ChoiceOption {
  readonly label: string;
  readonly column?: string;
  /** What replaces the ambiguous words in the rewritten question. */
  readonly replacement: string;
}

/** Several columns (or values) fit equally well; the user must pick. */
export class Ambiguous {
  constructor(
    readonly term: string,
    readonly start: number,
    readonly end: number,
    readonly options: readonly ChoiceOption[],
    readonly why: string,
  ) {}
}

/** Words in a column position match no column. */
export class Unknown {
  constructor(readonly term: string) {}
}

/** The question cannot be answered as asked. */
export class Refuse {
  constructor(
    readonly code: 'MW_QUERY_NOT_UNDERSTOOD' | 'MW_QUERY_BAD_VALUE',
    readonly message: string,
  ) {}
}

export type CueTag = Cue['tag'];
export type CueOf<T extends CueTag> = Extract<Cue, { tag: T }>;

export function cueAt<T extends CueTag>(st: State, k: number, tag: T): CueOf<T> | null {
  const it = st.items[k];
  if (it === undefined || it.t !== 'cue' || it.cue.tag !== tag) return null;
  return it.cue as CueOf<T>;
}

export function findCue<T extends CueTag>(st: State, tag: T, from = 0): number {
  for (let k = from; k < st.items.length; k++) if (cueAt(st, k, tag) !== null) return k;
  return -1;
}

export function hasCue(st: State, tag: CueTag): boolean {
  return findCue(st, tag) >= 0;
}

export function allCues<T extends CueTag>(st: State, tag: T): { k: number; cue: CueOf<T> }[] {
  const out: { k: number; cue: CueOf<T> }[] = [];
  st.items.forEach((_, k) => {
    const c = cueAt(st, k, tag);
    if (c !== null) out.push({ k, cue: c });
  });
  return out;
}

export function wordAt(st: State, k: number, ...words: string[]): boolean {
  const it = st.items[k];
  return it !== undefined && it.t === 'word' && words.includes(it.norm);
}

const FILLER = new Set(['a', 'an', 'the', 'of', 'is', 'are', 'be', 'to', 'that', 'which', 'it', 'its', 'their', 'for']);

/** The next item index at or after k that is not a filler word (articles, "is", "of"). */
export function skipFiller(st: State, k: number, extra: readonly string[] = []): number {
  let j = k;
  for (;;) {
    const it = st.items[j];
    if (it?.t === 'cue' && it.implied === true) {
      j++;
      continue;
    }
    if (it === undefined || it.t !== 'word' || !(FILLER.has(it.norm) || extra.includes(it.norm))) return j;
    j++;
  }
}

/** The one column an item names; throws Ambiguous when it could be several. */
export function columnOf(st: State, k: number): string | null {
  const it = st.items[k];
  if (it === undefined || it.t !== 'col') return null;
  if (it.columns.length === 1) return it.columns[0] ?? null;
  throw new Ambiguous(it.text, it.start, it.end, it.columns.map((c) => ({ label: c, column: c, replacement: c })), `“${it.text}” could mean ${joinOr(it.columns)}`);
}

export function indexed(st: State, name: string): IndexedColumn {
  const c = st.index.byName.get(name);
  if (c === undefined) throw new Unknown(name);
  return c;
}

/** The one column for a synonym group ("expensive" → price); Ambiguous if several, null if none. */
export function conceptColumn(st: State, concept: string, term: string, k: number, numericOnly = true): string | null {
  const cols = st.index.columns.filter((c) => c.concepts.has(concept) && (!numericOnly || (c.numeric && c.col.type !== 'boolean')));
  if (cols.length === 0) return null;
  if (cols.length === 1) return cols[0]?.name ?? null;
  const it = st.items[k];
  throw new Ambiguous(term, it?.start ?? 0, it?.end ?? 0, cols.map((c) => ({ label: c.name, column: c.name, replacement: `${term} ${c.name}` })), `“${term}” could be about ${joinOr(cols.map((c) => c.name))}`);
}

export function joinOr(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}

export function markUsed(st: State, ...ks: number[]): void {
  for (const k of ks) if (k >= 0 && k < st.used.length) st.used[k] = true;
}

export type { Scalar };
