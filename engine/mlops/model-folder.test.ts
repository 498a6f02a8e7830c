/**
 * Model folders end to end, on one trained houses.csv model: what a run saves, the exported folder and its
 * dependency-free predict.js, `serve` (with a 1,200-request fuzz on loopback) and `monitor` (drift).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../data/csv/index';
import { createNodeFileAccess } from '../io/node-files';
import { ensureBackend } from '../ml/backend/select';
import type { ModelBundle } from '../ml/model';
import { loadModel } from '../ml/model-files/index';
import { predictTable } from '../nodes/predict/execute';
import { exportModelFolder, readReference } from './export';
import { monitorModelFolder } from './monitor';
import { createRng } from './random';
import { startServer, type RunningServer } from './serve';
import { housesCsv, shiftedHousesCsv, trainedHousesProject, type TrainedProject } from './test-support';

let project: TrainedProject;
let model: ModelBundle;
let server: RunningServer;
let dataDir: string;
const MAX_BODY = 16 * 1024;
const MAX_ROWS = 50;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  project = await trainedHousesProject();
  await ensureBackend();
  model = await loadModel(project.modelDir, createNodeFileAccess());
  const reference = await readReference(project.modelDir);
  server = await startServer(model, { port: 0, maxBodyBytes: MAX_BODY, maxRows: MAX_ROWS, inputTypes: reference?.inputTypes ?? {} });
  dataDir = mkdtempSync(join(tmpdir(), 'mw-monitor-'));
  writeFileSync(join(dataDir, 'same.csv'), housesCsv(0, 2000));
  writeFileSync(join(dataDir, 'shifted.csv'), shiftedHousesCsv());
  writeFileSync(join(dataDir, 'other.csv'), 'town,area\nA,1\n');
}, 120_000);
afterAll(async () => {
  agent.destroy();
  await server.close();
  project.store.close();
});

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

interface Reply {
  status: number;
  body: unknown;
}

function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const goodRow = { city: 'Lakeside', sqft: 1800, bedrooms: 3, age_years: 20, garage: 1, listed: '2025-03-01' };
const code = (r: Reply) => (r.body as { error?: { code?: string } }).error?.code;

describe('modelwright serve', () => {
  it('answers /health, /schema and a prediction', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call('GET', '/health')).body).toMatchObject({ ok: true, task: 'regression' });
    const schema = (await call('GET', '/schema')).body as { inputs: { name: string }[]; target: string };
    expect(schema.target).toBe('price');
    expect(schema.inputs.map((c) => c.name)).toEqual(['city', 'sqft', 'bedrooms', 'age_years', 'garage', 'listed']);
    const r = await call('POST', '/predict', JSON.stringify({ rows: [goodRow, { ...goodRow, sqft: null, city: 'Nowhere' }] }));
    expect(r.status).toBe(200);
    const predictions = (r.body as { predictions: { prediction: number }[] }).predictions;
    expect(predictions).toHaveLength(2);
    expect(predictions[0]?.prediction).toBeGreaterThan(50_000);
    expect(Number.isFinite(predictions[1]?.prediction)).toBe(true);
  });

  it('refuses bad requests with coded 4xx errors', async () => {
    const post = (body: unknown) => call('POST', '/predict', typeof body === 'string' ? body : JSON.stringify(body));
    expect(await post('{"rows": [')).toMatchObject({ status: 400, body: { error: { code: 'MW_SERVE_BAD_REQUEST' } } });
    expect(code(await post({ rows: [{ ...goodRow, sqft: '1800' }] }))).toBe('MW_SERVE_BAD_REQUEST');
    expect(((await post({ rows: [{ ...goodRow, sqft: '1800' }] })).body as { error: { message: string } }).error.message).toMatch(/"sqft" must be a finite number/);
    expect(code(await post({ rows: [{ city: 'Lakeside' }] }))).toBe('MW_SERVE_BAD_REQUEST');
    expect(code(await post({ rows: [{ ...goodRow, sqfeet: 1 }] }))).toBe('MW_SERVE_BAD_REQUEST');
    expect(code(await post({ rows: [] }))).toBe('MW_SERVE_BAD_REQUEST');
    expect(await post({ rows: Array.from({ length: MAX_ROWS + 1 }, () => goodRow) })).toMatchObject({ status: 413, body: { error: { code: 'MW_SERVE_TOO_LARGE' } } });
    expect(await post('x'.repeat(MAX_BODY + 1))).toMatchObject({ status: 413, body: { error: { code: 'MW_SERVE_TOO_LARGE' } } });
    expect(await call('POST', '/predict', '{}', { 'content-type': 'text/csv' })).toMatchObject({ status: 415, body: { error: { code: 'MW_SERVE_MEDIA_TYPE' } } });
    expect(await call('GET', '/predict')).toMatchObject({ status: 405, body: { error: { code: 'MW_SERVE_METHOD' } } });
    expect(await call('GET', '/admin')).toMatchObject({ status: 404, body: { error: { code: 'MW_SERVE_NOT_FOUND' } } });
  });

  it('survives a fuzz of 1,200 requests on loopback, answering each with 200 or a coded 4xx', async () => {
    const rng = createRng(20250101);
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
    const junkValues: unknown[] = ['', 'abc', '12', true, false, [], {}, [1], { a: 1 }, -1e308, 1e308, 0, null, '\u0000', 'Lakeside', '💥'];
    const randomJson = (depth: number): unknown => {
      const kind = rng.int(depth > 3 ? 4 : 7);
      if (kind === 0) return rng.next() * 1e6 - 5e5;
      if (kind === 1) return pick(['', 'rows', 'city', 'x'.repeat(rng.int(50))]);
      if (kind === 2) return pick([true, false, null]);
      if (kind === 3) return rng.int(10);
      if (kind === 4) return Array.from({ length: rng.int(4) }, () => randomJson(depth + 1));
      return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [pick(['rows', 'city', 'sqft', 'garage', 'extra', '']), randomJson(depth + 1)]));
    };
    type Case = () => { method: string; path: string; body?: string | Buffer; headers?: Record<string, string>; expect: number[] };
    const json = { 'content-type': 'application/json' };
    const cases: Case[] = [
      () => ({ method: 'POST', path: '/predict', body: JSON.stringify({ rows: Array.from({ length: 1 + rng.int(5) }, () => ({ ...goodRow, sqft: rng.next() < 0.2 ? null : 500 + rng.int(3000), city: pick(['Lakeside', 'Riverton', 'Springfield', 'Elsewhere']) })) }), expect: [200] }),
      () => {
        const row: Record<string, unknown> = { ...goodRow };
        row[pick(Object.keys(goodRow))] = pick(junkValues.filter((v) => typeof v !== 'number' && v !== null));
        // A categorical column accepts text, numbers and booleans; a numeric one only numbers.
        const body = JSON.stringify({ rows: [row] });
        return { method: 'POST', path: '/predict', body, expect: [200, 400] };
      },
      () => {
        const dropped = pick(Object.keys(goodRow));
        const row = Object.fromEntries(Object.entries(goodRow).filter(([k]) => k !== dropped));
        return { method: 'POST', path: '/predict', body: JSON.stringify({ rows: [row] }), expect: [400] };
      },
      () => ({ method: 'POST', path: '/predict', body: JSON.stringify({ rows: [{ ...goodRow, [`extra${rng.int(9)}`]: 1 }] }), expect: [400] }),
      () => {
        const text = JSON.stringify({ rows: [goodRow] });
        return { method: 'POST', path: '/predict', body: text.slice(0, rng.int(text.length)), expect: [400] };
      },
      () => ({ method: 'POST', path: '/predict', body: Buffer.from(Array.from({ length: 1 + rng.int(200) }, () => rng.int(256))), expect: [400] }),
      () => ({ method: 'POST', path: '/predict', body: JSON.stringify(randomJson(0)), expect: [400, 413] }),
      () => ({ method: 'POST', path: '/predict', body: `{"rows":[${'['.repeat(5000)}${']'.repeat(5000)}]}`, expect: [400] }),
      () => ({ method: 'POST', path: '/predict', body: JSON.stringify({ rows: Array.from({ length: MAX_ROWS + 1 + rng.int(20) }, () => goodRow) }), expect: [413] }),
      () => ({ method: 'POST', path: '/predict', body: 'x'.repeat(MAX_BODY + 1 + rng.int(100_000)), expect: [413] }),
      () => ({ method: 'POST', path: '/predict', body: '{}', headers: { 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', '', 'application/jsonx']) }, expect: [415] }),
      () => ({ method: pick(['GET', 'PUT', 'DELETE', 'PATCH']), path: '/predict', expect: [405] }),
      () => ({ method: pick(['GET', 'POST']), path: pick(['/', '/predict/', '/../etc/passwd', '/%00', `/${'a'.repeat(rng.int(500))}`]), expect: [404] }),
      () => ({ method: 'POST', path: '/health', body: '{}', expect: [405] }),
    ];
    const total = 1200;
    const seen = new Map<number, number>();
    for (let batch = 0; batch < total; batch += 24) {
      const replies = await Promise.all(
        Array.from({ length: 24 }, async () => {
          const c = pick(cases)();
          const reply = await call(c.method, c.path, c.body, c.headers ?? json);
          return { c, reply };
        }),
      );
      for (const { c, reply } of replies) {
        seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
        expect(c.expect, `${c.method} ${c.path} ${String(c.body).slice(0, 80)} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`).toContain(reply.status);
        if (reply.status !== 200) expect(code(reply)).toMatch(/^MW_(SERVE_|PREDICT_)/);
      }
    }
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(total);
    expect(seen.get(200)).toBeGreaterThan(50);
    expect((await call('GET', '/health')).status).toBe(200); // still up
  }, 120_000);
});

describe('monitoring a model folder', () => {
  const files = () => createNodeFileAccess(dataDir);

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
