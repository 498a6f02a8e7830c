import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../data/csv/index';
import { allRows, type Table } from '../data/table';
import { categorical, makeTable, numeric, thrownCode } from '../nodes/test-support';
import { driftReport, driftReportSchema, driftTable } from './drift';
import { profileColumn, profileTable, referenceProfileSchema } from './profile';

const housesText = readFileSync(join(import.meta.dirname, '../../examples/houses.csv'), 'utf8');
const [header = '', ...lines] = housesText.trim().split('\n');

/** houses.csv rows [from, to), optionally edited row by row (cells by column name). */
async function houses(from: number, to: number, edit?: (cells: Record<string, string>, i: number) => void): Promise<Table> {
  const names = header.split(',');
  const rows = lines.slice(from, to).map((line, i) => {
    const cells = Object.fromEntries(line.split(',').map((v, j) => [names[j] ?? '', v]));
    edit?.(cells, i);
    return names.map((n) => cells[n] ?? '').join(',');
  });
  return (await readCsvText([header, ...rows].join('\n'))).table;
}

describe('drift report on houses.csv', () => {
  let reference: ReturnType<typeof profileTable>;
  beforeAll(async () => {
    const train = await houses(0, 1000);
    reference = profileTable(train, allRows(train.rowCount));
  });

  it('the reference profile is JSON and keeps the monitored columns (dates are skipped)', () => {
    const parsed = referenceProfileSchema.parse(JSON.parse(JSON.stringify(reference)));
    expect(parsed.columns.map((c) => [c.name, c.kind])).toEqual([
      ['city', 'categorical'],
      ['sqft', 'numeric'],
      ['bedrooms', 'numeric'],
      ['age_years', 'numeric'],
      ['garage', 'numeric'],
      ['price', 'numeric'],
    ]);
  });

  it('other rows from the same distribution: no drift', async () => {
    const report = driftReportSchema.parse(driftReport(reference, await houses(1000, 2000)));
    expect(report.verdict).toBe('stable');
    expect(report.retrainingSuggested).toBe(false);
    expect(report.driftedColumns).toEqual([]);
    const sqft = report.columns.find((c) => c.column === 'sqft');
    expect(sqft?.psi).toBeLessThan(0.05);
    expect(sqft?.ks?.method).toBe('exact');
    expect(sqft?.ks?.pValue).toBeGreaterThan(0.05);
  });

  it('a shifted copy: bigger, older houses in a new city, more missing garages: retraining suggested', async () => {
    const shifted = await houses(1000, 2000, (c, i) => {
      if (c['sqft'] !== '') c['sqft'] = String(Number(c['sqft']) * 1.35);
      if (c['age_years'] !== '') c['age_years'] = String(Number(c['age_years']) + 15);
      if (i % 5 === 0) c['city'] = 'Newtown';
      if (i % 4 === 0) c['garage'] = '';
    });
    const report = driftReport(reference, shifted);
    expect(report.retrainingSuggested).toBe(true);
    expect(report.verdict).toBe('drift');
    expect(report.summary).toMatch(/^Retraining suggested/);
    expect(report.driftedColumns).toEqual(expect.arrayContaining(['sqft', 'age_years', 'city', 'garage']));
    const city = report.columns.find((c) => c.column === 'city');
    expect(city?.unseen).toMatchObject({ categories: ['Newtown'], rows: 200 });
    expect(city?.chi2?.pValue).toBeLessThan(1e-10);
    const garage = report.columns.find((c) => c.column === 'garage');
    expect(garage?.missingRate.change).toBeGreaterThan(0.15);
    expect(garage?.reasons.join(' ')).toMatch(/missing values/);
    expect(report.columns.find((c) => c.column === 'bedrooms')?.drifted).toBe(false);
  });

  it('a CSV with different columns: MW_DRIFT_COLUMNS says which', async () => {
    const renamed = await houses(1000, 1100);
    const other: Table = { ...renamed, columns: renamed.columns.filter((c) => c.name !== 'sqft' && c.name !== 'bedrooms').map((c) => (c.name === 'city' ? { ...c, name: 'town' } : c)) };
    try {
      driftReport(reference, other);
      expect.unreachable();
    } catch (e) {
      expect(thrownCode(() => { throw e; })).toBe('MW_DRIFT_COLUMNS');
      const message = (e as Error).message;
      expect(message).toMatch(/missing "city", "sqft", "bedrooms"/);
      expect(message).toMatch(/extra columns: town/);
    }
    const retyped = makeTable([categorical('city', ['a']), categorical('sqft', ['big']), numeric('bedrooms', [1]), numeric('age_years', [1]), numeric('garage', [1]), numeric('price', [1])]);
    expect(thrownCode(() => driftReport(reference, retyped))).toBe('MW_DRIFT_COLUMNS');
  });

  it('new data without the target is fine: the target is noted, not required', async () => {
    const noPrice = await houses(1000, 1200);
    const report = driftReport(
      { ...reference, columns: reference.columns.map((c) => (c.name === 'price' ? { ...c, role: 'target' as const } : c)) },
      { ...noPrice, columns: noPrice.columns.filter((c) => c.name !== 'price') },
    );
    expect(report.notes.join(' ')).toMatch(/target "price" is not in the new data/);
  });

  it('the drift table has one row per column', async () => {
    const table = driftTable(driftReport(reference, await houses(1000, 1500)));
    expect(table.rowCount).toBe(6);
    expect(table.columns.map((c) => c.name)).toEqual(['column', 'kind', 'drifted', 'psi', 'ks_statistic', 'ks_p_value', 'chi2_p_value', 'js_distance', 'missing_before', 'missing_after', 'unseen_share', 'reasons']);
  });
});

describe('drift details', () => {
  it('samples large numeric references deterministically and says so', () => {
    const big = numeric('x', Array.from({ length: 25_000 }, (_, i) => (i * 7919) % 10007));
    const a = profileColumn(big, allRows(25_000));
    const b = profileColumn(big, allRows(25_000));
    expect(a.kind === 'numeric' && a.values.length).toBe(10_000);
    expect(a).toEqual(b);
    const table = makeTable([big]);
    const report = driftReport(profileTable(table, allRows(25_000)), table);
    expect(report.notes.join(' ')).toMatch(/seeded sample/);
    expect(report.columns[0]?.drifted).toBe(false);
  });

  it('prediction drift compares the model’s outputs', () => {
    const ref = makeTable([numeric('x', [1, 2, 3, 4, 5, 6, 7, 8])]);
    const profile = profileTable(ref, allRows(8), { prediction: profileColumn(categorical('prediction', ['a', 'a', 'b', 'b', 'a', 'b', 'a', 'b']), allRows(8)) });
    const report = driftReport(profile, ref, { predictions: categorical('prediction', ['b', 'b', 'b', 'b', 'b', 'b', 'b', 'a']) });
    expect(report.prediction?.drifted).toBe(true);
    expect(report.retrainingSuggested).toBe(true);
    expect(report.summary).toMatch(/predictions drifted/);
  });

  it('refuses empty data', () => {
    const empty = makeTable([numeric('x', [])]);
    expect(thrownCode(() => driftReport(profileTable(empty, allRows(0)), empty))).toBe('MW_DRIFT_NO_ROWS');
  });
});
