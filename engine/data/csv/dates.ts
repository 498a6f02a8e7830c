/**
 * Date and date-time recognition for type inference. A column is a date column when every distinct value
 * parses in one family: ISO 8601 (`2024-08-30`, `2024-08-30T14:05:00Z`, `2024/08/30 14:05`), or day/month/year
 * forms (`30/08/2024`, `30.08.2024`, `08-30-2024`) when the column itself shows which number is the day (a
 * value above 12 in one position and never in the other; `.` always means day first). Values are stored
 * as milliseconds since the epoch, UTC; a time without a zone is read as UTC.
 */

const ISO = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DMY = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;

/** Parses every value as a date, or returns null when the values are not all dates of one family. */
export function parseDates(values: readonly string[]): Float64Array | null {
  const first = values[0];
  if (first === undefined) return null;
  if (ISO.test(first)) return parseAll(values, parseIso);
  const m = DMY.exec(first);
  if (m === null) return null;
  let firstAbove12 = false;
  let secondAbove12 = false;
  let dots = false;
  for (const v of values) {
    const p = DMY.exec(v);
    if (p === null) return null;
    if (Number(p[1]) > 12) firstAbove12 = true;
    if (Number(p[3]) > 12) secondAbove12 = true;
    if (p[2] === '.') dots = true;
  }
  if (firstAbove12 && secondAbove12) return null;
  let dayFirst: boolean;
  if (dots || firstAbove12) dayFirst = true;
  else if (secondAbove12) dayFirst = false;
  else return null; // every value reads both ways: ambiguous, so not guessed
  if (dots && secondAbove12) return null;
  return parseAll(values, (v) => parseDmy(v, dayFirst));
}

function parseAll(values: readonly string[], parse: (v: string) => number): Float64Array | null {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const t = parse(values[i] ?? '');
    if (Number.isNaN(t)) return null;
    out[i] = t;
  }
  return out;
}

function parseIso(v: string): number {
  const m = ISO.exec(v);
  if (m === null) return Number.NaN;
  const base = build(Number(m[1]), Number(m[3]), Number(m[4]), m[5], m[6], m[7], m[8]);
  const zone = m[9];
  if (zone === undefined || zone === 'Z') return base;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return base - sign * (hours * 60 + minutes) * 60_000;
}

function parseDmy(v: string, dayFirst: boolean): number {
  const m = DMY.exec(v);
  if (m === null) return Number.NaN;
  const a = Number(m[1]);
  const b = Number(m[3]);
  return build(Number(m[4]), dayFirst ? b : a, dayFirst ? a : b, m[5], m[6], m[7], m[8]);
}

function build(
  year: number,
  month: number,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN;
  const h = hour === undefined ? 0 : Number(hour);
  const mi = minute === undefined ? 0 : Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (h > 23 || mi > 59 || s > 59) return Number.NaN;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  // Date.UTC maps years 0–99 to 1900–1999, so such years are shifted by one 400-year cycle (146,097 days).
  if (year < 100) return Date.UTC(year + 400, month - 1, day, h, mi, s, ms) - 146_097 * 86_400_000;
  return Date.UTC(year, month - 1, day, h, mi, s, ms);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
