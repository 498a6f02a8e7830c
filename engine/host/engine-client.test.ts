import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MwError } from '../errors';
import { emptyGraph, type Graph } from '../graph/schema';
import type { RunEvent } from '../run/events';
import { createEngineClient, type EngineClient } from './engine-client';

const testWorker = new URL('./test-support/test-worker.ts', import.meta.url);
let dir: string;
let engine: EngineClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-engine-'));
  await copyFile(new URL('../../examples/iris.csv', import.meta.url), join(dir, 'iris.csv'));
  engine = createEngineClient({ workerUrl: testWorker, cancelGraceMs: 300 });
});
afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

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
