import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFileAccess } from '../io/node-files';
import { monitorModelFolder } from './monitor';
import { housesCsv, shiftedHousesCsv, trainedHousesProject, type TrainedProject } from './test-support';

let project: TrainedProject;
let dir: string;
beforeAll(async () => {
  project = await trainedHousesProject();
  dir = mkdtempSync(join(tmpdir(), 'mw-monitor-'));
  writeFileSync(join(dir, 'same.csv'), housesCsv(0, 2000));
  writeFileSync(join(dir, 'shifted.csv'), shiftedHousesCsv());
  writeFileSync(join(dir, 'other.csv'), 'town,area\nA,1\n');
}, 120_000);
afterAll(() => project.store.close());

describe('monitoring a model folder', () => {
  const files = () => createNodeFileAccess(dir);

  it('houses.csv itself: no retraining suggested, predictions stable', async () => {
    const report = await monitorModelFolder(project.modelDir, 'same.csv', files());
    expect(report.retrainingSuggested).toBe(false);
    expect(report.prediction?.drifted).toBe(false);
    expect(report.columns.map((c) => c.column)).toEqual(['city', 'sqft', 'bedrooms', 'age_years', 'garage', 'price']);
  });

  it('a shifted copy of houses.csv: retraining suggested, and the predictions drifted too', async () => {
    const report = await monitorModelFolder(project.modelDir, 'shifted.csv', files());
    expect(report.retrainingSuggested).toBe(true);
    expect(report.summary).toMatch(/^Retraining suggested/);
    expect(report.prediction?.drifted).toBe(true);
    expect(report.driftedColumns).toEqual(expect.arrayContaining(['sqft', 'age_years', 'city', 'garage']));
  });

  it('a CSV with different columns says which', async () => {
    await expect(monitorModelFolder(project.modelDir, 'other.csv', files())).rejects.toMatchObject({ code: 'MW_DRIFT_COLUMNS', message: expect.stringMatching(/missing "city", "sqft", "bedrooms", "age_years", "garage".*extra columns: town, area/) });
  });
});
