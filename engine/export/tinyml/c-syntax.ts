/**
 * Writing user-supplied text into C99 source safely. Column and category names come from the user's data:
 * they may hold quotes, backslashes, `*\/`, newlines, NUL, any Unicode. They never become identifiers as
 * they are: struct fields get sanitised names, and the original text only appears escaped, inside string
 * literals or comments. ISO C99 (gcc -std=c99) replaces trigraphs (`??/` is a backslash) even inside
 * literals and comments, so `?` is escaped too.
 */

const C_KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float',
  'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static',
  'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while',
  // Lower-case names the standard headers may define as object-like macros (upper-case ones cannot clash:
  // field names are lower case).
  'errno', 'stdin', 'stdout', 'stderr', 'math_errhandling', 'bool', 'true', 'false', 'complex', 'imaginary',
]);

/** Longest field name emitted (C99 guarantees 63 significant characters for internal identifiers). */
const MAX_IDENTIFIER = 40;

/**
 * A lower-case C identifier for a column name: letters (accents dropped), digits and single underscores;
 * never a keyword, never starting with a digit or an underscore. Not unique: see `uniqueIdentifiers`.
 */
export function sanitizeIdentifier(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  let id = ascii.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (id === '') id = 'column';
  if (/^[0-9]/.test(id)) id = `c${id}`;
  id = id.slice(0, MAX_IDENTIFIER).replace(/_+$/, '');
  return C_KEYWORDS.has(id) ? `${id}_` : id;
}

/** Sanitised identifiers for a list of names, made unique with `_2`, `_3`, … suffixes. */
export function uniqueIdentifiers(names: readonly string[], reserved: Iterable<string> = []): string[] {
  const taken = new Set(reserved);
  return names.map((name) => {
    const base = sanitizeIdentifier(name);
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
    taken.add(id);
    return id;
  });
}

/** True when `text` is a C identifier this generator accepts as a name prefix. */
export function isCIdentifier(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(text) && !C_KEYWORDS.has(text);
}

const utf8 = new TextEncoder();

/**
 * A C string literal holding the UTF-8 bytes of `text`. Printable ASCII stays readable; `"`, `\` and `?` are
 * escaped; every other byte is a three-digit octal escape (octal escapes stop after three digits, unlike
 * hex escapes, so a following digit cannot be swallowed). A NUL in `text` ends the C string there.
 */
export function cString(text: string): string {
  let out = '"';
  for (const byte of utf8.encode(text)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x3f) out += '\\?';
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** UTF-8 bytes of a string: the order C's strcmp sorts in (unsigned bytes). */
export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** Sorts strings as strcmp orders their UTF-8 bytes (each string encoded once). */
export function sortUtf8(strings: readonly string[]): string[] {
  const keyed = strings.map((s) => ({ s, bytes: utf8.encode(s) }));
  keyed.sort((a, b) => compareBytes(a.bytes, b.bytes));
  return keyed.map((k) => k.s);
}

function compareBytes(x: Uint8Array, y: Uint8Array): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Orders strings as strcmp orders their UTF-8 bytes. */
export function compareUtf8(a: string, b: string): number {
  return compareBytes(utf8.encode(a), utf8.encode(b));
}

/**
 * Text that is safe inside a C block comment on one line: the name quoted JSON-style (control characters
 * and non-ASCII as \u escapes), with comment delimiters and trigraph starts broken up.
 */
export function commentText(text: string): string {
  const quoted = JSON.stringify(text).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return quoted.replace(/\/\*/g, '/\\*').replace(/\*\//g, '*\\/').replace(/\?\?/g, '?\\?');
}

/** A free-text line for a comment (not a name): the same escaping without the quotes. */
export function commentLine(text: string): string {
  return commentText(text).slice(1, -1);
}

/**
 * The shortest decimal C literal of type float that denotes exactly `Math.fround(value)` (GCC converts
 * literals with correct rounding straight to float). Infinities and NaN use the <math.h> macros.
 */
export function floatLiteral(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return 'NAN';
  if (f === Infinity) return 'INFINITY';
  if (f === -Infinity) return '-INFINITY';
  if (f === 0) return Object.is(f, -0) ? '-0.0f' : '0.0f';
  for (let digits = 1; digits <= 9; digits++) {
    const text = f.toPrecision(digits);
    if (Math.fround(Number(text)) === f) return `${withPoint(text)}f`;
  }
  return `${withPoint(f.toPrecision(9))}f`;
}

/** A C literal of type double denoting exactly `value` (JavaScript's shortest round-trip text). */
export function doubleLiteral(value: number): string {
  if (Number.isNaN(value)) return '((double)NAN)';
  if (value === Infinity) return '((double)INFINITY)';
  if (value === -Infinity) return '(-(double)INFINITY)';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  return withPoint(String(value));
}

/** Makes a JavaScript number text a C floating literal ("1" → "1.0", "1e+21" → "1.0e+21"). */
function withPoint(text: string): string {
  if (/[.]/.test(text)) return text;
  const e = text.indexOf('e');
  return e < 0 ? `${text}.0` : `${text.slice(0, e)}.0${text.slice(e)}`;
}

/** Integer literal for C (no suffix needed for values that fit in int). */
export function intLiteral(value: number): string {
  return String(Math.trunc(value));
}

/** Lines of a brace initializer, `perLine` items per line, indented. */
export function initializer(items: readonly string[], perLine: number, indent = '  '): string {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(`${indent}${items.slice(i, i + perLine).join(', ')}`);
  return `{\n${lines.join(',\n')}\n}`;
}

/** The narrowest standard integer type (from <stdint.h>) holding every value in [min, max]. */
export function intType(min: number, max: number): { readonly name: string; readonly bytes: number } {
  if (min >= -128 && max <= 127) return { name: 'int8_t', bytes: 1 };
  if (min >= 0 && max <= 255) return { name: 'uint8_t', bytes: 1 };
  if (min >= -32768 && max <= 32767) return { name: 'int16_t', bytes: 2 };
  if (min >= 0 && max <= 65535) return { name: 'uint16_t', bytes: 2 };
  return { name: 'int32_t', bytes: 4 };
}
