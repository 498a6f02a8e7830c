import fc from 'fast-check';
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeBinaryRequest } from './contract';
import { createHostService, type HostService } from './service';
import { startWebServer, type WebServer } from './web-server';

let root: string;
let service: HostService;
let server: WebServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-web-'));
  const dist = join(root, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Modelwright</title><script type="module" src="/assets/app.js"></script>');
  await writeFile(join(dist, 'assets', 'app.js'), 'console.log("app");');
  await writeFile(join(root, 'secret.txt'), 'outside the static folder');
  await writeFile(join(dist, '.env'), 'SECRET=1');
  service = createHostService({ mode: 'browser', workspace: join(root, 'ws'), examplesDir: join(root, 'examples'), version: '0.0.0-test' });
  server = await startWebServer({ api: service, staticDir: dist });
});

afterAll(async () => {
  await server.close();
  await service.close();
  await rm(root, { recursive: true, force: true });
});

interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP GET with full control of the headers (fetch forbids setting Host). */
function get(path: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET', headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with it once open, or with the HTTP status the upgrade was refused with. */
function connect(path: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

async function socket(): Promise<WebSocket> {
  const ws = await connect(`/ws?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port}` });
  if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
  return ws;
}

/** Sends one message and resolves with the next response (events are skipped). */
function roundTrip(ws: WebSocket, message: string | Uint8Array, binary = false): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const parsed = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if ('event' in parsed) return;
      ws.off('message', onMessage);
      resolve(parsed);
    };
    ws.on('message', onMessage);
    ws.send(message, { binary });
  });
}

describe('browser-mode server: HTTP', () => {
  it('serves the page with the token, and sets an HttpOnly SameSite=Strict cookie for the assets', async () => {
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Modelwright</title>');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const asset = await get('/assets/app.js', { Cookie: cookie.split(';')[0] ?? '' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('refuses requests without the token (401) or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get(`/?token=${'0'.repeat(32)}`)).status).toBe(401);
    expect((await get('/?token=short')).status).toBe(401);
    expect((await get('/', { Cookie: `mw_token_${server.port}=${'f'.repeat(32)}` })).status).toBe(401);
  });

  it('refuses a foreign Host header or Origin (DNS rebinding) with 403, even with the token', async () => {
    expect((await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, { Host: '127.0.0.1:1' })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('does not serve files outside the static folder or dotfiles', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/.env', '/%00', '/nope.js']) {
      expect((await get(`${path}?token=${server.token}`)).status, path).toBe(404);
    }
  });
});

describe('browser-mode server: WebSocket', () => {
  it('refuses upgrades without the token, with a foreign Origin or Host, or on another path', async () => {
    expect(await connect('/ws')).toBe(401);
    expect(await connect(`/ws?token=${'a'.repeat(32)}`)).toBe(401);
    expect(await connect(`/ws?token=${server.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await connect(`/ws?token=${server.token}`, { Origin: 'null' })).toBe(403);
    expect(await connect(`/ws?token=${server.token}`, { Host: `evil.example:${server.port}` })).toBe(403);
    expect(await connect(`/other?token=${server.token}`)).toBe(404);
  });

  it('answers requests by id, and void results with {id}', async () => {
    const ws = await socket();
    const info = await roundTrip(ws, JSON.stringify({ id: 1, method: 'getInfo' }));
    expect(info).toMatchObject({ id: 1, result: { mode: 'browser', version: '0.0.0-test' } });
    expect(await roundTrip(ws, JSON.stringify({ id: 2, method: 'cancel', params: { runId: 'none' } }))).toEqual({ id: 2 });
    ws.close();
  });

  it('answers malformed messages with MW_IPC_BAD_PAYLOAD and keeps the connection up', async () => {
    const ws = await socket();
    const bad = [
      'not json',
      '[]',
      '{"id": 3}',
      '{"id": 4, "method": "nope"}',
      '{"id": 5, "method": "__proto__"}',
      '{"id": 6, "method": "run", "params": {"graph": 1}}',
      '{"id": 7, "method": "getInfo", "params": {"x": 1}, "extra": true}',
      '{"id": -1, "method": "getInfo"}',
    ];
    for (const message of bad) {
      const reply = await roundTrip(ws, message);
      expect((reply['error'] as { code: string }).code, message).toBe('MW_IPC_BAD_PAYLOAD');
    }
    const reply = await roundTrip(ws, JSON.stringify({ id: 6, method: 'run', params: { graph: 1 } }));
    expect(reply['id']).toBe(6);
    // Binary frames: garbage, and a binary frame for a method other than importChunk.
    expect(((await roundTrip(ws, new Uint8Array([1, 2, 3]), true))['error'] as { code: string }).code).toBe('MW_IPC_BAD_PAYLOAD');
    const wrong = encodeBinaryRequest({ id: 9, method: 'getInfo', params: {} }, new Uint8Array(1));
    expect(await roundTrip(ws, wrong, true)).toMatchObject({ id: 9, error: { code: 'MW_IPC_BAD_PAYLOAD' } });
    // Still up:
    expect(await roundTrip(ws, JSON.stringify({ id: 10, method: 'getInfo' }))).toMatchObject({ id: 10 });
    ws.close();
  });

  it('survives fuzzed messages: every one gets a coded error, the connection stays up', async () => {
    const ws = await socket();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string().map((s) => ({ text: s })),
          fc.record({ id: fc.nat(), method: fc.constantFrom('run', 'openProject', 'beginImport', 'autosave', 'importChunk', 'x'), params: fc.jsonValue() }).map((m) => ({ text: JSON.stringify(m) })),
          fc.uint8Array({ maxLength: 200 }).map((b) => ({ binary: b })),
        ),
        async (input) => {
          const reply = 'text' in input ? await roundTrip(ws, input.text) : await roundTrip(ws, input.binary, true);
          expect(reply['error'], JSON.stringify(input).slice(0, 200)).toMatchObject({ code: expect.stringMatching(/^MW_/) });
        },
      ),
      { numRuns: 300 },
    );
    expect(await roundTrip(ws, JSON.stringify({ id: 1, method: 'getInfo' }))).toMatchObject({ id: 1, result: { mode: 'browser' } });
    ws.close();
  });

  it('uploads a file in binary chunks over the socket', async () => {
    const ws = await socket();
    const created = await roundTrip(ws, JSON.stringify({ id: 1, method: 'newProject', params: { name: 'Upload' } }));
    const projectPath = (created['result'] as { project: { path: string } }).project.path;
    const csv = new TextEncoder().encode('x,y\n1,a\n2,b\n3,a\n');
    const begun = await roundTrip(ws, JSON.stringify({ id: 2, method: 'beginImport', params: { projectPath, fileName: 'small.csv', size: csv.byteLength } }));
    const importId = (begun['result'] as { importId: string }).importId;
    const first = await roundTrip(ws, encodeBinaryRequest({ id: 3, method: 'importChunk', params: { importId, offset: 0 } }, csv.subarray(0, 7)), true);
    expect(first).toEqual({ id: 3, result: { received: 7 } });
    await roundTrip(ws, encodeBinaryRequest({ id: 4, method: 'importChunk', params: { importId, offset: 7 } }, csv.subarray(7)), true);
    const done = await roundTrip(ws, JSON.stringify({ id: 5, method: 'finishImport', params: { importId } }));
    expect(done).toMatchObject({ id: 5, result: { path: 'data/small.csv', table: { rowCount: 3 } } });
    ws.close();
  });
});
