/**
 * Property tests (fast-check) for the CSV reader: round trips through a quoting writer, independence
 * from chunk boundaries, and "arbitrary bytes give a table or a coded error". 1,100 runs in all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { cellValue } from '../table';
import type { ColumnType, Table } from '../table';
import { readCsv, readCsvText } from './index';
import { ingestCsv } from './ingest';

async function* chunksAt(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(bytes.length, Math.max(start, cut));
    yield bytes.subarray(start, at);
    start = at;
  }
  yield bytes.subarray(start);
}

/** RFC 4180 writer that quotes every field (doubling quotes inside). */
function writeCsv(header: readonly string[], rows: readonly (readonly string[])[], eol: string): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return [header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + eol;
}

/** Text a CSV file can hold, i.e. every Unicode scalar except the C0 controls other than tab, CR and LF (those mark a binary file). */
const cellText = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => ![...s].some((ch) => ch < ' ' && ch !== '\t' && ch !== '\r' && ch !== '\n'));

function snapshot(table: Table): unknown {
  return {
    rows: table.rowCount,
    columns: table.columns.map((c) => ({ name: c.name, type: c.type, role: c.role, cells: Array.from({ length: table.rowCount }, (_, i) => cellValue(c, i)) })),
  };
}

describe('CSV properties', () => {
  it('reads back any table of Unicode strings written with a quoting writer', async () => {
    const tables = fc
      .integer({ min: 1, max: 5 })
      .chain((width) =>
        fc.record({
          header: fc.uniqueArray(cellText.filter((s) => s.trim() !== ''), { minLength: width, maxLength: width }),
          rows: fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
          eol: fc.constantFrom('\n', '\r\n'),
        }),
      );
    await fc.assert(
      fc.asyncProperty(tables, async ({ header, rows, eol }) => {
        const typeOverrides = Object.fromEntries(header.map((h): [string, ColumnType] => [h, 'text']));
        const { table } = await readCsvText(writeCsv(header, rows, eol), { typeOverrides });
        expect(table.columns.map((c) => c.name)).toEqual(header);
        expect(table.rowCount).toBe(rows.length);
        // A quoted empty field is the one way to write a missing value, so '' reads back as missing.
        for (const [j, c] of table.columns.entries()) {
          expect(Array.from({ length: table.rowCount }, (_, i) => cellValue(c, i))).toEqual(rows.map((r) => (r[j] === '' ? null : r[j])));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result however the bytes are split into chunks', async () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.constantFrom('', 'NA', 'yes', 'no', '2024-05-06', '"q, ""x"""', '"a\nb"', 'text', '1.50'),
      cellText.map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const files = fc
      .integer({ min: 1, max: 4 })
      .chain((width) =>
        fc.record({
          rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
          eol: fc.constantFrom('\n', '\r\n', '\r'),
          header: fc.constant(Array.from({ length: width }, (_, i) => `c${i}`)),
        }),
      )
      .map(({ rows, eol, header }) => new TextEncoder().encode([header.join(','), ...rows.map((r) => r.join(','))].join(eol) + eol));
    await fc.assert(
      fc.asyncProperty(files, fc.array(fc.nat({ max: 400 }), { maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (bytes, cuts, sniffBytes) => {
        const whole = await outcome(readCsv(chunksAt(bytes, [])));
        // Detecting the delimiter from only the first few bytes may differ: compare with the same sniff size.
        const reference = await outcome(ingestCsv(chunksAt(bytes, []), {}, { sniffBytes }));
        const split = await outcome(ingestCsv(chunksAt(bytes, cuts), {}, { sniffBytes }));
        expect(split).toEqual(reference);
        if (bytes.length <= sniffBytes) expect(reference).toEqual(whole);
        expect(split).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('turns arbitrary bytes into a table or a coded CSV error, never another exception', async () => {
    const csvish = fc.array(fc.constantFrom(...Array.from(',;\t|"\n\r ab1.-eE9NA\u00e9', (c) => c.charCodeAt(0)), 0xc3, 0xa9, 0xff, 0), { maxLength: 200 }).map((a) => Uint8Array.from(a));
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), csvish);
    await fc.assert(
      fc.asyncProperty(bytes, fc.array(fc.nat({ max: 300 }), { maxLength: 4 }), fc.boolean(), async (input, cuts, skipBadRows) => {
        const result = await outcome(ingestCsv(chunksAt(input, cuts), { skipBadRows }, { sniffBytes: 16 }));
        if ('error' in result) expect(result.error).toMatch(/^MW_CSV_/);
        else expect(result.rows).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

/** A comparable outcome: the table's content, or the error code (non-MwError exceptions propagate). */
async function outcome(
  p: Promise<{ table: Table; warnings: unknown[]; skippedRows: number }>,
): Promise<{ error: string; location: unknown } | { rows: number; value: unknown }> {
  try {
    const r = await p;
    return { rows: r.table.rowCount, value: { table: snapshot(r.table), warnings: r.warnings, skipped: r.skippedRows } };
  } catch (e) {
    if (e instanceof MwError) return { error: e.code, location: e.location };
    throw e;
  }
}
