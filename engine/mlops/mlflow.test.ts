import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeFileAccess } from '../io/node-files';
import { runGraph } from '../run/run-graph';
import { createRunRecorder } from '../runstore/recorder';
import { RunStore } from '../runstore/store';
import { recorderKinds, trainingGraph } from '../runstore/test-support';
import { exportRunToMlflow, mlflowKey } from './mlflow';

const stores: RunStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

async function recordedRun() {
  const dir = mkdtempSync(join(tmpdir(), 'mw-mlflow-'));
  writeFileSync(join(dir, 'data.csv'), 'x,y\n1,3\n');
  const store = RunStore.open(dir);
  stores.push(store);
  const kinds = recorderKinds();
  const recorder = createRunRecorder({
    store,
    projectDir: dir,
    specs: kinds.specFor,
    versions: { modelwright: '0.1.0' },
    saveModel: async (_m, path, { writer }) => writer.writeFile(join(path, 'model.json'), '{}'),
  });
  await runGraph(trainingGraph({ epochs: 3, gate: { conditions: [{ metric: 'rmse', op: '<=', value: 100 }] }, name: 'Houses' }), { files: createNodeFileAccess(dir), specs: kinds.specFor, definitions: kinds.definitionFor, recorder, runId: 'abc-123' });
  store.setNotes('abc-123', 'first try');
  store.setTags('abc-123', ['baseline']);
  return { dir, store, run: store.getRun('abc-123') };
}

/** Reads the export the way MLflow's FileStore does (PyYAML for meta.yaml; lines "ts value step"). */
const MLFLOW_READER = `
import json, os, sys, yaml
root, exp, run = sys.argv[1:4]
d = os.path.join(root, exp, run)
meta = yaml.safe_load(open(os.path.join(d, 'meta.yaml')))
exp_meta = yaml.safe_load(open(os.path.join(root, exp, 'meta.yaml')))
metrics = {}
for k in os.listdir(os.path.join(d, 'metrics')):
    rows = []
    for line in open(os.path.join(d, 'metrics', k)).read().splitlines():
        ts, value, step = line.split(' ')
        rows.append([int(ts), float(value), int(step)])
    metrics[k] = rows
params = {k: open(os.path.join(d, 'params', k)).read() for k in os.listdir(os.path.join(d, 'params'))}
tags = {k: open(os.path.join(d, 'tags', k)).read() for k in os.listdir(os.path.join(d, 'tags'))}
print(json.dumps({'meta': meta, 'experiment': exp_meta, 'metrics': metrics, 'params': params, 'tags': tags}))
`;

describe('MLflow export', () => {
  it('writes an mlruns run directory MLflow can read', async () => {
    const { dir, run } = await recordedRun();
    const mlruns = join(dir, 'mlruns');
    const out = await exportRunToMlflow(run, { mlrunsDir: mlruns, projectDir: dir, now: () => 1_700_000_000_000 });
    expect(out.experimentId).toBe('1');
    expect(readdirSync(mlruns).sort()).toEqual(['.trash', '0', '1']);
    expect(readFileSync(join(mlruns, '0/meta.yaml'), 'utf8')).toMatch(/^name: "Default"$/m);

    const py = spawnSync('/usr/bin/python3', ['-c', MLFLOW_READER, mlruns, out.experimentId, run.id], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const read = JSON.parse(py.stdout) as {
      meta: Record<string, unknown>;
      experiment: Record<string, unknown>;
      metrics: Record<string, [number, number, number][]>;
      params: Record<string, string>;
      tags: Record<string, string>;
    };
    expect(read.experiment).toMatchObject({ name: 'Houses', experiment_id: '1', lifecycle_stage: 'active' });
    expect(read.meta).toMatchObject({ run_id: 'abc-123', run_uuid: 'abc-123', experiment_id: '1', status: 3, source_type: 4, lifecycle_stage: 'active', tags: [] });
    expect(read.meta['start_time']).toBe(Date.parse(run.startedAt));
    expect(String(read.meta['artifact_uri'])).toMatch(/^file:\/\/.*\/mlruns\/1\/abc-123\/artifacts$/);
    expect(read.params['train.epochs']).toBe('3');
    expect(read.params['gate.conditions']).toBe('[{"metric":"rmse","op":"<=","value":100}]');
    expect(read.metrics['test_rmse']?.[0]?.[1]).toBeCloseTo(run.metrics['evaluate']?.scores.test?.['rmse'] ?? 0, 12);
    expect(read.metrics['train.loss']?.map((m) => m[2])).toEqual([1, 2, 3]);
    expect(read.tags).toMatchObject({ 'mlflow.runName': 'run 1', 'mlflow.note.content': 'first try', baseline: 'true', 'modelwright.gate.gate': 'passed' });
    expect(read.tags['modelwright.input.data']).toMatch(/^data\.csv sha256:[0-9a-f]{64}$/);

    const artifacts = readdirSync(join(mlruns, '1', run.id, 'artifacts')).sort();
    expect(artifacts).toEqual(['graph.json', 'metrics-evaluate.json', 'model-train', 'modelwright-run.json', 'predictions-predict.csv']);
  });

  it('reuses the experiment of the same name on the next export', async () => {
    const { dir, run } = await recordedRun();
    const mlruns = join(dir, 'mlruns');
    await exportRunToMlflow(run, { mlrunsDir: mlruns, projectDir: dir });
    const again = await exportRunToMlflow({ ...run, id: 'def-456' }, { mlrunsDir: mlruns, projectDir: dir });
    expect(again.experimentId).toBe('1');
    expect(existsSync(join(mlruns, '1', 'def-456', 'meta.yaml'))).toBe(true);
  });

  it('makes keys MLflow accepts', () => {
    expect(mlflowKey('csv/source: path?')).toBe('csv_source_ path_');
    expect(mlflowKey('..hidden')).toBe('_hidden');
  });
});
