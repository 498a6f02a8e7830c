/**
 * Matching words of a question to the project's column names and category values: case-insensitive,
 * in any word order, singular or plural, underscores or spaces, with typos (bounded edit distance) and a
 * small synonym list. A match that fits several columns equally well is reported as ambiguous, never
 * silently resolved.
 */
import type { QueryColumn, QueryContext } from './intent';
import { COMMON_VALUES, CONCEPTS, ROW_NOUNS, STOPWORDS, UNIT_WORDS, WEAK_SYNONYMS } from './lexicon';
import { editDistance, nameWords, nearlyEquals, singular, typoAllowance, type Token } from './text';

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
  /** Column word → indices of the columns whose names have it. */
  readonly columnsByWord: ReadonlyMap<string, readonly number[]>;
  /** Distinct column words by length, for typo look-ups near a word's length. */
  readonly columnWordsByLength: ReadonlyMap<number, readonly string[]>;
  /** Whole names (words, core words, compact forms) → column indices. */
  readonly columnsByKey: ReadonlyMap<string, readonly number[]>;
  /** Concept → column words that carry it. */
  readonly conceptWords: ReadonlyMap<string, readonly string[]>;
  readonly singleCategoriesByLength: ReadonlyMap<number, readonly IndexedCategory[]>;
  /** Per-word results, so a long question or a wide table stays fast. Bounded in size. */
  readonly cache: { readonly hits: Map<string, readonly WordHit[]>; readonly nearCategories: Map<string, readonly IndexedCategory[]>; readonly nearCompacts: Map<string, readonly number[]> };
}

/** A column word a typed word can stand for, and how well. */
export interface WordHit {
  readonly word: string;
  readonly quality: number;
  readonly via: MatchVia;
  readonly weak: boolean;
}

const CACHE_LIMIT = 20_000;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
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
  const columnsByWord = new Map<string, number[]>();
  const columnWordsByLength = new Map<number, string[]>();
  const columnsByKey = new Map<string, number[]>();
  const conceptWords = new Map<string, string[]>();
  columns.forEach((c, i) => {
    for (const w of new Set(c.words)) {
      if (!columnsByWord.has(w)) {
        push(columnWordsByLength, w.length, w);
        for (const concept of conceptOf.get(w) ?? []) push(conceptWords, concept, w);
      }
      push(columnsByWord, w, i);
    }
    for (const key of new Set([c.words.join(' '), c.core.join(' '), c.compact, compactOf(c.core)])) push(columnsByKey, key, i);
  });
  const singleCategoriesByLength = new Map<number, IndexedCategory[]>();
  for (const c of singleWordCategories) if (!COMMON_VALUES.has(c.key)) push(singleCategoriesByLength, c.key.length, c);
  return {
    columns,
    byName: new Map(columns.map((c) => [c.name, c])),
    categoriesByKey,
    singleWordCategories,
    dataWords,
    wordColumns,
    conceptOf,
    columnsByWord,
    columnWordsByLength,
    columnsByKey,
    conceptWords,
    singleCategoriesByLength,
    cache: { hits: new Map(), nearCategories: new Map(), nearCompacts: new Map() },
  };
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= CACHE_LIMIT) map.clear();
  map.set(key, value);
  return value;
}

/** The column words a typed word can stand for: itself, a typo of one, or a synonym. */
function wordHits(q: string, index: ColumnIndex): readonly WordHit[] {
  const cached = index.cache.hits.get(q);
  if (cached !== undefined) return cached;
  const hits = new Map<string, WordHit>();
  if (index.columnsByWord.has(q)) hits.set(q, { word: q, quality: 1, via: 'exact', weak: false });
  if (!index.dataWords.has(q)) {
    const allowance = typoAllowance(q.length);
    for (let len = q.length - allowance; len <= q.length + allowance && allowance > 0; len++) {
      for (const w of index.columnWordsByLength.get(len) ?? []) if (!hits.has(w) && nearlyEquals(q, w)) hits.set(w, { word: w, quality: 0.8, via: 'typo', weak: false });
    }
  }
  for (const concept of index.conceptOf.get(q) ?? []) {
    for (const w of index.conceptWords.get(concept) ?? []) if (!hits.has(w)) hits.set(w, { word: w, quality: 0.6, via: 'synonym', weak: WEAK_SYNONYMS.has(q) });
  }
  return remember(index.cache.hits, q, [...hits.values()]);
}

/** Columns whose compact name is a typo of a long single word ("sepallenght"). */
function nearCompacts(compact: string, index: ColumnIndex): readonly number[] {
  const cached = index.cache.nearCompacts.get(compact);
  if (cached !== undefined) return cached;
  const out: number[] = [];
  index.columns.forEach((c, i) => {
    if (Math.abs(c.compact.length - compact.length) <= 2 && nearlyEquals(compact, c.compact)) out.push(i);
  });
  return remember(index.cache.nearCompacts, compact, out);
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

/** The columns a span of tokens could name, best first; several equal bests mean "ambiguous". */
export function matchColumns(tokens: readonly Token[], index: ColumnIndex): ColumnCandidate[] {
  const words = spanWords(tokens);
  if (words === null) return [];
  const key = words.join(' ');
  const compact = compactOf(words);
  const found = new Map<number, ColumnCandidate>();
  for (const i of [...(index.columnsByKey.get(key) ?? []), ...(index.columnsByKey.get(compact) ?? [])]) {
    const c = index.columns[i];
    if (c !== undefined) found.set(i, { column: c.name, full: true, score: 3 + words.length, via: 'exact', weak: false });
  }
  const phraseConcepts = words.length > 1 ? index.conceptOf.get(key) : undefined;
  if (phraseConcepts !== undefined) {
    // A synonym phrase ("square feet", "blood pressure") names the columns of its group, as one word.
    index.columns.forEach((c, i) => {
      if (!found.has(i) && phraseConcepts.some((pc) => c.concepts.has(pc))) found.set(i, { column: c.name, full: true, score: 1.6, via: 'synonym', weak: false });
    });
    return sorted(found);
  }
  if (words.length === 1 && compact.length >= 6 && !index.dataWords.has(compact)) {
    for (const i of nearCompacts(compact, index)) {
      const c = index.columns[i];
      if (c !== undefined && !found.has(i)) found.set(i, { column: c.name, full: true, score: 2.5, via: 'typo', weak: false });
    }
  }
  // Bag of words: every typed word must match a different word of the name.
  const hits = words.map((q) => wordHits(q, index));
  if (hits.some((h) => h.length === 0)) return sorted(found);
  let candidates: Set<number> | null = null;
  for (const list of hits) {
    const here = new Set<number>();
    for (const h of list) for (const i of index.columnsByWord.get(h.word) ?? []) if (candidates === null || candidates.has(i)) here.add(i);
    candidates = here;
    if (candidates.size === 0) return sorted(found);
  }
  for (const i of candidates ?? []) {
    const c = index.columns[i];
    if (c === undefined || found.has(i)) continue;
    const candidate = bagMatch(c, words, hits, index);
    if (candidate !== null) found.set(i, candidate);
  }
  return sorted(found);
}

function sorted(found: Map<number, ColumnCandidate>): ColumnCandidate[] {
  return [...found.entries()].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).map(([, c]) => c);
}

function bagMatch(c: IndexedColumn, words: readonly string[], hits: readonly (readonly WordHit[])[], index: ColumnIndex): ColumnCandidate | null {
  const used = new Set<number>();
  let total = 0;
  let via: MatchVia = 'exact';
  let weak = false;
  for (let k = 0; k < words.length; k++) {
    let best = -1;
    let found: WordHit | null = null;
    for (let i = 0; i < c.words.length; i++) {
      if (used.has(i)) continue;
      const h = hits[k]?.find((x) => x.word === c.words[i]);
      if (h !== undefined && (found === null || h.quality > found.quality)) {
        found = h;
        best = i;
      }
    }
    if (found === null) return null;
    used.add(best);
    total += found.quality;
    if (found.via === 'synonym' || (found.via === 'typo' && via === 'exact')) via = found.via;
    if (found.weak) weak = true;
  }
  const coreMatched = c.core.filter((w) => c.words.some((cw, i) => used.has(i) && cw === w)).length;
  const full = coreMatched === c.core.length;
  if (!full) {
    const onlyWord = words.length === 1 ? (words[0] ?? '') : '';
    const distinctive = words.length === 1 && (index.wordColumns.get(onlyWord) ?? 0) === 1 && !ROW_NOUNS.has(onlyWord);
    if (coreMatched === 0 || (coreMatched / c.core.length < 0.5 && !distinctive)) return null;
    // A synonym names a column only if it stands for the column's main idea (e.g. "cost" → sale_price).
    if (via === 'synonym' && words.length === 1 && c.core.length > 2) return null;
  }
  return { column: c.name, full, score: total + (full ? 1 : 0) - (via === 'synonym' ? 0.5 : 0), via, weak };
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
  let near = index.cache.nearCategories.get(key);
  if (near === undefined) {
    const found: IndexedCategory[] = [];
    for (let len = key.length - 2; len <= key.length + 2; len++) for (const c of index.singleCategoriesByLength.get(len) ?? []) if (nearlyEquals(key, c.key)) found.push(c);
    near = remember(index.cache.nearCategories, key, found);
  }
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
