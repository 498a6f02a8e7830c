import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostError, decodeBinaryRequest } from '../../../engine/host/contract';
import type { RunEvent } from '../../../engine/run/events';
import { uploadFile } from './upload';
import { createWebSocketHost, type ConnectionState, type WebSocketLike } from './ws-client';
import { webSocketUrl } from './index';

type Listener = (event: { readonly data?: unknown }) => void;

/** A scripted socket: the test plays the server. */
class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: (string | Uint8Array)[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {}
  send(data: string | ArrayBufferView | ArrayBuffer): void {
    this.sent.push(typeof data === 'string' ? data : new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer));
  }
  close(): void {
    this.drop();
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string, data?: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l({ data });
  }
  open(): void {
    this.readyState = 1;
    this.fire('open');
  }
  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.fire('close');
  }
  reply(message: unknown): void {
    this.fire('message', JSON.stringify(message));
  }
  lastRequest(): { id: number; method: string; params?: unknown } {
    const last = this.sent.at(-1);
    if (typeof last !== 'string') throw new Error('last message was not text');
    return JSON.parse(last) as { id: number; method: string; params?: unknown };
  }
}

const sockets: FakeSocket[] = [];
function makeHost(options: { queueTimeoutMs?: number } = {}) {
  return createWebSocketHost({
    url: 'ws://127.0.0.1:1/ws?token=t',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    initialBackoffMs: 10,
    maxBackoffMs: 20,
    ...options,
  });
}
const current = () => sockets.at(-1) as FakeSocket;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  sockets.length = 0;
  vi.useRealTimers();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof HostError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('WebSocket HostApi client', () => {
  it('matches responses to requests by id and validates them', async () => {
    const host = makeHost();
    current().open();
    const info = host.getInfo();
    const run = host.run({ graph: { format: 'modelwright.graph', version: 1, metadata: { name: 'x' }, nodes: [], edges: [] } });
    const [first, second] = current().sent.map((m) => JSON.parse(m as string) as { id: number; method: string });
    expect(first?.method).toBe('getInfo');
    expect(second?.method).toBe('run');
    current().reply({ id: second?.id, result: { runId: 'r1' } });
    current().reply({ id: first?.id, result: { nope: true } });
    expect(await run).toEqual({ runId: 'r1' });
    expect(await codeOf(info)).toBe('MW_IPC_BAD_PAYLOAD');
    host.close();
  });

  it('rejects with the host error, and refuses invalid requests before sending them', async () => {
    const host = makeHost();
    current().open();
    const opened = host.openProject({ path: '/nowhere' });
    current().reply({ id: current().lastRequest().id, error: { code: 'MW_PROJECT_NOT_FOUND', message: 'm', hint: 'h', location: {} } });
    expect(await codeOf(opened)).toBe('MW_PROJECT_NOT_FOUND');
    const count = current().sent.length;
    expect(await codeOf(host.cancel({ runId: '' }))).toBe('MW_IPC_BAD_PAYLOAD');
    expect(current().sent.length).toBe(count);
    host.close();
  });

  it('delivers run events to subscribers until they unsubscribe; ignores malformed server messages', async () => {
    const host = makeHost();
    current().open();
    const seen: RunEvent[] = [];
    const off = host.onEvent((e) => seen.push(e));
    current().reply({ event: 'run', data: { type: 'log', runId: 'r', time: 1, level: 'info', message: 'hello' } });
    current().reply({ event: 'run', data: { type: 'bogus' } });
    current().fire('message', 'not json');
    off();
    current().reply({ event: 'run', data: { type: 'log', runId: 'r', time: 2, level: 'info', message: 'later' } });
    expect(seen.map((e) => e.type === 'log' && e.message)).toEqual(['hello']);
    host.close();
  });

  it('sends upload chunks as binary frames', async () => {
    const host = makeHost();
    current().open();
    const ack = host.importChunk({ importId: 'u1', offset: 4, data: new Uint8Array([9, 8, 7]) });
    const frame = current().sent.at(-1);
    expect(frame).toBeInstanceOf(Uint8Array);
    const decoded = decodeBinaryRequest(frame as Uint8Array);
    expect(decoded).toMatchObject({ method: 'importChunk', params: { importId: 'u1', offset: 4 } });
    expect(Array.from((decoded?.params as { data: Uint8Array }).data)).toEqual([9, 8, 7]);
    current().reply({ id: decoded?.id, result: { received: 7 } });
    expect(await ack).toEqual({ received: 7 });
    host.close();
  });

  it('fails in-flight requests with MW_HOST_DISCONNECTED on a drop, reconnects, and sends queued requests', async () => {
    const host = makeHost();
    const states: ConnectionState[] = [];
    host.onConnectionChange((s) => states.push(s));
    current().open();
    const inFlight = host.listProjects();
    current().drop();
    expect(await codeOf(inFlight)).toBe('MW_HOST_DISCONNECTED');
    expect(host.connection).toBe('reconnecting');
    const queued = host.listExamples();
    await vi.waitFor(() => expect(sockets.length).toBe(2));
    current().open();
    expect(current().lastRequest().method).toBe('listExamples');
    current().reply({ id: current().lastRequest().id, result: [] });
    expect(await queued).toEqual([]);
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    host.close();
    expect(host.connection).toBe('closed');
    expect(await codeOf(host.getInfo())).toBe('MW_HOST_DISCONNECTED');
  });

  it('fails a request queued while disconnected after the queue timeout', async () => {
    const host = makeHost({ queueTimeoutMs: 30 });
    const waiting = host.getInfo();
    expect(await codeOf(waiting)).toBe('MW_HOST_DISCONNECTED');
    host.close();
  });

  it('builds the socket URL from the page location and keeps the token for reloads', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000', search: '?token=abc' }, storage)).toBe('ws://127.0.0.1:4000/ws?token=abc');
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000', search: '' }, storage)).toBe('ws://127.0.0.1:4000/ws?token=abc');
  });

  it('uploads a file in order, a few chunks in flight, and reports progress', async () => {
    const host = makeHost();
    current().open();
    const bytes = new Uint8Array(10).map((_, i) => i);
    const file = { name: 'a.csv', size: bytes.length, slice: (s: number, e: number) => ({ arrayBuffer: async () => bytes.slice(s, e).buffer }) };
    const progress: number[] = [];
    // Play the server: answer each request as it arrives.
    let received = 0;
    const serve = setInterval(() => {
      for (const message of current().sent.splice(0)) {
        if (typeof message === 'string') {
          const req = JSON.parse(message) as { id: number; method: string };
          if (req.method === 'beginImport') current().reply({ id: req.id, result: { importId: 'u' } });
          if (req.method === 'finishImport') current().reply({ id: req.id, result: { path: 'data/a.csv', size: 10, sha256: 'a'.repeat(64), table: null, error: null, warnings: [], suggestedTargets: [] } });
        } else {
          const decoded = decodeBinaryRequest(message);
          const params = decoded?.params as { offset: number; data: Uint8Array };
          expect(params.offset).toBe(received);
          received += params.data.byteLength;
          current().reply({ id: decoded?.id, result: { received } });
        }
      }
    }, 1);
    const summary = await uploadFile(host, '/p', file, { chunkBytes: 3, onProgress: (p) => progress.push(p.sent) });
    clearInterval(serve);
    expect(summary.path).toBe('data/a.csv');
    expect(progress).toEqual([3, 6, 9, 10]);
    await tick();
    host.close();
  });
});
