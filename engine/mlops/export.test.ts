import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../data/csv/index';
import { createNodeFileAccess } from '../io/node-files';
import { loadModel } from '../ml/model-files/index';
import { predictTable } from '../nodes/predict/execute';
import { exportModelFolder, readReference } from './export';
import { housesCsv, trainedHousesProject, type TrainedProject } from './test-support';

let project: TrainedProject;
beforeAll(async () => {
  project = await trainedHousesProject();
}, 120_000);
afterAll(() => project.store.close());

describe('recorded model folders', () => {
  it('hold the model files, the recipe and the training-data reference', async () => {
    expect(readdirSync(project.modelDir).sort()).toEqual(['model.json', 'modelwright-model.json', 'recipe.json', 'reference.json', 'weights.bin']);
    const reference = await readReference(project.modelDir);
    expect(reference?.rows).toBe(1400); // the train partition of houses.csv
    expect(reference?.columns.map((c) => `${c.name}:${c.role}`)).toEqual(['city:feature', 'sqft:feature', 'bedrooms:feature', 'age_years:feature', 'garage:feature', 'price:target']);
    expect(reference?.prediction?.kind).toBe('numeric');
    expect(reference?.description).toMatch(/1400 train rows of houses\.csv/);
  });
});

describe('exported model folder', () => {
  it('predict.js predicts what the engine predicts, with no dependencies', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mw-export-'));
    const files = await exportModelFolder(project.modelDir, out, { origin: 'run 1 of Houses' });
    expect(files).toEqual(['README.md', 'model.json', 'modelwright-model.json', 'predict.js', 'recipe.json', 'reference.json', 'weights.bin']);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toMatch(/node predict\.js input\.csv > predictions\.csv/);
    expect(readme).toMatch(/curl -s http:\/\/127\.0\.0\.1:8080\/predict/);
    expect(readme).toMatch(/contains values from the training data/);

    // Run it from a folder with no node_modules anywhere above it.
    const isolated = mkdtempSync(join(tmpdir(), 'mw-isolated-'));
    for (const f of files) writeFileSync(join(isolated, f), readFileSync(join(out, f)));
    const csv = housesCsv(1500, 1600);
    writeFileSync(join(isolated, 'input.csv'), csv);
    const run = spawnSync(process.execPath, ['predict.js', 'input.csv'], { cwd: isolated, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const ours = (await readCsvText(run.stdout)).table;
    expect(ours.rowCount).toBe(100);
    const prediction = ours.columns.find((c) => c.name === 'prediction');

    const model = await loadModel(project.modelDir, createNodeFileAccess());
    const engine = predictTable(model, (await readCsvText(csv)).table, { probabilities: true });
    const expected = engine.table.columns.find((c) => c.name === engine.predictionColumn);
    if (prediction?.kind !== 'numeric' || expected?.kind !== 'numeric') throw new Error('numeric predictions expected');
    for (let i = 0; i < 100; i++) expect(Math.abs((prediction.values[i] ?? 0) - (expected.values[i] ?? 0)) / Math.abs(expected.values[i] ?? 1)).toBeLessThan(1e-4);
  });

  it('predict.js reads standard input and reports a coded error for bad data', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mw-export-')), 'model');
    return exportModelFolder(project.modelDir, out).then(() => {
      const ok = spawnSync(process.execPath, [join(out, 'predict.js'), '-'], { input: housesCsv(0, 3), encoding: 'utf8' });
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout.split('\n')[0]).toBe('city,sqft,bedrooms,age_years,garage,price,listed,prediction');
      const bad = spawnSync(process.execPath, [join(out, 'predict.js'), '-'], { input: 'a,b\n1,2\n', encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/^error MW_PREDICT_SCHEMA_MISMATCH: .*missing columns "city", "sqft"/);
      expect(spawnSync(process.execPath, [join(out, 'predict.js')], { encoding: 'utf8' }).status).toBe(2);
    });
  });

  it('refuses a folder that is not a model', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mw-not-a-model-'));
    await expect(exportModelFolder(empty, join(empty, 'out'))).rejects.toMatchObject({ code: 'MW_MODEL_FILE_INVALID' });
    expect(existsSync(join(empty, 'out'))).toBe(false);
  });
});
