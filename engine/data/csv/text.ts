/** Byte → string helpers for the dictionary values and header names. */

const utf8 = new TextDecoder('utf-8');
const windows1252 = new TextDecoder('windows-1252');

/** Strict UTF-8 validity (no overlong forms, no surrogates, nothing above U+10FFFF), as a fatal TextDecoder. */
export function isUtf8(b: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return false;
    if (i + need >= end) return false;
    const second = b[i + 1] ?? 0;
    if (second < lo || second > hi) return false;
    for (let k = 2; k <= need; k++) {
      const x = b[i + k] ?? 0;
      if (x < 0x80 || x > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

function isAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if ((b[i] ?? 0) >= 0x80) return false;
  return true;
}

/** Short ASCII values are turned into strings without a TextDecoder call (much cheaper per value). */
function ascii(b: Uint8Array): string {
  if (b.length > 64) return utf8.decode(b);
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}

export function decodeUtf8(b: Uint8Array): string {
  return isAscii(b) ? ascii(b) : utf8.decode(b);
}

export function decodeLatin1(b: Uint8Array): string {
  return isAscii(b) ? ascii(b) : windows1252.decode(b);
}
