import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MwError } from '../errors';
import { emptyGraph, type Graph } from '../graph/schema';
import type { RunEvent } from '../run/events';
import { createEngineClient, type EngineClient, type EngineProcess } from './engine-client';
import type { FromEngine, ToEngine } from './engine-protocol';

const testWorker = new URL('./test-support/test-worker.ts', import.meta.url);
let dir: string;
let engine: EngineClient;

function graph(nodes: { id: string; kind: string; params?: Record<string, unknown> }[], edges: [string, string][] = []): Graph {
  return {
    ...emptyGraph('t'),
    nodes: nodes.map((n) => ({ id: n.id, kind: n.kind, version: 1, params: n.params ?? {}, position: { x: 0, y: 0 } })),
    edges: edges.map(([from, to], i) => ({ id: `e${i}`, from: { node: from, port: 'table' }, to: { node: to, port: 'table' } })),
  };
}

/** Runs to the end and returns its events. */
function runToEnd(runId: string, g: Graph, upTo?: string, during?: (e: RunEvent) => void): Promise<RunEvent[]> {
  return new Promise((resolve) => {
    const events: RunEvent[] = [];
    const off = engine.onEvent((event) => {
      if (event.runId !== runId) return;
      events.push(event);
      during?.(event);
      if (event.type === 'run-finished') {
        off();
        resolve(events);
      }
    });
    engine.startRun({ runId, graph: g, baseDir: dir, ...(upTo === undefined ? {} : { upTo }) });
  });
}

const iris = graph(
  [
    { id: 'src', kind: 'csv-source', params: { path: 'iris.csv' } },
    { id: 'split', kind: 'split' },
  ],
  [['src', 'split']],
);

function finished(events: RunEvent[]): Extract<RunEvent, { type: 'run-finished' }> {
  const last = events.at(-1);
  if (last?.type !== 'run-finished') throw new Error('no run-finished');
  return last;
}

describe('engine worker', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-engine-'));
    await copyFile(new URL('../../examples/iris.csv', import.meta.url), join(dir, 'iris.csv'));
    engine = createEngineClient({ workerUrl: testWorker, cancelGraceMs: 300 });
  });
  afterAll(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a graph in the worker and reuses unchanged steps from its cache', async () => {
    const first = await runToEnd('r1', iris);
    expect(finished(first).status).toBe('succeeded');
    const done = first.filter((e) => e.type === 'step-finished');
    expect(done.map((e) => [e.nodeId, e.cached])).toEqual([['src', false], ['split', false]]);
    const again = await runToEnd('r2', iris);
    expect(again.filter((e) => e.type === 'step-finished').map((e) => e.cached)).toEqual([true, true]);
    // Run to selected: only the source.
    const upTo = await runToEnd('r3', iris, 'src');
    expect(upTo.filter((e) => e.type === 'step-finished').map((e) => e.nodeId)).toEqual(['src']);
  });

  it('reports the TensorFlow.js backend a run used', async () => {
    expect(engine.backend).toBeNull();
    expect(finished(await runToEnd('b1', graph([{ id: 'b', kind: 'test-backend' }]))).status).toBe('succeeded');
    await vi.waitFor(() => expect(engine.backend).toBe('cpu (@tensorflow/tfjs-backend-cpu 4.22.0)'));
  });

  it('reports a graph that does not compile as a failed run with the error on the node', async () => {
    const events = await runToEnd('bad', graph([{ id: 'x', kind: 'no-such-kind' }]));
    expect(events.map((e) => e.type)).toEqual(['run-started', 'step-failed', 'run-finished']);
    expect(finished(events).error?.code).toBe('MW_NODE_UNKNOWN_KIND');
  });

  it('refuses a second run while one is active', async () => {
    const done = runToEnd('long', graph([{ id: 'w', kind: 'test-wait', params: { ms: 200 } }]));
    expect(() => engine.startRun({ runId: 'other', graph: iris, baseDir: dir })).toThrow(MwError);
    expect(finished(await done).status).toBe('succeeded');
  });

  it('cancels a run through the abort signal', async () => {
    const events = await runToEnd('c1', graph([{ id: 'w', kind: 'test-wait', params: { ms: 30_000 } }]), undefined, (e) => {
      if (e.type === 'progress') engine.cancel('c1');
    });
    expect(finished(events).status).toBe('cancelled');
  });

  it('stops a step stuck in synchronous work after the grace period, then keeps working', async () => {
    const events = await runToEnd('s1', graph([{ id: 's', kind: 'test-stuck', params: { ms: 5_000 } }]), undefined, (e) => {
      if (e.type === 'step-started') engine.cancel('s1');
    });
    expect(finished(events).status).toBe('cancelled');
    expect(events.find((e) => e.type === 'step-failed')).toMatchObject({ nodeId: 's', error: { code: 'MW_RUN_CANCELLED' } });
    expect(finished(await runToEnd('s2', iris)).status).toBe('succeeded');
  });

  it('marks the run failed with MW_ENGINE_CRASHED when the worker dies, and restarts it', async () => {
    const events = await runToEnd('x1', graph([{ id: 'boom', kind: 'test-crash' }]));
    expect(finished(events)).toMatchObject({ status: 'failed', error: { code: 'MW_ENGINE_CRASHED' } });
    expect(events.find((e) => e.type === 'step-failed')).toMatchObject({ nodeId: 'boom', error: { code: 'MW_ENGINE_CRASHED' } });
    expect(engine.activeRunId).toBeNull();
    const after = await runToEnd('x2', iris);
    expect(finished(after).status).toBe('succeeded');
    // The cache lived in the dead worker: the steps run again.
    expect(after.filter((e) => e.type === 'step-finished').every((e) => !e.cached)).toBe(true);
  });

  it('inspects CSV files: summary and suggested target, or the coded error in-band', async () => {
    const ok = await engine.inspect({ path: 'iris.csv', baseDir: dir });
    expect(ok.table?.rowCount).toBe(150);
    expect(ok.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ok.suggestedTargets[0]).toBe('species');
    await writeFile(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
    const ragged = await engine.inspect({ path: 'ragged.csv', baseDir: dir });
    expect(ragged.table).toBeNull();
    expect(ragged.error?.code).toBe('MW_CSV_RAGGED_ROW');
    await expect(engine.inspect({ path: 'missing.csv', baseDir: dir })).rejects.toMatchObject({ code: 'MW_FILE_NOT_FOUND' });
  });
});

/** A scripted engine: records what it is sent; the test plays its replies and its death. */
class FakeEngine implements EngineProcess {
  readonly sent: ToEngine[] = [];
  terminated = false;
  private messageListener: ((message: FromEngine) => void) | undefined;
  private exitListener: ((code: number, error?: Error) => void) | undefined;
  postMessage(message: ToEngine): void {
    this.sent.push(message);
  }
  onMessage(listener: (message: FromEngine) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (code: number, error?: Error) => void): void {
    this.exitListener = listener;
  }
  terminate(): void {
    this.terminated = true;
    this.exit(1);
  }
  reply(message: FromEngine): void {
    this.messageListener?.(message);
  }
  event(event: RunEvent): void {
    this.reply({ type: 'event', event });
  }
  exit(code: number, error?: Error): void {
    const listener = this.exitListener;
    this.exitListener = undefined;
    listener?.(code, error);
  }
}

function fakeClient(cancelGraceMs?: number) {
  const engines: FakeEngine[] = [];
  const logs: string[] = [];
  const client = createEngineClient({
    spawn: () => {
      const fake = new FakeEngine();
      engines.push(fake);
      return fake;
    },
    log: (line) => logs.push(line),
    ...(cancelGraceMs === undefined ? {} : { cancelGraceMs }),
  });
  const events: RunEvent[] = [];
  client.onEvent((event) => events.push(event));
  return { client, engines, logs, events };
}

const request = (runId: string) => ({ runId, graph: emptyGraph(), baseDir: '/p' });

describe('engine client over any engine process', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts the engine at once and forwards runs and their events', () => {
    const { client, engines, events } = fakeClient();
    expect(engines).toHaveLength(1);
    const fake = engines[0]!;
    fake.reply({ type: 'ready' });
    client.startRun(request('r1'));
    expect(fake.sent).toEqual([{ type: 'run', request: request('r1') }]);
    expect(client.activeRunId).toBe('r1');
    fake.event({ type: 'run-started', runId: 'r1', time: 1, steps: [] });
    fake.event({ type: 'run-finished', runId: 'r1', time: 2, status: 'succeeded', durationMs: 1 });
    fake.reply({ type: 'run-done', runId: 'r1', backend: 'tensorflow' });
    expect(events.map((event) => event.type)).toEqual(['run-started', 'run-finished']);
    expect(client.activeRunId).toBeNull();
    expect(client.backend).toBe('tensorflow');
  });

  it('refuses a second run while one is active (MW_RUN_BUSY)', () => {
    const { client } = fakeClient();
    client.startRun(request('r1'));
    expect(() => client.startRun(request('r2'))).toThrow(expect.objectContaining({ code: 'MW_RUN_BUSY' }));
  });

  it('a crash mid-run marks the run failed with MW_ENGINE_CRASHED on the running step, logs why and restarts', () => {
    const { client, engines, events, logs } = fakeClient();
    const first = engines[0]!;
    first.reply({ type: 'ready' });
    client.startRun(request('r1'));
    first.event({ type: 'run-started', runId: 'r1', time: 1, steps: [] });
    first.event({ type: 'step-started', runId: 'r1', time: 1, nodeId: 'train', kind: 'train' });
    first.exit(134, new Error('FatalError at v8::Heap'));

    const failed = events.filter((event) => event.type === 'step-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ nodeId: 'train', error: { code: 'MW_ENGINE_CRASHED', location: { nodeId: 'train' } } });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', runId: 'r1', status: 'failed', error: { code: 'MW_ENGINE_CRASHED', details: { exitCode: 134, reason: 'FatalError at v8::Heap' } } });
    expect(logs.join('\n')).toMatch(/engine stopped unexpectedly \(exit code 134, FatalError.*run r1 was marked failed.*new engine is starting/);
    expect(engines).toHaveLength(2);
    expect(client.activeRunId).toBeNull();

    // The next run goes to the new engine.
    client.startRun(request('r2'));
    expect(engines[1]!.sent).toEqual([{ type: 'run', request: request('r2') }]);
  });

  it('a crash before run-started still gives the caller a started and a finished event', () => {
    const { client, engines, events } = fakeClient();
    engines[0]!.reply({ type: 'ready' });
    client.startRun(request('r1'));
    engines[0]!.exit(1);
    expect(events.map((event) => [event.type, event.runId])).toEqual([['run-started', 'r1'], ['run-finished', 'r1']]);
  });

  it('rejects pending inspections when the engine dies', async () => {
    const { client, engines } = fakeClient();
    engines[0]!.reply({ type: 'ready' });
    const pending = client.inspect({ path: 'a.csv', baseDir: '/p' });
    engines[0]!.exit(1);
    await expect(pending).rejects.toMatchObject({ code: 'MW_ENGINE_CRASHED' });
  });

  it('does not restart in a loop when the engine dies before it was ready, and starts it when next needed', () => {
    const { client, engines, logs } = fakeClient();
    engines[0]!.exit(1, new Error('cannot load module'));
    expect(engines).toHaveLength(1);
    expect(logs[0]).toMatch(/cannot load module.*start again when needed/);
    client.startRun(request('r1'));
    expect(engines).toHaveLength(2);
    expect(engines[1]!.sent).toEqual([{ type: 'run', request: request('r1') }]);
  });

  it('answers inspections with the result or the coded error', async () => {
    const { client, engines } = fakeClient();
    const fake = engines[0]!;
    const first = client.inspect({ path: 'a.csv', baseDir: '/p' });
    const second = client.inspect({ path: 'b.csv', baseDir: '/p' });
    const ids = fake.sent.map((message) => (message.type === 'inspect' ? message.requestId : -1));
    const summary = { path: 'a.csv', size: 1, sha256: 'a'.repeat(64), table: null, error: null, warnings: [], suggestedTargets: [] };
    fake.reply({ type: 'inspect-result', requestId: ids[0]!, result: summary });
    fake.reply({ type: 'inspect-error', requestId: ids[1]!, error: { code: 'MW_FILE_NOT_FOUND', message: 'gone', hint: 'h', location: {} } });
    await expect(first).resolves.toEqual(summary);
    await expect(second).rejects.toMatchObject({ code: 'MW_FILE_NOT_FOUND', message: 'gone' });
  });

  it('terminates an engine stuck after a cancel, ends the run cancelled and starts a fresh one once it ended', async () => {
    vi.useFakeTimers();
    const { client, engines, events } = fakeClient(50);
    const stuck = engines[0]!;
    stuck.reply({ type: 'ready' });
    client.startRun(request('r1'));
    stuck.event({ type: 'run-started', runId: 'r1', time: 1, steps: [] });
    stuck.event({ type: 'step-started', runId: 'r1', time: 1, nodeId: 's', kind: 'test-stuck' });
    client.cancel('r1');
    expect(stuck.sent.at(-1)).toEqual({ type: 'cancel', runId: 'r1' });
    await vi.advanceTimersByTimeAsync(60);
    expect(stuck.terminated).toBe(true);
    expect(events.find((event) => event.type === 'step-failed')).toMatchObject({ nodeId: 's', error: { code: 'MW_RUN_CANCELLED' } });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled', error: { code: 'MW_RUN_CANCELLED' } });
    expect(engines).toHaveLength(2);
    // Whatever the stopped engine still says is not heard.
    const heard = events.length;
    stuck.event({ type: 'step-finished', runId: 'r1', time: 2, nodeId: 's', durationMs: 1, cached: false, outputs: {}, warnings: [] });
    expect(events).toHaveLength(heard);
  });

  it('closes without restarting, once the engine has ended', async () => {
    const { client, engines, logs } = fakeClient();
    await client.close();
    expect(engines[0]!.terminated).toBe(true);
    expect(engines).toHaveLength(1);
    expect(logs).toEqual([]);
  });
});
