import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rejectedCode, thrownCode } from '../nodes/test-support';
import { parseChampionFile } from './champion-file';
import { SCHEMA_VERSION } from './migrations';
import { runComparisonSchema, runDetailSchema, runListSchema } from './schema';
import { RunStore } from './store';
import { syntheticRun, trainingGraph } from './test-support';

const open: RunStore[] = [];
function freshStore(now = () => Date.UTC(2025, 0, 1)): { store: RunStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mw-runstore-'));
  const store = RunStore.open(dir, { now });
  open.push(store);
  return { store, dir };
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const start = Date.UTC(2025, 0, 1);

describe('RunStore', () => {
  it('creates runs/runs.sqlite with WAL, synchronous=FULL and the current schema', () => {
    const { store, dir } = freshStore();
    expect(existsSync(join(dir, 'runs/runs.sqlite'))).toBe(true);
    expect(store.state).toEqual({ mode: 'read-write', problem: null, interrupted: [] });
    // Reopen read-only to look at the pragmas as stored.
    store.close();
    const again = RunStore.open(dir);
    open.push(again);
    expect(again.state.mode).toBe('read-write');
    const db = (again as unknown as { db: { pragma(s: string, o?: object): unknown } }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('records a run and reads it back in the documented shape', () => {
    const { store } = freshStore();
    const run = syntheticRun(0, start);
    store.beginRun(run.begin);
    expect(store.getRun(run.begin.id).status).toBe('running');
    store.finishRun(run.begin.id, run.finish);
    const detail = runDetailSchema.parse(store.getRun(run.begin.id));
    expect(detail).toMatchObject({ number: 1, name: 'variant 0', status: 'succeeded', upTo: null, folder: `runs/${run.begin.id}`, folderExists: false, champion: false });
    expect(detail.graph).toEqual(run.begin.graph);
    expect(detail.graphHash).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.headline).toMatchObject({ metric: 'r2', partition: 'test', higherIsBetter: true });
    expect(detail.metrics['evaluate']?.scores.test?.['rmse']).toBeGreaterThan(0);
    expect(detail.history['train']).toHaveLength(1);
    expect(detail.inputs).toEqual([{ nodeId: 'data', path: 'data.csv', sha256: 'a'.repeat(64) }]);
  });

  it('hashes graphs by what they compute, not by layout or name', () => {
    const { store } = freshStore();
    const a = syntheticRun(0, start);
    const moved = { ...a.begin.graph, metadata: { name: 'renamed' }, nodes: a.begin.graph.nodes.map((n) => ({ ...n, position: { x: n.position.x + 5, y: 9 } })) };
    const b = { ...syntheticRun(1, start), begin: { ...a.begin, id: 'moved', graph: moved } };
    const c = syntheticRun(2, start);
    store.insertFinishedRuns([a, b, c]);
    const hash = (id: string) => store.getRun(id).graphHash;
    expect(hash('moved')).toBe(hash(a.begin.id));
    expect(hash(c.begin.id)).not.toBe(hash(a.begin.id));
    expect(store.listRuns({ graphHash: hash(a.begin.id) }).runs.map((r) => r.id).sort()).toEqual([a.begin.id, 'moved'].sort());
  });

  it('lists, filters, sorts and pages runs', () => {
    const { store } = freshStore();
    store.insertFinishedRuns(Array.from({ length: 60 }, (_, i) => syntheticRun(i, start)));
    store.setTags('run-00003', ['baseline', 'ci']);
    store.setTags('run-00009', ['ci']);
    store.setNotes('run-00006', 'Try a smaller learning rate next');

    const all = runListSchema.parse(store.listRuns());
    expect(all.total).toBe(60);
    expect(all.runs[0]?.id).toBe('run-00059'); // newest first
    expect(all.tags).toEqual(['baseline', 'ci']);
    expect(all.metrics).toContainEqual({ metric: 'rmse', partition: 'test' });

    const failed = store.listRuns({ status: ['failed', 'diverged'] });
    expect(failed.total).toBe(20);
    expect(failed.runs.every((r) => r.status === 'failed' || r.status === 'diverged')).toBe(true);

    expect(store.listRuns({ tag: 'ci' }).runs.map((r) => r.id).sort()).toEqual(['run-00003', 'run-00009']);
    expect(store.listRuns({ search: 'LEARNING rate' }).runs.map((r) => r.id)).toEqual(['run-00006']);
    expect(store.listRuns({ search: 'basel' }).runs.map((r) => r.id)).toEqual(['run-00003']);
    expect(store.listRuns({ search: '50%' }).total).toBe(0);
    expect(store.listRuns({ since: new Date(start + 10 * 60_000).toISOString(), until: new Date(start + 20 * 60_000).toISOString() }).total).toBe(10);

    const byRmse = store.listRuns({ sort: { by: 'metric', direction: 'asc', metric: { metric: 'rmse', partition: 'test' } }, columns: [{ metric: 'r2', partition: 'test' }] });
    const rmse = byRmse.runs.map((r) => r.metrics['test.rmse'] ?? null);
    const present = rmse.filter((v): v is number => v !== null);
    expect(present.length).toBe(30); // succeeded runs only have metrics
    expect(present).toEqual([...present].sort((a, b) => a - b));
    expect(rmse.slice(present.length).every((v) => v === null)).toBe(true); // runs without the metric last
    expect(byRmse.runs[0]?.metrics['test.r2']).toBeGreaterThan(0.9);

    const band = store.listRuns({ metric: { metric: 'rmse', partition: 'test', max: 1 } });
    expect(band.total).toBeGreaterThan(0);
    expect(band.runs.every((r) => (r.metrics['test.rmse'] ?? 99) <= 1)).toBe(true);

    const page = store.listRuns({ sort: { by: 'number', direction: 'asc' }, limit: 10, offset: 20 });
    expect(page.total).toBe(60);
    expect(page.runs.map((r) => r.number)).toEqual(Array.from({ length: 10 }, (_, i) => 21 + i));
  });

  it('compares runs: differing parameters, metric deltas, the best run, curves to overlay', () => {
    const { store } = freshStore();
    store.insertFinishedRuns([syntheticRun(0, start), syntheticRun(6, start), syntheticRun(12, start)]);
    const cmp = runComparisonSchema.parse(store.compareRuns(['run-00000', 'run-00006', 'run-00012']));
    const noise = cmp.params.find((p) => p.nodeId === 'evaluate' && p.param === 'noise');
    expect(noise).toMatchObject({ differs: true, values: [0.5, 2, 3.5] });
    expect(cmp.params.find((p) => p.nodeId === 'predict')).toBeUndefined(); // no params
    const rmse = cmp.metrics.find((m) => m.partition === 'test' && m.metric === 'rmse');
    expect(rmse?.deltas[0]).toBe(0);
    expect(rmse?.deltas[1]).toBeCloseTo((rmse?.values[1] ?? 0) - (rmse?.values[0] ?? 0), 12);
    expect(rmse?.best).toBe(0); // least noise
    expect(cmp.metrics.find((m) => m.partition === 'test' && m.metric === 'r2')?.best).toBe(0);
    expect(cmp.history.map((h) => [h.runId, h.epochs.length])).toEqual([
      ['run-00000', 1],
      ['run-00006', 7],
      ['run-00012', 4],
    ]);
    expect(thrownCode(() => store.compareRuns(['run-00000', 'nope']))).toBe('MW_RUN_NOT_FOUND');
  });

  it('restores the exact graph of a run', () => {
    const { store } = freshStore();
    const run = syntheticRun(4, start);
    store.insertFinishedRuns([run]);
    expect(store.restoreGraph(run.begin.id)).toEqual({ graph: run.begin.graph, runId: run.begin.id, number: 1 });
    expect(thrownCode(() => store.restoreGraph('missing'))).toBe('MW_RUN_NOT_FOUND');
  });

  it('keeps one champion per project with its history, and writes runs/champion.json', async () => {
    let clock = start;
    const { store, dir } = freshStore(() => (clock += 1000));
    const runs = [0, 6, 12].map((i) => {
      const r = syntheticRun(i, start);
      const path = `runs/${r.begin.id}/model-train`;
      mkdirSync(join(dir, path), { recursive: true });
      return { ...r, finish: { ...r.finish, artifacts: [{ kind: 'model' as const, nodeId: 'train', path }] } };
    });
    store.insertFinishedRuns(runs);
    const first = await store.promote('run-00006', { note: 'first' });
    expect(first).toMatchObject({ runId: 'run-00006', modelNode: 'train', modelPath: 'runs/run-00006/model-train', retiredAt: null, note: 'first' });
    const second = await store.promote('run-00000');
    const state = store.championState();
    expect(state.current?.runId).toBe('run-00000');
    expect(state.history.map((c) => [c.runId, c.retiredAt === null])).toEqual([
      ['run-00000', true],
      ['run-00006', false],
    ]);
    expect(second.promotedAt > first.promotedAt).toBe(true);
    expect(store.listRuns().runs.filter((r) => r.champion).map((r) => r.id)).toEqual(['run-00000']);
    const file = parseChampionFile(readFileSync(join(dir, 'runs/champion.json'), 'utf8'));
    expect(file?.champion.runId).toBe('run-00000');
    expect(file?.metrics?.scores.test?.['rmse']).toBeGreaterThan(0);
  });

  it('refuses to promote a run without a model, and a run whose folder was deleted by hand', async () => {
    const { store, dir } = freshStore();
    const failed = syntheticRun(3, start); // failed
    const noModel = syntheticRun(0, start);
    const deleted = syntheticRun(6, start);
    const path = `runs/${deleted.begin.id}/model-train`;
    mkdirSync(join(dir, path), { recursive: true });
    store.insertFinishedRuns([failed, noModel, { ...deleted, finish: { ...deleted.finish, artifacts: [{ kind: 'model', nodeId: 'train', path }] } }]);
    expect(await rejectedCode(store.promote(failed.begin.id))).toBe('MW_RUN_NO_MODEL');
    expect(await rejectedCode(store.promote(noModel.begin.id))).toBe('MW_RUN_NO_MODEL');
    rmSync(join(dir, 'runs', deleted.begin.id), { recursive: true });
    const detail = store.getRun(deleted.begin.id);
    expect(detail.folderExists).toBe(false);
    expect(detail.artifacts).toEqual([{ kind: 'model', nodeId: 'train', path, exists: false }]);
    expect(await rejectedCode(store.promote(deleted.begin.id))).toBe('MW_RUN_ARTIFACTS_MISSING');
    expect(store.championState().current).toBeNull();
  });

  it('rejects run ids that could escape the runs folder', () => {
    const { store } = freshStore();
    const run = syntheticRun(0, start);
    expect(thrownCode(() => store.beginRun({ ...run.begin, id: '../evil' }))).toBe('MW_RUN_NOT_FOUND');
  });

  it('stores notes and tags', () => {
    const { store } = freshStore();
    store.insertFinishedRuns([syntheticRun(0, start)]);
    store.setNotes('run-00000', 'good one');
    store.setTags('run-00000', [' prod ', 'prod', 'v2']);
    const detail = store.getRun('run-00000');
    expect(detail.notes).toBe('good one');
    expect(detail.tags).toEqual(['prod', 'v2']);
    expect(store.listRuns().runs[0]).toMatchObject({ hasNotes: true, tags: ['prod', 'v2'] });
    expect(thrownCode(() => store.setNotes('missing', 'x'))).toBe('MW_RUN_NOT_FOUND');
  });

  it('accepts graphs built by trainingGraph for later tests', () => {
    expect(trainingGraph({ gate: {} }).nodes.map((n) => n.kind)).toEqual(['rows', 'fit', 'score', 'predict', 'gate']);
  });
});
