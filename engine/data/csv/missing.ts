/**
 * Missing-value tokens, for unquoted fields: empty or blank, NA, N/A, n/a, null, NULL, NaN, nan, ?, #N/A,
 * <NA>. (A quoted field is missing only when empty: quoting keeps "NA" as text.)
 */
export function isMissingToken(buf: Uint8Array, start: number, end: number): boolean {
  let s = start;
  let e = end;
  while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
  while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
  const n = e - s;
  if (n === 0) return true;
  if (n > 4) return false;
  const a = buf[s] ?? 0;
  const b = buf[s + 1] ?? 0;
  const c = buf[s + 2] ?? 0;
  const d = buf[s + 3] ?? 0;
  switch (n) {
    case 1:
      return a === 63; // ?
    case 2:
      return a === 78 && b === 65; // NA
    case 3:
      // N/A NaN n/a nan
      return (
        (a === 78 && b === 47 && c === 65) ||
        (a === 78 && b === 97 && c === 78) ||
        (a === 110 && b === 47 && c === 97) ||
        (a === 110 && b === 97 && c === 110)
      );
    case 4:
      // null NULL #N/A <NA>
      return (
        (a === 110 && b === 117 && c === 108 && d === 108) ||
        (a === 78 && b === 85 && c === 76 && d === 76) ||
        (a === 35 && b === 78 && c === 47 && d === 65) ||
        (a === 60 && b === 78 && c === 65 && d === 62)
      );
    default:
      return false;
  }
}
