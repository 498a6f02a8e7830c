/**
 * Text primitives for the query parser: a tokeniser that understands numbers the way people type them
 * ("2,000", "$250k", "1.5 million", "70/30", "seventy"), dates, comparison signs and contractions,
 * plus singular forms and a bounded Damerau–Levenshtein distance for typos.
 * Nothing here evaluates the text: SQL or JavaScript pasted in is just more words and punctuation.
 */

export type TokenKind = 'word' | 'number' | 'date' | 'ratio' | 'op' | 'punct' | 'quoted';
export type ComparisonSign = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

export interface Token {
  readonly kind: TokenKind;
  /** The text as typed (numbers: the whole "$250k"). */
  readonly text: string;
  /** Lower-case form used for matching (numbers: their digits as typed, lower-cased). */
  readonly norm: string;
  /** Singular form of a word ("houses" → "house"); equals `norm` for other kinds. */
  readonly sing: string;
  readonly num?: number;
  /** Unit typed with a number: "$" → money, "%" → percent. */
  readonly unit?: 'money' | 'percent';
  readonly parts?: readonly number[];
  readonly op?: ComparisonSign;
  readonly start: number;
  readonly end: number;
}

const CONTRACTIONS = new Map<string, readonly string[]>(Object.entries({
  "won't": ['will', 'not'],
  "can't": ['can', 'not'],
  cannot: ['can', 'not'],
  "shan't": ['shall', 'not'],
  "what's": ['what', 'is'],
  whats: ['what', 'is'],
  hows: ['how', 'is'],
  thats: ['that', 'is'],
  "it's": ['it', 'is'],
  "that's": ['that', 'is'],
  "there's": ['there', 'is'],
  "where's": ['where', 'is'],
  "how's": ['how', 'is'],
  "who's": ['who', 'is'],
  "i'd": ['i', 'would'],
  "what'd": ['what', 'would'],
  "let's": ['let', 'us'],
}));

// Maps, not object literals: a typed word such as "constructor" must not find Object.prototype members.
const SMALL = new Map<string, number>(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}));
const SCALES = new Map<string, number>(Object.entries({ hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 }));
const SUFFIX_MULTIPLIERS = new Map<string, number>(Object.entries({ k: 1e3, m: 1e6, mn: 1e6, bn: 1e9, thousand: 1e3, million: 1e6, billion: 1e9 }));
/** "one" is a pronoun in these phrases, not a number. */
const ONE_AS_WORD_BEFORE = new Set(['hot', 'of']);
const ONE_AS_WORD_AFTER = new Set(['which', 'the', 'this', 'that', 'each', 'every', 'no', 'any', 'some']);

const OPS: readonly (readonly [string, ComparisonSign])[] = [
  ['>=', 'gte'], ['<=', 'lte'], ['!=', 'ne'], ['<>', 'ne'], ['==', 'eq'], ['≥', 'gte'], ['≤', 'lte'], ['≠', 'ne'],
  ['=', 'eq'], ['>', 'gt'], ['<', 'lt'],
];

/** Lower-cases, and turns a plural into its singular form ("cities" → "city", "boxes" → "box"). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (w === 'ids') return 'id';
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(w)) return w;
  if (/(xes|ches|shes|sses|zes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

/**
 * Optimal-string-alignment (restricted Damerau–Levenshtein) distance, stopping early once it must
 * exceed `max` (then returns max + 1). Transpositions ("pirce" → "price") count as one edit.
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m] ?? max + 1;
}

/** How many typos a word of this length may carry and still be recognised. */
export function typoAllowance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  return 2;
}

/** True when `typed` is `known` give or take the typos its length allows (both lower-case). */
export function nearlyEquals(typed: string, known: string): boolean {
  if (typed === known) return true;
  const allowance = Math.min(typoAllowance(typed.length), typoAllowance(known.length));
  if (allowance === 0) return false;
  // A typo rarely changes the first letter of a short word; this keeps "mean" from matching "bean".
  if (known.length <= 6 && typed[0] !== known[0]) return false;
  return editDistance(typed, known, allowance) <= allowance;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

interface RawToken {
  kind: TokenKind;
  text: string;
  norm: string;
  start: number;
  end: number;
  num?: number;
  unit?: 'money' | 'percent';
  parts?: number[];
  op?: ComparisonSign;
}

/** Scans a number at `i` ("$2,000.50", "250k", "1.5 million", "70%"); null when there is none. */
function scanNumber(text: string, i: number): RawToken | null {
  let j = i;
  let unit: 'money' | 'percent' | undefined;
  if (text[j] === '$' || text[j] === '€' || text[j] === '£') {
    unit = 'money';
    j++;
    while (text[j] === ' ') j++;
  }
  let negative = false;
  if (text[j] === '-' && isDigit(text[j + 1]) && unit === undefined) {
    negative = true;
    j++;
  }
  if (!isDigit(text[j]) && !(text[j] === '.' && isDigit(text[j + 1]))) return null;
  const digitsStart = j;
  const grouped = /^\d{1,3}(,\d{3})+(?!\d)/.exec(text.slice(j));
  if (grouped !== null) j += grouped[0].length;
  else while (isDigit(text[j])) j++;
  if (text[j] === '.' && isDigit(text[j + 1])) {
    j++;
    while (isDigit(text[j])) j++;
  }
  let value = Number(text.slice(digitsStart, j).replaceAll(',', ''));
  if (negative) value = -value;
  if (text[j] === '%') {
    unit = 'percent';
    j++;
  } else {
    // Multiplier suffix glued ("250k") or after one space ("1.5 million").
    const rest = /^( ?)([a-z]+)/i.exec(text.slice(j));
    if (rest !== null) {
      const word = (rest[2] ?? '').toLowerCase();
      const glued = rest[1] === '';
      const mult = SUFFIX_MULTIPLIERS.get(word);
      const wordLong = word.length > 2;
      if (mult !== undefined && (glued || wordLong) && !isWordChar(text[j + rest[0].length])) {
        value *= mult;
        j += rest[0].length;
      }
    }
  }
  const raw = text.slice(i, j);
  return { kind: 'number', text: raw, norm: raw.toLowerCase(), start: i, end: j, num: value, ...(unit === undefined ? {} : { unit }) };
}

/** Unicode compatibility form with straight quotes; token offsets refer to this text. */
export function normalizeText(input: string): string {
  return input.normalize('NFKC').replace(/[‘’`´]/g, "'").replace(/[“”]/g, '"');
}

const MONTHS: readonly string[] = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_YEAR = /^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?,?\s+([12]\d{3})(?![\w.,]*\d)/i;

/** Splits text into tokens. Never throws; any character it does not know becomes punctuation. */
export function tokenize(input: string): Token[] {
  const text = normalizeText(input);
  const raw: RawToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    // Underscores and hyphens inside words separate words ("age_years", "one-hot", "twenty-five").
    if (/\s/.test(ch) || ch === '_' || (ch === '-' && isWordChar(text[i - 1]) && isWordChar(text[i + 1]) && !isDigit(text[i + 1]))) {
      i++;
      continue;
    }
    // Quoted phrase: "Lakeside Park" is one value.
    if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      if (close > i + 1 && close - i < 200) {
        const inner = text.slice(i + 1, close);
        raw.push({ kind: 'quoted', text: inner, norm: inner.toLowerCase().replaceAll('_', ' ').trim(), start: i, end: close + 1 });
        i = close + 1;
        continue;
      }
      i++;
      continue;
    }
    const date = /^\d{4}-\d{2}-\d{2}(?![\d-])/.exec(text.slice(i, i + 11));
    if (date !== null && !isWordChar(text[i - 1])) {
      raw.push({ kind: 'date', text: date[0], norm: date[0], start: i, end: i + 10 });
      i += 10;
      continue;
    }
    // "March 2025", "mar 2025": a calendar month, kept as YYYY-MM (filters read it as that month's range).
    const month = isWordChar(text[i - 1]) ? null : MONTH_YEAR.exec(text.slice(i, i + 20));
    const monthNo = month === null ? -1 : MONTHS.indexOf((month[1] ?? '').toLowerCase().slice(0, 3));
    if (month !== null && monthNo >= 0) {
      const norm = `${month[2] ?? ''}-${String(monthNo + 1).padStart(2, '0')}`;
      raw.push({ kind: 'date', text: month[0], norm, start: i, end: i + month[0].length });
      i += month[0].length;
      continue;
    }
    const ratio = /^(\d{1,3}(?:\.\d+)?)\s*\/\s*(\d{1,3}(?:\.\d+)?)(?:\s*\/\s*(\d{1,3}(?:\.\d+)?))?(?![\d/])/.exec(text.slice(i, i + 40));
    if (ratio !== null && !isWordChar(text[i - 1])) {
      const parts = [ratio[1], ratio[2], ratio[3]].filter((p): p is string => p !== undefined).map(Number);
      raw.push({ kind: 'ratio', text: ratio[0], norm: ratio[0].replace(/\s/g, ''), start: i, end: i + ratio[0].length, parts });
      i += ratio[0].length;
      continue;
    }
    if (!isWordChar(text[i - 1]) || ch === '$' || ch === '€' || ch === '£') {
      const number = scanNumber(text, i);
      if (number !== null) {
        raw.push(number);
        i = number.end;
        continue;
      }
    }
    const op = OPS.find(([sign]) => text.startsWith(sign, i));
    if (op !== undefined) {
      raw.push({ kind: 'op', text: op[0], norm: op[0], start: i, end: i + op[0].length, op: op[1] });
      i += op[0].length;
      continue;
    }
    if (isWordChar(ch)) {
      let j = i;
      while (j < text.length && (isWordChar(text[j]) || (text[j] === "'" && isWordChar(text[j + 1])))) j++;
      raw.push({ kind: 'word', text: text.slice(i, j), norm: text.slice(i, j).toLowerCase(), start: i, end: j });
      i = j;
      continue;
    }
    raw.push({ kind: 'punct', text: ch, norm: ch, start: i, end: i + 1 });
    i++;
  }
  return mergeNumberWords(expandWords(raw)).map(finish);
}

/** Contractions ("isn't" → is not), possessives ("house's" → house) and glued units ("2000sqft"). */
function expandWords(tokens: RawToken[]): RawToken[] {
  const out: RawToken[] = [];
  for (const t of tokens) {
    if (t.kind !== 'word') {
      out.push(t);
      continue;
    }
    const known = CONTRACTIONS.get(t.norm);
    let words: readonly string[];
    if (known !== undefined) words = known;
    else if (t.norm.endsWith("n't")) words = [t.norm.slice(0, -3), 'not'];
    else if (t.norm.endsWith("'s")) words = [t.norm.slice(0, -2)];
    else if (t.norm.includes("'")) words = t.norm.split("'").filter((w) => w !== '');
    else {
      const glued = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(t.norm);
      if (glued !== null && SUFFIX_MULTIPLIERS.get(glued[2] ?? '') === undefined) {
        const digits = glued[1] ?? '';
        out.push({ kind: 'number', text: digits, norm: digits, start: t.start, end: t.start + digits.length, num: Number(digits) });
        out.push({ kind: 'word', text: t.text.slice(digits.length), norm: glued[2] ?? '', start: t.start + digits.length, end: t.end });
        continue;
      }
      words = [t.norm];
    }
    for (const w of words) out.push({ ...t, text: w === t.norm ? t.text : w, norm: w });
  }
  return out;
}

/** Number words: "seventy" → 70, "two hundred and fifty" → 250, "twenty-five" → 25, "1.5 million". */
function mergeNumberWords(tokens: RawToken[]): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t === undefined) break;
    const startsNumber = t.kind === 'word' && SMALL.get(t.norm) !== undefined;
    const scaleAfterNumber = t.kind === 'number' && tokens[i + 1]?.kind === 'word' && SCALES.get(tokens[i + 1]?.norm ?? '') !== undefined && t.unit !== 'percent';
    const aHundred = t.kind === 'word' && (t.norm === 'a' || t.norm === 'one') && SCALES.get(tokens[i + 1]?.norm ?? '') !== undefined;
    if (!startsNumber && !scaleAfterNumber && !aHundred) {
      out.push(t);
      i++;
      continue;
    }
    if (t.norm === 'one' && !aHundred) {
      const before = tokens[i - 1];
      const after = tokens[i + 1];
      const pronoun = (after !== undefined && ONE_AS_WORD_BEFORE.has(after.norm)) || (before !== undefined && ONE_AS_WORD_AFTER.has(before.norm)) || after === undefined;
      if (pronoun) {
        out.push(t);
        i++;
        continue;
      }
    }
    let total = 0;
    let current = 0;
    let j = i;
    let last = t;
    let sawAny = false;
    while (j < tokens.length) {
      const w = tokens[j];
      if (w === undefined) break;
      if (w.kind === 'number' && !sawAny) {
        current = w.num ?? 0;
      } else if (w.kind === 'word' && SMALL.get(w.norm) !== undefined) {
        const v = SMALL.get(w.norm) ?? 0;
        // "twenty five" adds; "five twenty" is two numbers.
        if (sawAny && current % 10 !== 0 && v < 100) break;
        if (sawAny && current !== 0 && current < 10 && v >= 10) break;
        current += v;
      } else if (w.kind === 'word' && (w.norm === 'a' || w.norm === 'one') && !sawAny) {
        current = 1;
      } else if (w.kind === 'word' && SCALES.get(w.norm) !== undefined && sawAny) {
        const scale = SCALES.get(w.norm) ?? 1;
        if (scale === 100) current = (current === 0 ? 1 : current) * 100;
        else {
          total += (current === 0 ? 1 : current) * scale;
          current = 0;
        }
      } else if (w.kind === 'word' && w.norm === 'and' && sawAny && SMALL.get(tokens[j + 1]?.norm ?? '') !== undefined && (current >= 100 || total >= 1000)) {
        // "two hundred and fifty"
      } else break;
      sawAny = true;
      last = w;
      j++;
    }
    const value = total + current;
    out.push({ kind: 'number', text: tokens.slice(i, j).map((x) => x.text).join(' '), norm: String(value), start: t.start, end: last.end, num: value, ...(t.unit === undefined ? {} : { unit: t.unit }) });
    i = j;
  }
  return out;
}

function finish(t: RawToken): Token {
  return {
    kind: t.kind,
    text: t.text,
    norm: t.norm,
    sing: t.kind === 'word' ? singular(t.norm) : t.norm,
    start: t.start,
    end: t.end,
    ...(t.num === undefined ? {} : { num: t.num }),
    ...(t.unit === undefined ? {} : { unit: t.unit }),
    ...(t.parts === undefined ? {} : { parts: t.parts }),
    ...(t.op === undefined ? {} : { op: t.op }),
  };
}

/** Splits a column name or category into words: "sepal_length_cm" → sepal, length, cm; "SalePrice" → sale, price. */
export function nameWords(name: string): string[] {
  const spaced = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.split(/[^\p{L}\p{N}.]+|(?<!\d)\.|\.(?!\d)/u).filter((w) => w !== '');
}

/** Formats a number for sentences: thousands separators, at most 4 significant decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 1 : abs >= 100 ? 2 : abs >= 1 ? 3 : 4;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
