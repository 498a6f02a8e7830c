/**
 * Looks at the first bytes of a file: byte-order marks, UTF-16 without a BOM, binary content, and the
 * field delimiter.
 */
import { MwError } from '../../errors';

/** How many bytes to look at before deciding the encoding and the delimiter. */
export const SNIFF_BYTES = 64 * 1024;

export type Delimiter = ',' | ';' | '\t' | '|';
const candidates: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Throws MW_CSV_UTF16 or MW_CSV_BINARY; returns how many bytes of UTF-8 BOM to skip. */
export function checkEncoding(sample: Uint8Array): number {
  const b0 = sample[0];
  const b1 = sample[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new MwError('MW_CSV_UTF16', { message: 'The file is UTF-16 encoded (it starts with a UTF-16 byte-order mark).' });
  }
  const bom = b0 === 0xef && b1 === 0xbb && sample[2] === 0xbf ? 3 : 0;
  let zerosEven = 0;
  let zerosOdd = 0;
  let control = 0;
  for (let i = bom; i < sample.length; i++) {
    const c = sample[i] ?? 0;
    if (c >= 32) continue;
    if (c === 0) {
      if ((i & 1) === 0) zerosEven++;
      else zerosOdd++;
    } else if (c !== 9 && c !== 10 && c !== 13 && c !== 12) {
      control++;
    }
  }
  const pairs = (sample.length - bom) / 2;
  // ASCII text in UTF-16 has a zero in every other byte: at least a third of one parity and few of the other.
  const most = Math.max(zerosEven, zerosOdd);
  const least = Math.min(zerosEven, zerosOdd);
  if (pairs >= 2 && most >= pairs / 3 && least <= most / 10) {
    throw new MwError('MW_CSV_UTF16', { message: 'The file looks UTF-16 encoded (every other byte is zero).' });
  }
  if (zerosEven + zerosOdd > 0 || control > Math.max(0, (sample.length - bom) / 100)) {
    throw new MwError('MW_CSV_BINARY', {
      message: `The file looks binary, not like text: its first ${sample.length} bytes hold ${zerosEven + zerosOdd} zero bytes and ${control} other control characters.`,
    });
  }
  return bom;
}

/**
 * Picks the delimiter that splits the first lines into the same number (> 1) of fields most
 * consistently; ties go to the order `,` `;` tab `|`. A file none of them splits is one column (`,`).
 * Quoted text is skipped, so delimiters inside quotes do not count.
 */
export function detectDelimiter(sample: Uint8Array, complete: boolean): Delimiter {
  const lines = countFieldsPerLine(sample, complete, 50);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const [k, d] of candidates.entries()) {
    const counts = lines.map((l) => l[k] ?? 1);
    const header = counts[0];
    if (header === undefined || header < 2) continue;
    const score = counts.filter((c) => c === header).length / counts.length;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** For each non-blank line of the sample: the field count under each candidate delimiter. */
function countFieldsPerLine(sample: Uint8Array, complete: boolean, maxLines: number): number[][] {
  const codes = candidates.map((d) => d.charCodeAt(0));
  const lines: number[][] = [];
  let counts = codes.map(() => 1);
  let inQuotes = false;
  let blank = true;
  for (let i = 0; i < sample.length && lines.length < maxLines; i++) {
    const c = sample[i] ?? 0;
    if (c === 34) {
      inQuotes = !inQuotes;
      blank = false;
    } else if (inQuotes) {
      continue;
    } else if (c === 10 || c === 13) {
      if (!blank) lines.push(counts);
      counts = codes.map(() => 1);
      blank = true;
    } else {
      blank = false;
      const k = codes.indexOf(c);
      if (k >= 0) counts[k] = (counts[k] ?? 1) + 1;
    }
  }
  // The last line counts only when the sample is the whole file (otherwise it may be cut short).
  if (!blank && (complete || lines.length === 0) && lines.length < maxLines) lines.push(counts);
  return lines;
}
