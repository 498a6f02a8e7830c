import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFileAccess } from '../io/node-files';
import { ensureBackend } from '../ml/backend/select';
import type { ModelBundle } from '../ml/model';
import { loadModel } from '../ml/model-files/index';
import { readReference } from './export';
import { createRng } from './random';
import { startServer, type RunningServer } from './serve';
import { trainedHousesProject, type TrainedProject } from './test-support';

let project: TrainedProject;
let model: ModelBundle;
let server: RunningServer;
const MAX_BODY = 16 * 1024;
const MAX_ROWS = 50;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  project = await trainedHousesProject();
  await ensureBackend();
  model = await loadModel(project.modelDir, createNodeFileAccess());
  const reference = await readReference(project.modelDir);
  server = await startServer(model, { port: 0, maxBodyBytes: MAX_BODY, maxRows: MAX_ROWS, inputTypes: reference?.inputTypes ?? {} });
}, 120_000);
afterAll(async () => {
  agent.destroy();
  await server.close();
  project.store.close();
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
