/**
 * Matching words of a question to the project's column names and category values: case-insensitive,
 * in any word order, singular or plural, underscores or spaces, with typos (bounded edit distance) and a
 * small synonym list. A match that fits several columns equally well is reported as ambiguous, never
 * silently resolved.
 */
import type { QueryColumn, QueryContext } from './intent';
import { COMMON_VALUES, CONCEPTS, ROW_NOUNS, STOPWORDS, UNIT_WORDS, WEAK_SYNONYMS } from './lexicon';
import { editDistance, nameWords, nearlyEquals, singular, type Token } from './text';

export interface IndexedColumn {
  readonly col: QueryColumn;
  readonly name: string;
  /** Singular lower-case words of the name. */
  readonly words: readonly string[];
  /** Words without units ("sepal_length_cm" → sepal, length). */
  readonly core: readonly string[];
  readonly compact: string;
  readonly concepts: ReadonlySet<string>;
  readonly numeric: boolean;
  /** Boolean-like: a numeric boolean column or a categorical one whose values are yes/no-ish. */
  readonly booleanLike: boolean;
}

export interface IndexedCategory {
  readonly column: string;
  readonly value: string;
  readonly key: string;
  readonly compact: string;
  readonly single: boolean;
}

export interface ColumnIndex {
  readonly columns: readonly IndexedColumn[];
  readonly byName: ReadonlyMap<string, IndexedColumn>;
  readonly categoriesByKey: ReadonlyMap<string, readonly IndexedCategory[]>;
  readonly singleWordCategories: readonly IndexedCategory[];
  /** Every word of every column name and category: these are never read as typos of keywords. */
  readonly dataWords: ReadonlySet<string>;
  /** How many columns have each word (to tell a distinctive word from a shared one). */
  readonly wordColumns: ReadonlyMap<string, number>;
  readonly conceptOf: ReadonlyMap<string, readonly string[]>;
}

const NUMERIC_TYPES = new Set(['integer', 'float', 'boolean', 'datetime']);
const BOOLEAN_VALUES = new Set(['yes', 'no', 'y', 'n', 'true', 'false', 't', 'f', '0', '1']);

function compactOf(words: readonly string[]): string {
  return words.join('');
}

export function buildColumnIndex(context: QueryContext): ColumnIndex {
  const conceptOf = new Map<string, string[]>();
  for (const [concept, words] of Object.entries(CONCEPTS)) {
    for (const w of words) {
      const key = w.split(' ').map(singular).join(' ');
      conceptOf.set(key, [...(conceptOf.get(key) ?? []), concept]);
    }
  }
  const columns: IndexedColumn[] = [];
  const wordColumns = new Map<string, number>();
  const dataWords = new Set<string>();
  const categoriesByKey = new Map<string, IndexedCategory[]>();
  const singleWordCategories: IndexedCategory[] = [];
  for (const col of context.columns) {
    const words = nameWords(col.name).map(singular);
    const coreWords = words.filter((w) => !UNIT_WORDS.has(w));
    const core = coreWords.length > 0 ? coreWords : words;
    const concepts = new Set<string>();
    for (const w of words) for (const c of conceptOf.get(w) ?? []) concepts.add(c);
    const joined = words.join(' ');
    for (const c of conceptOf.get(joined) ?? []) concepts.add(c);
    const cats = col.categories ?? [];
    const booleanLike = col.type === 'boolean' || (cats.length > 0 && cats.length <= 2 && cats.every((c) => BOOLEAN_VALUES.has(c.toLowerCase())));
    columns.push({ col, name: col.name, words, core, compact: compactOf(words), concepts, numeric: NUMERIC_TYPES.has(col.type), booleanLike });
    for (const w of new Set(words)) {
      wordColumns.set(w, (wordColumns.get(w) ?? 0) + 1);
      dataWords.add(w);
    }
    for (const value of cats) {
      const vw = nameWords(value).map(singular);
      if (vw.length === 0) continue;
      const entry: IndexedCategory = { column: col.name, value, key: vw.join(' '), compact: compactOf(vw), single: vw.length === 1 };
      for (const k of new Set([entry.key, entry.compact])) categoriesByKey.set(k, [...(categoriesByKey.get(k) ?? []), entry]);
      if (entry.single && entry.key.length >= 4) singleWordCategories.push(entry);
      for (const w of vw) dataWords.add(w);
    }
  }
  return {
    columns,
    byName: new Map(columns.map((c) => [c.name, c])),
    categoriesByKey,
    singleWordCategories,
    dataWords,
    wordColumns,
    conceptOf,
  };
}

export type MatchVia = 'exact' | 'typo' | 'synonym';

export interface ColumnCandidate {
  readonly column: string;
  readonly full: boolean;
  readonly score: number;
  readonly via: MatchVia;
  readonly weak: boolean;
}

export interface CategoryCandidate {
  readonly column: string;
  readonly value: string;
  readonly via: MatchVia;
}

/** Singular content words of a span: interior "of"/"the" are dropped ("length of sepal"). */
function spanWords(tokens: readonly Token[]): string[] | null {
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) return null;
    if (t.kind !== 'word' && t.kind !== 'number' && t.kind !== 'quoted') return null;
    const inner = i > 0 && i < tokens.length - 1;
    if (t.kind === 'word' && (t.norm === 'of' || t.norm === 'the') && inner) continue;
    if (t.kind === 'word' && STOPWORDS.has(t.norm) && !inner && !WEAK_SYNONYMS.has(t.norm)) return null;
    words.push(t.kind === 'number' ? t.norm : t.sing);
  }
  return words.length === 0 ? null : words;
}

interface WordMatch {
  quality: number;
  via: MatchVia;
  weak: boolean;
}

function matchWord(q: string, w: string, index: ColumnIndex): WordMatch | null {
  if (q === w) return { quality: 1, via: 'exact', weak: false };
  if (!index.dataWords.has(q) && nearlyEquals(q, w)) return { quality: 0.8, via: 'typo', weak: false };
  const qc = index.conceptOf.get(q);
  const wc = index.conceptOf.get(w);
  if (qc !== undefined && wc !== undefined && qc.some((c) => wc.includes(c))) return { quality: 0.6, via: 'synonym', weak: WEAK_SYNONYMS.has(q) };
  return null;
}

/** The columns a span of tokens could name, best first; several equal bests mean "ambiguous". */
export function matchColumns(tokens: readonly Token[], index: ColumnIndex): ColumnCandidate[] {
  const words = spanWords(tokens);
  if (words === null) return [];
  const key = words.join(' ');
  const compact = compactOf(words);
  const out: ColumnCandidate[] = [];
  const phraseConcepts = words.length > 1 ? index.conceptOf.get(key) : undefined;
  for (const c of index.columns) {
    if (key === c.words.join(' ') || key === c.core.join(' ') || compact === c.compact || compact === compactOf(c.core)) {
      out.push({ column: c.name, full: true, score: 3 + words.length, via: 'exact', weak: false });
      continue;
    }
    if (phraseConcepts !== undefined) {
      if (phraseConcepts.some((pc) => c.concepts.has(pc))) out.push({ column: c.name, full: true, score: 1.6, via: 'synonym', weak: false });
      continue;
    }
    if (words.length === 1 && compact.length >= 6 && !index.dataWords.has(compact) && nearlyEquals(compact, c.compact)) {
      out.push({ column: c.name, full: true, score: 2.5, via: 'typo', weak: false });
      continue;
    }
    // Bag of words: every typed word must match a different word of the name.
    const used = new Set<number>();
    let total = 0;
    let via: MatchVia = 'exact';
    let weak = false;
    let ok = true;
    for (const q of words) {
      let best = -1;
      let found: WordMatch | null = null;
      for (let i = 0; i < c.words.length; i++) {
        if (used.has(i)) continue;
        const m = matchWord(q, c.words[i] ?? '', index);
        if (m !== null && (found === null || m.quality > found.quality)) {
          found = m;
          best = i;
        }
      }
      if (found === null) {
        ok = false;
        break;
      }
      used.add(best);
      total += found.quality;
      if (found.via === 'synonym' || (found.via === 'typo' && via === 'exact')) via = found.via;
      if (found.weak) weak = true;
    }
    if (!ok) continue;
    const coreMatched = c.core.filter((w) => c.words.some((cw, i) => used.has(i) && cw === w)).length;
    const full = coreMatched === c.core.length;
    if (!full) {
      const onlyWord = words.length === 1 ? words[0] ?? '' : '';
      const distinctive = words.length === 1 && (index.wordColumns.get(onlyWord) ?? 0) === 1 && !ROW_NOUNS.has(onlyWord);
      if (coreMatched === 0 || (coreMatched / c.core.length < 0.5 && !distinctive)) continue;
      if (via === 'synonym' && words.length === 1) {
        // A synonym names a column only if it stands for the column's main idea (e.g. "cost" → sale_price).
        if (c.core.length > 2) continue;
      }
    }
    out.push({ column: c.name, full, score: total + (full ? 1 : 0) - (via === 'synonym' ? 0.5 : 0), via, weak });
  }
  out.sort((a, b) => b.score - a.score);
  return out;
}

/** The category values a span could name ("lakeside" → city = Lakeside). */
export function matchCategories(tokens: readonly Token[], index: ColumnIndex, allowCommon: boolean): CategoryCandidate[] {
  if (tokens.some((t) => t.kind !== 'word' && t.kind !== 'number' && t.kind !== 'quoted')) return [];
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (first === undefined || last === undefined) return [];
  if (!allowCommon && (first.kind === 'word' && STOPWORDS.has(first.norm) && tokens.length > 1)) return [];
  if (tokens.every((t) => t.kind === 'number')) return [];
  const words = tokens.flatMap((t) => (t.kind === 'quoted' ? nameWords(t.norm).map(singular) : [t.kind === 'number' ? t.norm : t.sing]));
  const key = words.join(' ');
  if (!allowCommon && (COMMON_VALUES.has(key) || (tokens.length === 1 && STOPWORDS.has(first.norm)))) return [];
  const exact = index.categoriesByKey.get(key) ?? index.categoriesByKey.get(compactOf(words));
  if (exact !== undefined) return exact.map((c) => ({ column: c.column, value: c.value, via: 'exact' }));
  if (tokens.length !== 1 || first.kind !== 'word' || key.length < 5 || index.dataWords.has(key)) return [];
  const near = index.singleWordCategories.filter((c) => !COMMON_VALUES.has(c.key) && nearlyEquals(key, c.key));
  return near.map((c) => ({ column: c.column, value: c.value, via: 'typo' }));
}

/** Columns whose names carry a synonym group (for "most expensive" → price). */
export function columnsForConcept(concept: string, index: ColumnIndex): IndexedColumn[] {
  return index.columns.filter((c) => c.concepts.has(concept));
}

/** The column names closest to an unknown word, for "did you mean" suggestions. */
export function closestColumns(term: string, index: ColumnIndex, count = 3): string[] {
  const words = nameWords(term).map(singular);
  const scored = index.columns.map((c) => {
    let best = Number.POSITIVE_INFINITY;
    for (const q of words) {
      for (const w of [...c.words, c.compact]) {
        const d = editDistance(q, w, 8) / Math.max(q.length, w.length, 1);
        if (d < best) best = d;
        if (w.startsWith(q) || q.startsWith(w)) best = Math.min(best, 0.3);
      }
      const qc = index.conceptOf.get(q);
      if (qc !== undefined && qc.some((x) => c.concepts.has(x))) best = Math.min(best, 0.2);
    }
    return { name: c.name, d: best };
  });
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return scored.slice(0, count).map((s) => s.name);
}
