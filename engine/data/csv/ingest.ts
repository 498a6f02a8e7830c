/**
 * Drives a CSV read: collects the first bytes to check the encoding and detect the delimiter, then feeds
 * the stream through the tokenizer chunk by chunk, and finally infers the column types.
 */
import { MwError } from '../../errors';
import type { ErrorInfo } from '../../errors';
import { tableStats, warmUpStats } from '../stats';
import type { Column, Table } from '../table';
import type { CsvOptions, CsvResult } from './index';
import { finishColumn } from './infer';
import { CsvParser } from './parser';
import { SNIFF_BYTES, checkEncoding, detectDelimiter } from './sniff';
import { decodeLatin1, decodeUtf8, isUtf8 } from './text';

const DEFAULT_MAX_COLUMNS = 100_000;
const DEFAULT_MAX_FIELD_BYTES = 64 * 1024 * 1024;

/** Internal knobs, for tests: how many bytes to collect before detecting the encoding and delimiter. */
export interface IngestTuning {
  sniffBytes: number;
}

export async function ingestCsv(
  chunks: AsyncIterable<Uint8Array>,
  options: CsvOptions,
  tuning: IngestTuning = { sniffBytes: SNIFF_BYTES },
): Promise<CsvResult> {
  if (!warmedUp) {
    warmedUp = true;
    // Only speed depends on it: a failure here must never fail a real read.
    await warmUp().catch(() => undefined);
  }
  const signal = options.signal;
  // Room for a few chunks of a large file (fewer compactions), little for a small one.
  let buf = new Uint8Array(Math.min(4 << 20, Math.max(64 << 10, (options.expectedBytes ?? 1 << 20) + 1)));
  let length = 0;
  /** Start of the bytes not yet parsed (the first incomplete row). */
  let pos = 0;
  let total = 0;
  let parser: CsvParser | null = null;
  /** Scan again once this many unparsed bytes are buffered (doubles while one row stays incomplete). */
  let scanAt = 0;
  let delimiter = ',';

  const start = (complete: boolean): CsvParser => {
    const sample = buf.subarray(0, Math.min(length, tuning.sniffBytes));
    pos = checkEncoding(sample);
    delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(sample.subarray(pos), complete) : options.delimiter;
    return new CsvParser({
      delimiter,
      skipBadRows: options.skipBadRows ?? false,
      maxColumns: options.maxColumns ?? DEFAULT_MAX_COLUMNS,
      maxFieldBytes: options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
      typeOverrides: options.typeOverrides ?? {},
      initialRows: estimateRows(sample.subarray(pos), options.expectedBytes),
    });
  };

  for await (const chunk of chunks) {
    if (signal?.aborted === true) throw new MwError('MW_RUN_CANCELLED');
    total += chunk.length;
    options.onProgress?.(total);
    if (length + chunk.length > buf.length) {
      if (pos > 0) {
        buf.copyWithin(0, pos, length);
        length -= pos;
        pos = 0;
      }
      if (length + chunk.length > buf.length) {
        const next = new Uint8Array(Math.max(buf.length * 2, length + chunk.length));
        next.set(buf.subarray(0, length));
        buf = next;
      }
    }
    buf.set(chunk, length);
    length += chunk.length;
    if (parser === null) {
      if (length < tuning.sniffBytes) continue;
      parser = start(false);
    }
    if (length - pos < scanAt) continue;
    pos = parser.scan(buf.subarray(0, length), pos, length, false);
    scanAt = 2 * (length - pos);
  }
  if (signal?.aborted === true) throw new MwError('MW_RUN_CANCELLED');
  if (parser === null) {
    if (length === 0) throw new MwError('MW_CSV_EMPTY');
    parser = start(true);
  }
  parser.scan(buf.subarray(0, length), pos, length, true);
  return finish(parser, delimiter, options);
}

function finish(parser: CsvParser, delimiter: string, options: CsvOptions): CsvResult {
  const header = parser.headerBytes;
  if (header === null) throw new MwError('MW_CSV_EMPTY', { message: 'The CSV file is empty: it holds no header row.' });
  if (parser.rowCount === 0) {
    throw new MwError('MW_CSV_NO_ROWS', {
      message: `The CSV file has a header (${header.length} column${header.length === 1 ? '' : 's'}) but no data rows${parser.skipped > 0 ? ` that could be read (${parser.skipped} bad rows skipped)` : ''}.`,
    });
  }
  const warnings: ErrorInfo[] = [];
  // The encoding is decided over every distinct text value; one invalid UTF-8 sequence means the file is not UTF-8.
  let utf8 = header.every((b) => isUtf8(b, 0, b.length));
  for (const b of parser.builders) {
    if (!utf8) break;
    const dict = b.dict;
    if (dict === null) continue;
    for (let code = 0; code < dict.size && utf8; code++) {
      const bytes = dict.bytes(code);
      utf8 = isUtf8(bytes, 0, bytes.length);
    }
  }
  const decode = utf8 ? decodeUtf8 : decodeLatin1;
  if (!utf8) warnings.push(new MwError('MW_CSV_LATIN1').toInfo());
  const names = uniqueNames(header.map(decode), warnings);
  const overrides = options.typeOverrides ?? {};
  const columns: Column[] = parser.builders.map((b, i) => {
    const name = names[i] ?? '';
    const raw = parser.headerNames[i] ?? name;
    const override = Object.hasOwn(overrides, raw) ? overrides[raw] : undefined;
    return finishColumn(b, { name, rows: parser.rowCount, override, decode, warnings });
  });
  if (parser.skipped > 0) {
    warnings.push(
      new MwError('MW_CSV_SKIPPED_ROWS', {
        message: `${parser.skipped} bad row${parser.skipped === 1 ? ' was' : 's were'} skipped (first: row ${parser.skippedRows.join(', ')}; rows are numbered as in a spreadsheet, the header is row 1).`,
        details: { count: parser.skipped, rows: parser.skippedRows },
      }).toInfo(),
    );
  }
  const table: Table = { rowCount: parser.rowCount, columns, partition: null, recipe: [], sources: [] };
  return { table, warnings, skippedRows: parser.skipped, delimiter, encoding: utf8 ? 'utf-8' : 'latin-1' };
}

/** Empty names become `column_N` (1-based position); repeats get `_2`, `_3`… Renames are reported once. */
function uniqueNames(raw: readonly string[], warnings: ErrorInfo[]): string[] {
  const used = new Set<string>();
  const renamed: string[] = [];
  const names = raw.map((name, i) => {
    let base = name.trim() === '' ? `column_${i + 1}` : name;
    if (name.trim() === '') renamed.push(`column ${i + 1} (empty) → "${base}"`);
    if (!used.has(base)) {
      used.add(base);
      return base;
    }
    let k = 2;
    while (used.has(`${base}_${k}`)) k++;
    const unique = `${base}_${k}`;
    renamed.push(`column ${i + 1} "${name}" → "${unique}"`);
    base = unique;
    used.add(base);
    return base;
  });
  if (renamed.length > 0) {
    warnings.push(
      new MwError('MW_CSV_DUPLICATE_HEADER', {
        message: `Some header names were empty or repeated and were renamed: ${renamed.slice(0, 10).join('; ')}${renamed.length > 10 ? `; and ${renamed.length - 10} more` : ''}.`,
        details: { renamed: renamed.length },
      }).toInfo(),
    );
  }
  return names;
}

/** Rows to expect from the file size and the line length in the sample (10% spare), or 0 when unknown. */
function estimateRows(sample: Uint8Array, expectedBytes: number | undefined): number {
  if (expectedBytes === undefined || sample.length === 0) return 0;
  let lines = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 10) lines++;
  if (lines < 2) return 0;
  return Math.min(1 << 28, Math.ceil((expectedBytes / sample.length) * lines * 1.1));
}

let warmedUp = false;

/**
 * Runs every branch of the tokenizer and the statistics once, on a tiny input, before the first real
 * file. V8's optimizing compiler deoptimizes when optimized code reaches a branch it has no type feedback
 * for (a chunk boundary, a new number format, a quoted value…); without this the tokenizer was compiled
 * about eight times during a cold 1,000,000-row read, each compile taking 25–130 ms on a busy two-core
 * machine (measured with node --trace-opt --trace-deopt). This costs well under a millisecond, once per process.
 */
async function warmUp(): Promise<void> {
  const text =
    'n,f,t,q\r\n1,-2.50,abc,"x"\r\n\r\n3,.5,abc,"y ""z"""\n-4,1e3,NA,\n5,2.25,abc,"x"\n6,0.125,abc,"x"\r\n7,8,abc,"x"\r\n9,10.0,"abc",x\n';
  const bytes = new TextEncoder().encode(text);
  async function* pieces(size: number): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  for (const size of [5, 13, bytes.length]) {
    const { table } = await ingestCsv(pieces(size), {}, { sniffBytes: 8 });
    tableStats(table);
  }
  warmUpStats();
}
