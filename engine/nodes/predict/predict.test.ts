import { beforeAll, describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import type { Table } from '../../data/table';
import { ensureBackend } from '../../ml/backend/select';
import type { ModelBundle } from '../../ml/model';
import { trainModel } from '../../ml/train/fit';
import { trainParams } from '../../ml/train/params';
import { prepareTable } from '../../ml/testing/pipeline';
import { categorical, gaussian, numeric, table } from '../../ml/testing/tables';
import { predictTable } from './execute';
import { predictSpec } from './spec';

/** Houses-like raw rows: a category, numbers with gaps, a numeric target. */
function houses(n: number, seed: number): Table {
  const noise = gaussian(seed);
  const cities = ['Lakeside', 'Riverton', 'Springfield'];
  const city: string[] = [];
  const sqft: (number | null)[] = [];
  const price: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const s = 1500 + 500 * noise();
    city.push(cities[c]!);
    sqft.push(i % 7 === 0 ? null : s);
    price.push(100 * s + 50_000 * c + 1000 * noise());
  }
  return table([categorical('city', city), numeric('sqft', sqft), numeric('price', price)]);
}

let model: ModelBundle;
let training: Table;
beforeAll(async () => {
  const backend = await ensureBackend({ env: {} });
  training = await prepareTable(houses(90, 1), { target: 'price', split: { test: 0.2, validation: 0.1, seed: 1 } });
  model = await trainModel(training, trainParams.parse({ epochs: 20 }), { signal: new AbortController().signal, now: () => performance.now(), backend });
});

const params = predictSpec.params.parse({});

function mismatch(fn: () => unknown): MwError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MwError);
    expect((e as MwError).code).toBe('MW_PREDICT_SCHEMA_MISMATCH');
    return e as MwError;
  }
  throw new Error('expected MW_PREDICT_SCHEMA_MISMATCH');
}

describe('Predict', () => {
  it('repeats the preprocessing on raw rows: the same values as on the prepared training table', () => {
    const raw = houses(90, 1);
    const predictions = predictTable(model, raw, params);
    const fromPrepared = predictTable(model, training, params);
    const column = (p: typeof predictions) => (p.table.columns.find((c) => c.name === p.predictionColumn) as { values: Float64Array }).values;
    expect(Array.from(column(predictions))).toEqual(Array.from(column(fromPrepared)));
    expect(predictions.table.columns.map((c) => c.name)).toEqual(['city', 'sqft', 'price', 'prediction']);
  });

  it('handles unseen categories and missing values as at training time, and ignores extra columns', () => {
    const raw = table([categorical('city', ['Atlantis', null, 'Lakeside']), numeric('sqft', [null, 1200, 1800]), numeric('extra', [1, 2, 3])]);
    const predictions = predictTable(model, raw, params);
    const values = (predictions.table.columns.find((c) => c.name === 'prediction') as { values: Float64Array }).values;
    expect(Array.from(values).every(Number.isFinite)).toBe(true);
  });

  it('lists the expected columns when one is missing, renamed or of the wrong kind', () => {
    const missing = mismatch(() => predictTable(model, table([categorical('city', ['Lakeside'])]), params));
    expect(missing.details).toMatchObject({ missing: ['sqft'] });
    expect(missing.message).toMatch(/sqft/);
    expect((missing.details as { expected: { name: string }[] }).expected.map((c) => c.name)).toEqual(['city', 'sqft']);
    const renamed = mismatch(() => predictTable(model, table([categorical('city', ['Lakeside']), numeric('SqFt', [1000])]), params));
    expect(renamed.details).toMatchObject({ missing: ['sqft'], renamed: [{ missing: 'sqft', candidates: ['SqFt'] }] });
    const mistyped = mismatch(() => predictTable(model, table([numeric('city', [3]), numeric('sqft', [1000])]), params));
    expect(mistyped.details).toMatchObject({ mistyped: [{ name: 'city' }] });
  });

  it('accepts numbers that were read as text', () => {
    const raw = table([categorical('city', ['Lakeside']), categorical('sqft', ['1500'])]);
    expect(Number.isFinite((predictTable(model, raw, params).table.columns.at(-1) as { values: Float64Array }).values[0]!)).toBe(true);
  });

  it('adds the predicted label and one probability column per class for a classifier', async () => {
    const backend = await ensureBackend({ env: {} });
    const raw = table([numeric('x', Array.from({ length: 40 }, (_, i) => (i % 2) * 4 + Math.sin(i))), categorical('prediction', Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'no' : 'yes')), 'target')]);
    const prepared = await prepareTable(raw, { target: 'prediction', split: null });
    const clf = await trainModel(prepared, trainParams.parse({ epochs: 30 }), { signal: new AbortController().signal, now: () => performance.now(), backend });
    const out = predictTable(clf, raw, params);
    expect(out.predictionColumn).toBe('prediction (2)');
    expect(out.probabilityColumns).toEqual(['p(no)', 'p(yes)']);
    const label = out.table.columns.find((c) => c.name === 'prediction (2)');
    expect(label?.kind).toBe('categorical');
  });
});
