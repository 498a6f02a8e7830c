import { describe, expect, it } from 'vitest';
import { MwError } from '../errors';
import { answerSchema, type WhatIfIntent } from './intent';
import { createQueryParser } from './parse';
import { exampleContext } from './test-tables';
import { answerWhatIf, buildWhatIfRow, modelInfoForQueries, type PredictRows, type WhatIfModel } from './what-if';

const housesModel: WhatIfModel = {
  target: 'price',
  task: 'regression',
  classes: [],
  inputSchema: [
    { name: 'city', type: 'categorical' },
    { name: 'sqft', type: 'float' },
    { name: 'bedrooms', type: 'integer' },
    { name: 'age_years', type: 'float' },
    { name: 'garage', type: 'boolean' },
  ],
  recipe: [{ kind: 'impute', nodeId: 'impute-1', state: {} }],
};

const irisModel: WhatIfModel = {
  target: 'species',
  task: 'classification',
  classes: ['setosa', 'versicolor', 'virginica'],
  inputSchema: ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'].map((name) => ({ name, type: 'float' as const })),
  recipe: [],
};

/** A stand-in model: a fixed linear rule, recording what it was asked. */
function fakeRegressor(seen: Record<string, unknown>[][]): PredictRows {
  return (rows) => {
    seen.push(rows);
    return Promise.resolve(rows.map((r) => ({ value: 100 * Number(r['sqft'] ?? 1500) + (r['city'] === 'Lakeside' ? 50_000 : 0) })));
  };
}

const code = async (f: () => unknown): Promise<string> => {
  try {
    await f();
    return 'no error';
  } catch (e) {
    return e instanceof MwError ? e.code : String(e);
  }
};

describe('what-if predictions', () => {
  const parser = createQueryParser(exampleContext('houses', { model: modelInfoForQueries(housesModel) }));

  it('builds the row from the question, fills the rest as the recipe does, and says so', async () => {
    const intent = parser.parse('what would the price be for a 2000 sqft house in Lakeside with 3 bedrooms');
    expect(intent.kind).toBe('what-if');
    const seen: Record<string, unknown>[][] = [];
    const answer = answerSchema.parse(await answerWhatIf(intent as WhatIfIntent, housesModel, fakeRegressor(seen)));
    expect(seen[0]).toEqual([{ city: 'Lakeside', sqft: 2000, bedrooms: 3, age_years: null, garage: null }]);
    expect(answer.sentence).toContain('250,000');
    expect(answer.notes[0]).toMatch(/Not given: age_years, garage/);
    expect(answer.notes[0]).toMatch(/Impute/);
    expect(answer.reading).toBe(intent.reading);
  });

  it('answers classification with the label and every class probability', async () => {
    const intent = createQueryParser(exampleContext('iris', { model: modelInfoForQueries(irisModel) })).parse('what species is a flower with petal length 5 and petal width 1.8');
    expect(intent.kind).toBe('what-if');
    const answer = await answerWhatIf(intent as WhatIfIntent, irisModel, (rows) => Promise.resolve(rows.map(() => ({ label: 'virginica', probabilities: { setosa: 0.01, versicolor: 0.2, virginica: 0.79 } }))));
    expect(answer.sentence).toMatch(/virginica \(probability 0\.79\)/);
    expect(answer.table?.rows[0]).toEqual(['virginica', 0.79]);
    expect(answer.chart).toBeDefined();
  });

  it('refuses when no model has been trained yet', async () => {
    const intent = parser.parse('what would the price be for a 2000 sqft house');
    expect(await code(() => answerWhatIf(intent as WhatIfIntent, null, fakeRegressor([])))).toBe('MW_QUERY_NO_MODEL');
  });

  it('refuses a value of the wrong type, a column the model does not take, and the target as an input', async () => {
    const reading = 'test';
    const ask = (values: WhatIfIntent['values']): Promise<string> => code(() => buildWhatIfRow({ values }, housesModel));
    expect(await ask({ sqft: 'big' })).toBe('MW_QUERY_BAD_VALUE');
    expect(await ask({ garage: 'maybe' })).toBe('MW_QUERY_BAD_VALUE');
    expect(await ask({ city: true })).toBe('MW_QUERY_BAD_VALUE');
    expect(await ask({ listed: '2024-01-01' })).toBe('MW_QUERY_UNKNOWN_COLUMN');
    expect(await ask({ price: 5 })).toBe('MW_QUERY_BAD_VALUE');
    expect(await code(() => answerWhatIf({ kind: 'what-if', reading, corrections: [], values: { sqft: 1 }, target: 'bedrooms' }, housesModel, fakeRegressor([])))).toBe('MW_QUERY_BAD_VALUE');
  });

  it('reads a wrongly typed value in the question as a bad value', () => {
    const intent = parser.parse('what would the price be if garage is 2000');
    expect(intent.kind).toBe('not-understood');
    if (intent.kind === 'not-understood') expect(intent.code).toBe('MW_QUERY_BAD_VALUE');
  });

  it('accepts yes/no text for a boolean input and notes an unseen category', () => {
    const built = buildWhatIfRow({ values: { garage: 'yes', city: 'Atlantis' } }, housesModel, { city: ['Lakeside', 'Riverton'] });
    expect(built.row['garage']).toBe(true);
    expect(built.notes.join(' ')).toMatch(/Atlantis was not seen in training/);
  });
});
