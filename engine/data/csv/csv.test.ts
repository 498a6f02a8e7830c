import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import type { ErrorCode } from '../../errors';
import { cellValue } from '../table';
import type { Column, Table } from '../table';
import { readCsv, readCsvText } from './index';
import type { CsvOptions } from './index';
import { ingestCsv } from './ingest';

const housesPath = fileURLToPath(new URL('../../../examples/houses.csv', import.meta.url));

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

function readBytes(bytes: Uint8Array, options: CsvOptions = {}, chunk = 1 << 20) {
  return readCsv(chunksOf(bytes, chunk), options);
}

const utf8 = (s: string) => new TextEncoder().encode(s);

async function codeOf(promise: Promise<unknown>): Promise<MwError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof MwError) return e;
    throw e;
  }
  throw new Error('expected an MwError');
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<MwError> {
  const e = await codeOf(promise);
  expect(e.code).toBe(code);
  return e;
}

function col(table: Table, name: string): Column {
  const c = table.columns.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no column ${name}`);
  return c;
}

/** The column's cells as the user reads them (null for missing). */
function cells(table: Table, name: string): (string | number | boolean | null)[] {
  const c = col(table, name);
  return Array.from({ length: table.rowCount }, (_, i) => cellValue(c, i));
}

describe('readCsv on houses.csv', () => {
  it('infers the types the issue names, streaming from the file', async () => {
    const { table, warnings, delimiter, encoding } = await readCsv(createReadStream(housesPath, { highWaterMark: 4096 }));
    expect(warnings).toEqual([]);
    expect(delimiter).toBe(',');
    expect(encoding).toBe('utf-8');
    expect(table.rowCount).toBe(2000);
    expect(table.partition).toBeNull();
    expect(table.recipe).toEqual([]);
    expect(table.sources).toEqual([]);
    const types = Object.fromEntries(table.columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      city: 'categorical',
      sqft: 'float',
      bedrooms: 'integer',
      age_years: 'float',
      garage: 'boolean',
      price: 'float',
      listed: 'datetime',
    });
    expect(table.columns.every((c) => c.role === 'feature')).toBe(true);
    expect(cells(table, 'sqft').filter((v) => v === null)).toHaveLength(60);
    expect(cells(table, 'listed')[0]).toBe('2025-11-27T00:00:00.000Z');
    expect(cells(table, 'garage').slice(0, 2)).toEqual([true, false]);
  });
});

describe('streaming', () => {
  it('gives the same table when fed one byte at a time', async () => {
    const text = 'a,b,c\r\n1,"x\r\ny",2.50\r\n-3,"q ""r""",NA\r\n\r\n4,plain,1e3\r\n';
    const bytes = utf8(text);
    const whole = await readBytes(bytes);
    const trickle = await ingestCsv(chunksOf(bytes, 1), {}, { sniffBytes: 1 });
    expect(trickle).toEqual(whole);
  });

  it('counts rows right when CR and LF arrive in different chunks', async () => {
    const bytes = utf8('a,b\r\n1,2\r\n\r\n3\r\n');
    const e = await expectCode(ingestCsv(chunksOf(bytes, 1), {}, { sniffBytes: 1 }), 'MW_CSV_RAGGED_ROW');
    expect(e.location.row).toBe(4);
  });
});

describe('delimiters, encodings and line endings', () => {
  it.each([',', ';', '\t', '|'] as const)('detects %j', async (d) => {
    const text = ['a', 'b', 'c'].join(d) + '\n' + ['1', 'x y', '2.5'].join(d) + '\n' + ['2', 'z', '3'].join(d) + '\n';
    const r = await readCsvText(text);
    expect(r.delimiter).toBe(d);
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(cells(r.table, 'c')).toEqual([2.5, 3]);
  });

  it('ignores delimiters inside quotes when detecting', async () => {
    const r = await readCsvText('name;note\n"a,b,c";"x,y"\n"d,e";"f"\n');
    expect(r.delimiter).toBe(';');
    expect(cells(r.table, 'name')).toEqual(['a,b,c', 'd,e']);
  });

  it('uses the delimiter it is given', async () => {
    const r = await readCsvText('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(r.table.columns.map((c) => c.name)).toEqual(['a;b', 'c']);
  });

  it('strips a UTF-8 byte-order mark', async () => {
    const r = await readBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id,x\n1,2\n')]));
    expect(r.table.columns[0]?.name).toBe('id');
  });

  it('reads CRLF, LF and CR line endings alike, with or without a final newline', async () => {
    const lines = ['a,b', '1,x', '2,"y\r\nz"', '3,w'];
    const results = await Promise.all(
      ['\r\n', '\n', '\r'].flatMap((eol) => [lines.join(eol), lines.join(eol) + eol]).map((t) => readCsvText(t)),
    );
    for (const r of results) {
      expect(cells(r.table, 'a')).toEqual([1, 2, 3]);
      expect(cells(r.table, 'b')).toEqual(['x', 'y\r\nz', 'w']);
    }
  });

  it('skips blank and whitespace-only lines, but counts them in row numbers', async () => {
    const r = await readCsvText('\n\na,b\n1,2\n\n  \n3,4\n\n');
    expect(r.table.rowCount).toBe(2);
    expect(cells(r.table, 'a')).toEqual([1, 3]);
    const e = await expectCode(readCsvText('a,b\n1,2\n\n3\n'), 'MW_CSV_RAGGED_ROW');
    expect(e.location.row).toBe(4);
  });

  it('reads a file that is not UTF-8 as Latin-1 (Windows-1252), with a warning', async () => {
    const bytes = new Uint8Array([...utf8('city,n\n'), 0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e, ...utf8(',1\nCaf'), 0xe9, ...utf8(',2\n')]);
    const r = await readBytes(bytes);
    expect(r.encoding).toBe('latin-1');
    expect(r.warnings.map((w) => w.code)).toContain('MW_CSV_LATIN1');
    expect(cells(r.table, 'city')).toEqual(['München', 'Café']);
  });

  it('keeps valid UTF-8 as UTF-8', async () => {
    const r = await readCsvText('city,n\nMünchen,1\n東京,2\n');
    expect(r.encoding).toBe('utf-8');
    expect(r.warnings).toEqual([]);
    expect(cells(r.table, 'city')).toEqual(['München', '東京']);
  });

  it('refuses UTF-16, with or without a byte-order mark', async () => {
    const le = (s: string) => Uint8Array.from([...s].flatMap((ch) => [ch.charCodeAt(0), 0]));
    const be = (s: string) => Uint8Array.from([...s].flatMap((ch) => [0, ch.charCodeAt(0)]));
    await expectCode(readBytes(new Uint8Array([0xff, 0xfe, ...le('a,b\n1,2\n')])), 'MW_CSV_UTF16');
    await expectCode(readBytes(new Uint8Array([0xfe, 0xff, ...be('a,b\n1,2\n')])), 'MW_CSV_UTF16');
    await expectCode(readBytes(le('name,value\nalpha,1\nbeta,2\n')), 'MW_CSV_UTF16');
  });

  it('refuses binary garbage', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expectCode(readBytes(png), 'MW_CSV_BINARY');
    let seed = 1;
    const noise = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    await expectCode(readBytes(noise), 'MW_CSV_BINARY');
  });
});

describe('fields and quoting', () => {
  it('reads quoted fields with delimiters, doubled quotes and newlines', async () => {
    const r = await readCsvText('a,b\n"x, y","say ""hi"""\n"line1\nline2",plain\n');
    expect(cells(r.table, 'a')).toEqual(['x, y', 'line1\nline2']);
    expect(cells(r.table, 'b')).toEqual(['say "hi"', 'plain']);
  });

  it('reads quoted numbers as numbers', async () => {
    const r = await readCsvText('n,m\n"5","1.5"\n"-2",  "3"  \n');
    expect(col(r.table, 'n').type).toBe('integer');
    expect(cells(r.table, 'n')).toEqual([5, -2]);
    expect(cells(r.table, 'm')).toEqual([1.5, 3]);
  });

  it('treats empty, NA, N/A, null, NaN and ? as missing; quoted text stays text', async () => {
    const r = await readCsvText('x,y\n1,a\n,NA\nNA,b\nN/A,a\nnull,b\nNaN,a\n?,b\n  ,a\n');
    expect(col(r.table, 'x').type).toBe('integer');
    expect(cells(r.table, 'x')).toEqual([1, null, null, null, null, null, null, null]);
    expect(cells(r.table, 'y')[1]).toBeNull();
    const q = await readCsvText('x\n"NA"\n"null"\n""\nfoo\nNA\n"foo"\n');
    expect(cells(q.table, 'x')).toEqual(['NA', 'null', null, 'foo', null, 'foo']);
  });

  it('parses numbers exactly as Number() does, on the fast and the general path', async () => {
    const tokens = ['0.1', '-0.0', '123456789012345', '1234567890123456789', '0.30000000000000004', '1e5', '1.5E-3', '-2.5e+10', '.5', '5.', '+3', ' 42 ', '00012', '9007199254740993', '3.14159265358979', '-0.000001'];
    const r = await readCsvText(`v\n${tokens.join('\n')}\n`);
    expect(col(r.table, 'v').type).toBe('float');
    const values = cells(r.table, 'v');
    tokens.forEach((t, i) => expect(Object.is(values[i], Number(t)) || values[i] === Number(t)).toBe(true));
  });

  it('accepts a 5 MB field, quoted or not, across chunk boundaries', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    for (const field of [big, `"${big},""q"""`]) {
      const r = await readBytes(utf8(`id,body\n1,${field}\n2,short\n`), {}, 64 * 1024);
      expect(r.table.rowCount).toBe(2);
      const body = cells(r.table, 'body')[0];
      expect(typeof body === 'string' ? body.length : 0).toBe(field === big ? big.length : big.length + 4);
    }
  });

  it('refuses a field larger than maxFieldBytes', async () => {
    const e = await expectCode(readBytes(utf8(`a,b\n1,"${'y'.repeat(5000)}"\n`), { maxFieldBytes: 1000 }, 512), 'MW_CSV_FIELD_TOO_LARGE');
    expect(e.location.row).toBe(2);
    await expectCode(readCsvText(`a,b\n1,${'y'.repeat(5000)}\n`, { maxFieldBytes: 1000 }), 'MW_CSV_FIELD_TOO_LARGE');
  });
});

describe('headers', () => {
  it('makes duplicate and empty names unique, with a warning', async () => {
    const r = await readCsvText('a,a,,b,a\n1,2,3,4,5\n');
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'a_2', 'column_3', 'b', 'a_3']);
    expect(r.warnings.map((w) => w.code)).toEqual(['MW_CSV_DUPLICATE_HEADER']);
  });

  it('handles __proto__ and constructor as plain names', async () => {
    const r = await readCsvText('__proto__,constructor,toString\n1,2,3\n', { typeOverrides: { toString: 'text' as const } });
    expect(r.table.columns.map((c) => [c.name, c.type])).toEqual([
      ['__proto__', 'integer'],
      ['constructor', 'integer'],
      ['toString', 'text'],
    ]);
    expect(cells(r.table, '__proto__')).toEqual([1]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('reads a single column, and 10,000 columns', async () => {
    const one = await readCsvText('only\n1\n2\n3\n');
    expect(one.table.columns).toHaveLength(1);
    expect(cells(one.table, 'only')).toEqual([1, 2, 3]);
    const n = 10_000;
    const header = Array.from({ length: n }, (_, i) => `c${i}`).join(',');
    const row = (k: number) => Array.from({ length: n }, (_, i) => String(i * k)).join(',');
    const wide = await readBytes(utf8(`${header}\n${row(1)}\n${row(2)}\n`), {}, 10_000);
    expect(wide.table.columns).toHaveLength(n);
    expect(cells(wide.table, 'c9999')).toEqual([9999, 19998]);
  });

  it('refuses more columns than maxColumns', async () => {
    await expectCode(readCsvText('a,b,c,d\n1,2,3,4\n', { maxColumns: 3 }), 'MW_CSV_TOO_MANY_COLUMNS');
  });
});

describe('bad input', () => {
  it('refuses an empty file, or one with only blank lines or a BOM', async () => {
    await expectCode(readCsvText(''), 'MW_CSV_EMPTY');
    await expectCode(readCsvText('\n\r\n  \n'), 'MW_CSV_EMPTY');
    await expectCode(readBytes(new Uint8Array([0xef, 0xbb, 0xbf])), 'MW_CSV_EMPTY');
  });

  it('refuses a header without rows', async () => {
    await expectCode(readCsvText('a,b,c'), 'MW_CSV_NO_ROWS');
    await expectCode(readCsvText('a,b,c\r\n\r\n'), 'MW_CSV_NO_ROWS');
  });

  it('names the row (spreadsheet numbering) and column of a ragged row', async () => {
    const short = await expectCode(readCsvText('a,b,c\n1,2,3\n4,5\n'), 'MW_CSV_RAGGED_ROW');
    expect(short.location).toEqual({ row: 3, column: 'c' });
    expect(short.message).toContain('header is row 1');
    const long = await expectCode(readCsvText('a,b\n1,2\n3,4\n"x\ny",6,7\n'), 'MW_CSV_RAGGED_ROW');
    expect(long.location.row).toBe(4);
  });

  it('reports malformed quotes and an unterminated quote at the end of the file', async () => {
    const inside = await expectCode(readCsvText('a,b\n1,ab"c\n'), 'MW_CSV_MALFORMED_QUOTE');
    expect(inside.location).toEqual({ row: 2, column: 'b' });
    await expectCode(readCsvText('a,b\n1,"ab"c\n'), 'MW_CSV_MALFORMED_QUOTE');
    const open = await expectCode(readCsvText('a,b\n1,2\n3,"never closed\n4,5\n'), 'MW_CSV_UNTERMINATED_QUOTE');
    expect(open.location).toEqual({ row: 3, column: 'b' });
  });

  it('skips bad rows when asked, and says how many', async () => {
    const r = await readCsvText('a,b\n1,2\n3\n4,5,6\n7,x"y\n8,9\n10,"open\n', { skipBadRows: true });
    expect(cells(r.table, 'a')).toEqual([1, 8]);
    expect(r.skippedRows).toBe(4);
    const warning = r.warnings.find((w) => w.code === 'MW_CSV_SKIPPED_ROWS');
    expect(warning?.details).toEqual({ count: 4, rows: [3, 4, 5, 7] });
    // A bad row must not change the inferred types of the good ones.
    expect(col(r.table, 'b').type).toBe('integer');
  });

  it('stops when the signal is aborted, and reports progress', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectCode(readCsvText('a\n1\n', { signal: controller.signal }), 'MW_RUN_CANCELLED');
    const seen: number[] = [];
    await readBytes(utf8('a,b\n1,2\n3,4\n'), { onProgress: (n) => seen.push(n) }, 4);
    expect(seen.at(-1)).toBe(12);
  });
});

describe('type inference', () => {
  const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

  it('tells integer, float, boolean and categorical apart; 0/1 stays integer', async () => {
    const text = `i,f,yn,tf,bit,cat\n${rows(30, (i) => `${i},${i}.5,${i % 2 ? 'yes' : 'No'},${i % 3 ? 'TRUE' : 'false'},${i % 2},${['red', 'green', 'blue'][i % 3]}`)}\n`;
    const { table } = await readCsvText(text);
    expect(table.columns.map((c) => c.type)).toEqual(['integer', 'float', 'boolean', 'boolean', 'integer', 'categorical']);
    expect(cells(table, 'yn').slice(0, 2)).toEqual([false, true]);
  });

  it('reads ISO dates and date-times, and day/month/year only when the data says which is which', async () => {
    const { table } = await readCsvText(
      'iso,stamp,dmy,mdy,ambiguous\n2024-01-31,2024-01-31T10:30:00Z,31/01/2024,01/31/2024,01/02/2024\n2024-02-29,2024-02-29 23:59:59,01/02/2024,02/01/2024,03/04/2024\n',
    );
    expect(table.columns.map((c) => c.type)).toEqual(['datetime', 'datetime', 'datetime', 'datetime', 'categorical']);
    expect(cells(table, 'iso')[1]).toBe('2024-02-29T00:00:00.000Z');
    expect(cells(table, 'stamp')[0]).toBe('2024-01-31T10:30:00.000Z');
    expect(cells(table, 'dmy')).toEqual(['2024-01-31T00:00:00.000Z', '2024-02-01T00:00:00.000Z']);
    expect(cells(table, 'mdy')).toEqual(['2024-01-31T00:00:00.000Z', '2024-02-01T00:00:00.000Z']);
    const invalid = await readCsvText('d\n2024-02-30\n2024-01-01\n');
    expect(col(invalid.table, 'd').type).toBe('categorical');
  });

  it('flags free text and identifiers, which are ignored as features by default', async () => {
    const text = `customer_id,code,comment,size\n${rows(40, (i) => `${1000 + i},A${i}x,"this is comment ${i}",${['S', 'M'][i % 2]}`)}\n`;
    const { table } = await readCsvText(text);
    expect(table.columns.map((c) => [c.type, c.role])).toEqual([
      ['identifier', 'ignored'],
      ['identifier', 'ignored'],
      ['text', 'ignored'],
      ['categorical', 'feature'],
    ]);
    expect(cells(table, 'customer_id')[0]).toBe('1000');
  });

  it('turns a column that becomes text back into its exact text when it can', async () => {
    const exact = await readCsvText('v\n1.50\n2.25\n3.00\nabc\n');
    expect(cells(exact.table, 'v')).toEqual(['1.50', '2.25', '3.00', 'abc']);
    expect(exact.warnings).toEqual([]);
    const lossy = await readCsvText('zip\n02134\n10001\nK1A 0B1\n');
    expect(cells(lossy.table, 'zip')).toEqual(['2134', '10001', 'K1A 0B1']);
    expect(lossy.warnings.map((w) => w.code)).toEqual(['MW_CSV_REFORMATTED']);
  });

  it('follows type overrides', async () => {
    const asText = await readCsvText('zip,n\n02134,x\n10001,2\n', { typeOverrides: { zip: 'text', n: 'float' } });
    expect(cells(asText.table, 'zip')).toEqual(['02134', '10001']);
    expect(cells(asText.table, 'n')).toEqual([null, 2]);
    expect(asText.warnings.map((w) => w.code)).toEqual(['MW_CSV_BAD_VALUES']);
    const asBool = await readCsvText('b\n1\n0\nmaybe\n', { typeOverrides: { b: 'boolean' } });
    expect(cells(asBool.table, 'b')).toEqual([true, false, null]);
  });
});
