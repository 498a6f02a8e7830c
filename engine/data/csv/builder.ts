/**
 * Accumulates one column while the file streams by. A column starts numeric (values kept as float64,
 * NaN = missing) and switches to dictionary-encoded text the first time a field is neither a number nor
 * a missing token; the numbers seen before are then turned back into their text (exactly, when the
 * formats seen allow it: see `numberText`). Type inference proper happens at the end, in `infer.ts`.
 */
import { ByteDictionary } from './dictionary';
import { isMissingToken } from './missing';
import { FLOAT_SYNTAX, NOT_PLAIN, NumberReader, TRAILING_ZERO, UNSAFE_INTEGER, formatOf, numberText } from './number';

/** Field flags set by the tokenizer. */
export const QUOTED = 1;

const reader = new NumberReader();
const encoder = new TextEncoder();

export type BuilderMode = 'numeric' | 'text';

/**
 * One column. Values are written at the row index the tokenizer gives (`add(…, row)`), so a row can be
 * written speculatively and simply overwritten when it turns out bad; the tokenizer owns the row count
 * and the common capacity of all columns (`ensureCapacity`).
 */
export class ColumnBuilder {
  mode: BuilderMode;
  /** Numeric mode: the values, NaN where missing. */
  values: Float64Array;
  /** Text mode: dictionary codes, -1 where missing. */
  codes: Int32Array;
  dict: ByteDictionary | null = null;
  /** OR of the number flags of every number seen (see number.ts). */
  numberFlags = 0;
  minFraction = Number.POSITIVE_INFINITY;
  maxFraction = 0;
  /** The last number format noted (see `formatOf`), to skip the bookkeeping when it repeats. */
  lastFormat = -1;
  /** Numbers turned back into text could not be rebuilt exactly (a warning is due). */
  reformatted = false;
  /** Numeric mode forced by the user: fields that are not numbers become missing and are counted. */
  readonly strictNumeric: boolean;
  badValues = 0;
  firstBadRow = -1;
  /** Numeric mode: whether any value was missing (the tokenizer's fast path never writes one). */
  anyMissing = false;

  constructor(mode: BuilderMode, strictNumeric: boolean, capacity: number) {
    this.mode = mode;
    this.strictNumeric = strictNumeric;
    this.values = mode === 'numeric' ? new Float64Array(capacity) : new Float64Array(0);
    this.codes = mode === 'text' ? new Int32Array(capacity) : new Int32Array(0);
    if (mode === 'text') this.dict = new ByteDictionary();
  }

  /** Grows the storage to `capacity` rows, keeping the first `rows`. */
  ensureCapacity(capacity: number, rows: number): void {
    if (this.mode === 'numeric') {
      if (this.values.length >= capacity) return;
      const next = new Float64Array(capacity);
      next.set(this.values.subarray(0, rows));
      this.values = next;
    } else {
      if (this.codes.length >= capacity) return;
      const next = new Int32Array(capacity);
      next.set(this.codes.subarray(0, rows));
      this.codes = next;
    }
  }

  /** Records a number format (see `formatOf`) for type inference and for rebuilding the numbers' text. */
  noteFormat(format: number): void {
    this.lastFormat = format;
    const flags = format >> 8;
    this.numberFlags |= flags;
    const fraction = (flags & FLOAT_SYNTAX) !== 0 ? format & 0xff : 0;
    if (fraction < this.minFraction) this.minFraction = fraction;
    if (fraction > this.maxFraction) this.maxFraction = fraction;
  }

  /** Sets row `row` from `buf[start, end)` with the tokenizer's flags (quoted fields arrive without their quotes). */
  add(buf: Uint8Array, start: number, end: number, flags: number, row: number): void {
    if (this.mode === 'numeric') {
      const v = start === end ? Number.NaN : reader.read(buf, start, end);
      if (v === v) {
        this.values[row] = v;
        const format = formatOf(Math.min(reader.fraction, 0xff), reader.flags);
        if (format !== this.lastFormat) this.noteFormat(format);
        return;
      }
      if (start === end || isMissing(buf, start, end, flags)) {
        this.values[row] = Number.NaN;
        this.anyMissing = true;
        return;
      }
      if (this.strictNumeric) {
        this.values[row] = Number.NaN;
        this.anyMissing = true;
        this.badValues++;
        if (this.firstBadRow < 0) this.firstBadRow = row;
        return;
      }
      this.toText(row);
    }
    const dict = this.dict;
    this.codes[row] = dict === null || isMissing(buf, start, end, flags) ? -1 : dict.add(buf, start, end);
  }

  /** Whether the numbers seen so far are all whole and written without a point or exponent. */
  get integerSyntax(): boolean {
    return (this.numberFlags & (FLOAT_SYNTAX | UNSAFE_INTEGER)) === 0;
  }

  /** The fraction digits to rebuild numbers with (0: shortest form), or -1 when they cannot be rebuilt exactly. */
  private rebuildFraction(): number {
    if ((this.numberFlags & NOT_PLAIN) !== 0) return -1;
    if ((this.numberFlags & TRAILING_ZERO) === 0) return 0;
    return this.minFraction === this.maxFraction ? this.maxFraction : -1;
  }

  /** Switches to text mode, turning the numbers of the first `rows` rows back into text. */
  toText(rows: number): void {
    if (this.mode === 'text') return;
    const fraction = this.rebuildFraction();
    if (fraction < 0) this.reformatted = true;
    const dict = new ByteDictionary();
    const codes = new Int32Array(this.values.length);
    const seen = new Map<number, number>();
    for (let i = 0; i < rows; i++) {
      const v = this.values[i] as number;
      if (v !== v) {
        codes[i] = -1;
        continue;
      }
      let code = seen.get(v);
      if (code === undefined || Object.is(v, -0)) {
        const text = numberText(v, Math.max(0, fraction));
        if (text.includes('e')) this.reformatted = true;
        const bytes = encoder.encode(text);
        code = dict.add(bytes, 0, bytes.length);
        if (!Object.is(v, -0)) seen.set(v, code);
      }
      codes[i] = code;
    }
    this.mode = 'text';
    this.dict = dict;
    this.codes = codes;
    this.values = new Float64Array(0);
  }
}

/** Whether a field is missing: an unquoted missing token (see missing.ts), or an empty quoted field. */
export function isMissing(buf: Uint8Array, start: number, end: number, flags: number): boolean {
  return (flags & QUOTED) !== 0 ? start === end : isMissingToken(buf, start, end);
}
