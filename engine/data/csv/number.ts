/**
 * Reads a decimal number straight from bytes, without creating a string (the common all-numeric path).
 * Digits are gathered into an exact integer mantissa; when it has at most 15 significant digits and the
 * power of ten is at most 22, `mantissa × 10^k` is one correctly rounded operation on exact doubles
 * (Clinger's fast path), so the result equals `Number(text)`. Longer numbers fall back to `Number`.
 */

/** The token used a decimal point or an exponent (so the column is float even if values are whole). */
export const FLOAT_SYNTAX = 1;
/** The token's text cannot be rebuilt from its value: sign `+`, leading zeros, exponent, `.5`, `5.`, > 15 digits. */
export const NOT_PLAIN = 2;
/** The token has zeros at the end of its fraction (`2474.0`, `1.50`): rebuilt with `toFixed(fraction)`. */
export const TRAILING_ZERO = 4;
/** A whole number too large to be exact in a double (beyond 2^53): the column cannot be integer. */
export const UNSAFE_INTEGER = 8;

/**
 * A number's format, as the column builder tracks it: fraction digits in the low byte, flags above.
 * Fields of one column usually share one format, so the builder compares it with the last one seen.
 */
export function formatOf(fraction: number, flags: number): number {
  return fraction | (flags << 8);
}

/** Exact powers of ten 10^0 … 10^22 (the largest exactly representable in a double). */
export const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;

const SPACE = 32;
const TAB = 9;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const ZERO = 48;

export class NumberReader {
  /** Bit set of FLOAT_SYNTAX, NOT_PLAIN and TRAILING_ZERO for the last number read. */
  flags = 0;
  /** Digits after the decimal point in the last number read. */
  fraction = 0;

  /** The number in `buf[start, end)` (spaces and tabs around it allowed), or NaN when it is not a number. */
  read(buf: Uint8Array, start: number, end: number): number {
    let s = start;
    let e = end;
    while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    if (s === e) return Number.NaN;
    let i = s;
    let flags = 0;
    let negative = false;
    const c = buf[i] ?? 0;
    if (c === MINUS) {
      negative = true;
      i++;
    } else if (c === PLUS) {
      flags |= NOT_PLAIN;
      i++;
    }
    let mantissa = 0;
    let significant = 0;
    let exponent = 0;
    const intStart = i;
    while (i < e) {
      const d = (buf[i] ?? 0) - ZERO;
      if (d < 0 || d > 9) break;
      if (significant > 0 || d !== 0) {
        if (significant < 15) mantissa = mantissa * 10 + d;
        else exponent++;
        significant++;
      }
      i++;
    }
    const intDigits = i - intStart;
    if (intDigits > 1 && buf[intStart] === ZERO) flags |= NOT_PLAIN;
    let fraction = 0;
    if (i < e && buf[i] === DOT) {
      flags |= FLOAT_SYNTAX;
      i++;
      const fracStart = i;
      while (i < e) {
        const d = (buf[i] ?? 0) - ZERO;
        if (d < 0 || d > 9) break;
        if (significant > 0 || d !== 0) {
          if (significant < 15) {
            mantissa = mantissa * 10 + d;
            exponent--;
          }
          significant++;
        } else {
          exponent--;
        }
        i++;
      }
      fraction = i - fracStart;
      if (fraction === 0 || intDigits === 0) flags |= NOT_PLAIN;
      else if (buf[i - 1] === ZERO) flags |= TRAILING_ZERO;
    }
    if (intDigits === 0 && fraction === 0) return Number.NaN;
    if (i < e && ((buf[i] ?? 0) | 32) === 101) {
      // exponent: e or E, optional sign, at least one digit
      flags |= FLOAT_SYNTAX | NOT_PLAIN;
      i++;
      let expNegative = false;
      if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) {
        expNegative = buf[i] === MINUS;
        i++;
      }
      const expStart = i;
      let value = 0;
      while (i < e) {
        const d = (buf[i] ?? 0) - ZERO;
        if (d < 0 || d > 9) break;
        if (value < 100000) value = value * 10 + d;
        i++;
      }
      if (i === expStart) return Number.NaN;
      exponent += expNegative ? -value : value;
    }
    if (i !== e) return Number.NaN;
    this.flags = significant > 15 ? flags | NOT_PLAIN : flags;
    this.fraction = fraction;
    let v: number;
    if (significant <= 15 && exponent >= -22 && exponent <= 22) {
      v = exponent < 0 ? mantissa / (POW10[-exponent] ?? 1) : mantissa * (POW10[exponent] ?? 1);
      return negative ? -v : v;
    }
    if (significant === 0) return negative ? -0 : 0;
    // Rare: more than 15 digits or a large exponent. The syntax is checked, so Number() agrees with it.
    let text = '';
    for (let k = s; k < e; k++) text += String.fromCharCode(buf[k] ?? 0);
    const slow = Number(text);
    if (!Number.isFinite(slow)) return Number.NaN;
    if (Math.abs(slow) > Number.MAX_SAFE_INTEGER) this.flags |= UNSAFE_INTEGER;
    return slow;
  }
}

/**
 * The text of a number as the file most likely wrote it, given the formats seen in its column:
 * exact unless the column had non-plain tokens (then the caller warns).
 */
export function numberText(v: number, fixedFraction: number): string {
  if (Object.is(v, -0)) return fixedFraction > 0 ? `-${(0).toFixed(fixedFraction)}` : '-0';
  return fixedFraction > 0 ? v.toFixed(fixedFraction) : String(v);
}
