/**
 * Turns tokens into items: cue phrases ("how many", "grouped by", "more than"), column names, category
 * values, numbers, dates and leftover words. Longest match wins at each position; a column name that
 * starts with an aggregate word ("mean radius") keeps both readings (the aggregate and the column).
 */
import type { Correction } from './intent';
import { CUE_PHRASES, ROW_NOUNS, STOPWORDS, type Cue } from './lexicon';
import { matchCategories, matchColumns, type CategoryCandidate, type ColumnCandidate, type ColumnIndex } from './match';
import { nearlyEquals, singular, type ComparisonSign, type Token } from './text';

interface Span {
  /** Token positions [start, end). */
  readonly start: number;
  readonly end: number;
  /** The words as typed. */
  readonly text: string;
}

export type Item =
  | (Span & { readonly t: 'cue'; readonly cue: Cue; readonly implied?: boolean })
  | (Span & { readonly t: 'col'; readonly cands: readonly ColumnCandidate[]; readonly columns: readonly string[] })
  | (Span & { readonly t: 'cat'; readonly cands: readonly CategoryCandidate[] })
  | (Span & { readonly t: 'num'; readonly value: number; readonly unit?: 'money' | 'percent' })
  | (Span & { readonly t: 'date'; readonly value: string })
  | (Span & { readonly t: 'ratio'; readonly parts: readonly number[] })
  | (Span & { readonly t: 'op'; readonly op: ComparisonSign })
  | (Span & { readonly t: 'word'; readonly norm: string; readonly sing: string; readonly stop: boolean; readonly rowNoun: boolean })
  | (Span & { readonly t: 'punct'; readonly p: string });

interface CompiledPhrase {
  readonly slots: readonly { readonly words: readonly string[]; readonly optional: boolean }[];
  readonly cue: Cue;
  readonly order: number;
}

const compiled: readonly CompiledPhrase[] = CUE_PHRASES.map(([pattern, cue], order) => ({
  slots: pattern.split(' ').map((slot) => {
    const optional = slot.endsWith('?');
    return { words: (optional ? slot.slice(0, -1) : slot).split('|'), optional };
  }),
  cue,
  order,
}));

/** Phrases indexed by every word that can start them (a phrase starting with optional slots is listed under each). */
const byFirstWord = new Map<string, CompiledPhrase[]>();
const cueVocabulary = new Set<string>();
for (const phrase of compiled) {
  for (const slot of phrase.slots) for (const w of slot.words) cueVocabulary.add(w);
  for (const slot of phrase.slots) {
    for (const w of slot.words) byFirstWord.set(w, [...(byFirstWord.get(w) ?? []), phrase]);
    if (!slot.optional) break;
  }
}
const longCueWords = [...cueVocabulary].filter((w) => w.length >= 5);

/** The keyword a word stands for, allowing a typo in long words ("avrage" → average). */
function cueWordFor(token: Token, index: ColumnIndex, corrections: Map<number, Correction>, position: number): string {
  if (token.kind !== 'word') return token.kind === 'number' ? token.norm : `\u0000${token.kind}`;
  if (cueVocabulary.has(token.norm)) return token.norm;
  if (cueVocabulary.has(token.sing)) return token.sing;
  if (token.norm.length < 5 || STOPWORDS.has(token.norm) || index.dataWords.has(token.sing) || ROW_NOUNS.has(token.sing)) return token.norm;
  const near = longCueWords.find((w) => nearlyEquals(token.norm, w));
  if (near === undefined) return token.norm;
  corrections.set(position, { typed: token.text, read: near });
  return near;
}

function matchPhrase(phrase: CompiledPhrase, words: readonly string[], at: number): number {
  let i = at;
  for (const slot of phrase.slots) {
    const w = words[i];
    if (w !== undefined && slot.words.includes(w)) i++;
    else if (!slot.optional) return -1;
  }
  return i - at;
}

export interface ScanResult {
  readonly items: Item[];
  readonly corrections: Correction[];
}

const MAX_SPAN = 5;

function spanText(tokens: readonly Token[], start: number, end: number): string {
  return tokens.slice(start, end).map((t) => t.text).join(' ');
}

/** Scans tokens into items. */
export function scan(tokens: readonly Token[], index: ColumnIndex): ScanResult {
  const cueCorrections = new Map<number, Correction>();
  const cueWords = tokens.map((t, i) => cueWordFor(t, index, cueCorrections, i));
  const items: Item[] = [];
  const corrections: Correction[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (token === undefined) break;

    // Best cue phrase at i.
    let cue: { len: number; phrase: CompiledPhrase } | null = null;
    const candidates = byFirstWord.get(cueWords[i] ?? '') ?? [];
    for (const phrase of candidates) {
      const len = matchPhrase(phrase, cueWords, i);
      if (len > 0 && (cue === null || len > cue.len || (len === cue.len && phrase.order < cue.phrase.order))) cue = { len, phrase };
    }

    // Best entity (column or category) at i, longest first.
    let entity: Item | null = null;
    if (token.kind === 'word' || token.kind === 'quoted' || token.kind === 'number') {
      for (let len = Math.min(MAX_SPAN, tokens.length - i); len >= 1 && entity === null; len--) {
        const span = tokens.slice(i, i + len);
        const cols = token.kind === 'number' ? [] : matchColumns(span, index);
        const cats = matchCategories(span, index, token.kind === 'quoted');
        const bestCol = cols[0];
        const exactCat = cats.find((c) => c.via === 'exact');
        if (bestCol !== undefined && (bestCol.full || cats.length === 0) && !(exactCat !== undefined && bestCol.via !== 'exact')) {
          const top = cols.filter((c) => c.score === bestCol.score);
          entity = { t: 'col', start: i, end: i + len, text: spanText(tokens, i, i + len), cands: cols, columns: top.map((c) => c.column) };
        } else if (cats.length > 0) {
          entity = { t: 'cat', start: i, end: i + len, text: spanText(tokens, i, i + len), cands: cats };
        } else if (bestCol !== undefined) {
          const top = cols.filter((c) => c.score === bestCol.score);
          entity = { t: 'col', start: i, end: i + len, text: spanText(tokens, i, i + len), cands: cols, columns: top.map((c) => c.column) };
        }
      }
    }

    const cueLen = cue?.len ?? 0;
    const entityLen = entity === null ? 0 : entity.end - entity.start;
    if (cue !== null && entity !== null && entityLen > cueLen && cue.phrase.cue.tag === 'agg' && entity.t === 'col' && entity.cands[0]?.full === true) {
      // "mean radius": the aggregate and the column mean_radius.
      items.push({ t: 'cue', start: i, end: i, text: token.text, cue: cue.phrase.cue, implied: true });
    }
    const entityWins = entity !== null && (entityLen > cueLen || (entityLen === cueLen && entity.t === 'col' && entity.cands[0]?.via === 'exact' && entity.cands[0].full && !STRUCTURAL.has(cue?.phrase.cue.tag ?? '')));
    if (entity !== null && entityWins) {
      items.push(entity);
      noteEntityCorrections(entity, corrections);
      i = entity.end;
      continue;
    }
    if (cue !== null) {
      items.push({ t: 'cue', start: i, end: i + cue.len, text: spanText(tokens, i, i + cue.len), cue: cue.phrase.cue });
      for (let k = i; k < i + cue.len; k++) {
        const c = cueCorrections.get(k);
        if (c !== undefined) corrections.push(c);
      }
      i += cue.len;
      continue;
    }
    items.push(plainItem(token, i));
    i++;
  }
  return { items, corrections };
}

/** Cue tags that always beat a same-length column name (they carry the sentence's structure). */
const STRUCTURAL = new Set(['group', 'how-many', 'top', 'cmp', 'with', 'where', 'show', 'not', 'except', 'from', 'between', 'predict', 'classify']);

function noteEntityCorrections(item: Item, corrections: Correction[]): void {
  if (item.t === 'col' && item.columns.length === 1) {
    const best = item.cands[0];
    if (best !== undefined && best.via !== 'exact') corrections.push({ typed: item.text, read: best.column });
  }
  if (item.t === 'cat' && item.cands.length === 1) {
    const best = item.cands[0];
    if (best !== undefined && best.via !== 'exact') corrections.push({ typed: item.text, read: best.value });
  }
}

function plainItem(token: Token, i: number): Item {
  const span = { start: i, end: i + 1, text: token.text };
  switch (token.kind) {
    case 'number':
      return { ...span, t: 'num', value: token.num ?? Number.NaN, ...(token.unit === undefined ? {} : { unit: token.unit }) };
    case 'date':
      return { ...span, t: 'date', value: token.norm };
    case 'ratio':
      return { ...span, t: 'ratio', parts: token.parts ?? [] };
    case 'op':
      return { ...span, t: 'op', op: token.op ?? 'eq' };
    case 'punct':
      return { ...span, t: 'punct', p: token.norm };
    case 'word':
    case 'quoted':
      return { ...span, t: 'word', norm: token.norm, sing: singular(token.norm), stop: STOPWORDS.has(token.norm), rowNoun: ROW_NOUNS.has(token.sing) };
  }
}
