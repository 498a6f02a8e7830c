import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeFileAccess } from '../io/node-files';
import { createLruCache } from '../run/cache';
import type { RunEvent } from '../run/events';
import { runGraph } from '../run/run-graph';
import { nodeArtifactWriter, type ArtifactWriter } from './artifacts';
import { createRunRecorder, type SaveModel } from './recorder';
import { runDetailSchema } from './schema';
import { RunStore } from './store';
import { recorderKinds, trainingGraph } from './test-support';

const kinds = recorderKinds();
const stores: RunStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'mw-recorder-'));
  writeFileSync(join(dir, 'data.csv'), 'x,y\n1,3\n');
  const store = RunStore.open(dir);
  stores.push(store);
  return { dir, store, files: createNodeFileAccess(dir) };
}

const saveModel: SaveModel = async (model, dir, { writer }) => {
  await writer.writeFile(join(dir, 'model.json'), JSON.stringify({ kind: model.kind }));
};

async function recordRun(p: ReturnType<typeof project>, graph = trainingGraph(), extra: { writer?: ArtifactWriter; cache?: ReturnType<typeof createLruCache>; runId?: string } = {}) {
  const events: RunEvent[] = [];
  const recorder = createRunRecorder({ store: p.store, projectDir: p.dir, saveModel, specs: kinds.specFor, versions: { modelwright: '0.1.0' }, ...(extra.writer === undefined ? {} : { writer: extra.writer }) });
  const outcome = await runGraph(graph, {
    files: p.files,
    specs: kinds.specFor,
    definitions: kinds.definitionFor,
    recorder,
    onEvent: (e) => events.push(e),
    ...(extra.cache === undefined ? {} : { cache: extra.cache }),
    ...(extra.runId === undefined ? {} : { runId: extra.runId }),
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  const finished = events.find((e) => e.type === 'run-finished');
  return { outcome, events, finished, detail: p.store.getRun(finished?.runId ?? '') };
}

describe('run recorder', () => {
  it('records everything about a run: snapshot, inputs, params, steps, metrics, history, backend, artifacts', async () => {
    const p = project();
    const { detail, finished } = await recordRun(p, trainingGraph({ epochs: 4 }), { runId: 'run-a' });
    expect(finished).toMatchObject({ status: 'succeeded' });
    const run = runDetailSchema.parse(detail);
    expect(run.status).toBe('succeeded');
    expect(run.graph.nodes.map((n) => n.id)).toEqual(['data', 'train', 'evaluate', 'predict']);
    expect(run.inputs).toEqual([{ nodeId: 'data', path: 'data.csv', sha256: createHash('sha256').update('x,y\n1,3\n').digest('hex') }]);
    expect(run.params['train']).toEqual({ kind: 'fit', label: 'Fit', params: { epochs: 4, learningRate: 0.01 } });
    expect(run.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['data', 'done'],
      ['train', 'done'],
      ['evaluate', 'done'],
      ['predict', 'done'],
    ]);
    expect(run.steps.every((s) => s.durationMs >= 0)).toBe(true);
    expect(Object.keys(run.metrics)).toEqual(['evaluate']);
    expect(run.headline).toMatchObject({ metric: 'r2', partition: 'test' });
    expect(run.history['train']?.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(run.backend).toBe('cpu');
    expect(run.versions).toMatchObject({ modelwright: '0.1.0', tfjs: '4.22.0', node: process.versions.node });
    expect(run.artifacts.map((a) => [a.kind, a.path, a.exists])).toEqual([
      ['other', 'runs/run-a/graph.json', true],
      ['model', 'runs/run-a/model-train', true],
      ['metrics', 'runs/run-a/metrics-evaluate.json', true],
      ['predictions', 'runs/run-a/predictions-predict.csv', true],
    ]);
    expect(readFileSync(join(p.dir, 'runs/run-a/predictions-predict.csv'), 'utf8').split('\n').slice(0, 2)).toEqual(['x,y', '0,1']);
    const metrics = JSON.parse(readFileSync(join(p.dir, 'runs/run-a/metrics-evaluate.json'), 'utf8')) as { curves: unknown };
    expect(metrics.curves).toBeDefined(); // the full result, curves included, lives in the artifact
  });

  it('records cached steps on a second run, and every run gets its own number', async () => {
    const p = project();
    const cache = createLruCache();
    await recordRun(p, trainingGraph(), { cache, runId: 'first' });
    const { detail } = await recordRun(p, trainingGraph(), { cache, runId: 'second' });
    expect(detail.number).toBe(2);
    expect(detail.steps.every((s) => s.status === 'cached')).toBe(true);
    expect(detail.metrics['evaluate']).toBeDefined();
  });

  it('a full disk while saving an artifact fails the run and keeps the database consistent', async () => {
    const p = project();
    const full: ArtifactWriter = {
      ...nodeArtifactWriter,
      async writeFile(path, data) {
        if (path.endsWith('.csv')) {
          // Half a file reaches the disk, then the disk is full.
          writeFileSync(`${path}.partial.tmp`, 'x,y\n');
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        await nodeArtifactWriter.writeFile(path, data);
      },
      async remove(path) {
        await nodeArtifactWriter.remove(`${path}.partial.tmp`);
        await nodeArtifactWriter.remove(path);
      },
    };
    const { outcome, finished, detail } = await recordRun(p, trainingGraph(), { writer: full, runId: 'disk-full' });
    expect(outcome.ok && outcome.result.status).toBe('failed');
    expect(finished).toMatchObject({ status: 'failed', error: { code: 'MW_DISK_WRITE', details: { code: 'ENOSPC' }, location: { nodeId: 'predict' } } });
    expect(detail.status).toBe('failed');
    expect(detail.error?.code).toBe('MW_DISK_WRITE');
    expect(detail.metrics['evaluate']).toBeDefined();
    expect(detail.artifacts.map((a) => a.kind)).toEqual(['other', 'model', 'metrics']);
    expect(readdirSync(join(p.dir, 'runs/disk-full')).sort()).toEqual(['graph.json', 'metrics-evaluate.json', 'model-train']);
    const db = new Database(join(p.dir, 'runs/runs.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT count(*) AS n FROM runs WHERE status = 'running'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('records a failing gate with its conditions; the run fails', async () => {
    const p = project();
    const graph = trainingGraph({ gate: { conditions: [{ metric: 'r2', op: '>=', value: 0.99999 }, { metric: 'rmse', partition: 'test', op: '<=', value: 100 }] } });
    const { finished, detail } = await recordRun(p, graph, { runId: 'gated' });
    expect(finished).toMatchObject({ status: 'failed', error: { code: 'MW_GATE_FAILED' } });
    expect(detail.gates).toHaveLength(1);
    expect(detail.gates[0]).toMatchObject({ nodeId: 'gate', passed: false });
    expect(detail.gates[0]?.conditions.map((c) => c.passed)).toEqual([false, true]);
  });

  it('re-checks a passed gate even when its output came from the cache', async () => {
    const p = project();
    const cache = createLruCache();
    const graph = trainingGraph({ gate: { conditions: [{ metric: 'rmse', op: '<=', value: 100 }] } });
    await recordRun(p, graph, { cache, runId: 'g1' });
    const { detail } = await recordRun(p, graph, { cache, runId: 'g2' });
    expect(detail.steps.find((s) => s.nodeId === 'gate')?.status).toBe('cached');
    expect(detail.gates).toEqual([{ nodeId: 'gate', passed: true, conditions: [expect.objectContaining({ label: 'test rmse ≤ 100', passed: true })] }]);
  });

  it('a gate that must beat the champion reads runs/champion.json', async () => {
    const p = project();
    const gate = { beatChampion: { enabled: true, margin: 0.001 } };
    const first = await recordRun(p, trainingGraph({ noise: 2, gate }), { runId: 'c1' });
    expect(first.detail.gates[0]?.conditions[0]?.label).toMatch(/no champion yet/);
    await p.store.promote('c1');
    const worse = await recordRun(p, trainingGraph({ noise: 3, gate }), { runId: 'c2' });
    expect(worse.finished).toMatchObject({ status: 'failed', error: { code: 'MW_GATE_FAILED' } });
    expect(worse.detail.gates[0]?.conditions[0]?.label).toMatch(/champion \(run 1\)/);
    const better = await recordRun(p, trainingGraph({ noise: 1, gate }), { runId: 'c3' });
    expect(better.finished).toMatchObject({ status: 'succeeded' });
    expect(better.detail.inputs.map((i) => i.path)).toContain('runs/champion.json');
  });

  it('runs without recording when the store is read-only', async () => {
    const p = project();
    p.store.close();
    const readOnly = RunStore.open(p.dir, { readOnly: true });
    stores.push(readOnly);
    const recorder = createRunRecorder({ store: readOnly, projectDir: p.dir });
    const outcome = await runGraph(trainingGraph(), { files: p.files, specs: kinds.specFor, definitions: kinds.definitionFor, recorder });
    expect(outcome.ok && outcome.result.status).toBe('succeeded');
    expect(recorder.recorded()).toBe(false);
    expect(readOnly.listRuns().total).toBe(0);
  });
});
