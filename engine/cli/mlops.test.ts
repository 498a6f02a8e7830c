/**
 * The story from the command line: train three variants, compare them, promote the best, export it,
 * serve a prediction, check a shifted copy of houses.csv for drift, and fail a CI step with a gate.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeFileAccess } from '../io/node-files';
import { quickHousesGraph, shiftedHousesCsv } from '../mlops/test-support';
import type { RunList } from '../runstore/schema';
import type { CliIo } from './io';
import { main } from './main';

const root = join(import.meta.dirname, '../..');
let project: string;

async function cli(args: string[], signal?: AbortSignal, onStdout?: (text: string) => void) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (t) => {
        stdout += t;
        onStdout?.(stdout);
      },
    },
    stderr: { write: (t) => void (stderr += t) },
    files: (dir) => createNodeFileAccess(dir),
    cwd: project,
    signal: signal ?? new AbortController().signal,
    now: () => performance.now(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function writeGraph(train: Record<string, unknown>, gate?: Record<string, unknown>): void {
  const graph = quickHousesGraph(train);
  if (gate !== undefined) {
    graph.nodes.push({ id: 'gate', kind: 'gate', version: 1, params: gate, position: { x: 1800, y: 0 } });
    graph.edges.push({ id: 'g1', from: { node: 'train', port: 'model' }, to: { node: 'gate', port: 'model' } }, { id: 'g2', from: { node: 'evaluate', port: 'metrics' }, to: { node: 'gate', port: 'metrics' } });
  }
  writeFileSync(join(project, 'project.modelwright.json'), JSON.stringify(graph));
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'mw-cli-mlops-'));
  copyFileSync(join(root, 'examples/houses.csv'), join(project, 'houses.csv'));
  writeFileSync(join(project, 'shifted.csv'), shiftedHousesCsv());
  for (const variant of [{ hiddenLayers: [8], epochs: 5 }, { hiddenLayers: [32], epochs: 40 }, { hiddenLayers: [16, 16], epochs: 20 }]) {
    writeGraph(variant);
    const r = await cli(['run', 'project.modelwright.json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Recorded as run \d+/);
  }
}, 180_000);

describe('modelwright runs / promote / export / serve / monitor', () => {
  it('lists and compares the three variants', async () => {
    const list = await cli(['runs', 'list', '--json', '--sort', 'test.r2']);
    expect(list.code).toBe(0);
    const runs = (JSON.parse(list.stdout) as RunList).runs;
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const text = await cli(['runs', 'list']);
    expect(text.stdout).toMatch(/3 runs\./);
    const cmp = await cli(['runs', 'compare', '1', '2', '3']);
    expect(cmp.code).toBe(0);
    expect(cmp.stdout).toMatch(/Parameters that differ/);
    expect(cmp.stdout).toMatch(/train\s+hiddenLayers\s+\[8\]\s+\[32\]\s+\[16,16\]/);
    expect(cmp.stdout).toMatch(/test\s+rmse/);
    const show = await cli(['runs', 'show', 'latest']);
    expect(show.stdout).toMatch(/^Run 3 \(/);
    expect(show.stdout).toMatch(/houses: houses\.csv {2}sha256 [0-9a-f]{64}/);
    expect((await cli(['runs', 'show', 'nope'])).code).toBe(1);
  });

  it('promotes the best run, exports it, serves a prediction and checks drift', async () => {
    const runs = (JSON.parse((await cli(['runs', 'list', '--json', '--sort', 'test.r2'])).stdout) as RunList).runs;
    const best = runs[0];
    expect(best).toBeDefined();
    const promoted = await cli(['promote', String(best?.number)]);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stdout).toMatch(new RegExp(`Run ${best?.number} is now the champion`));

    const exported = await cli(['export', '--out', 'exported']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(existsSync(join(project, 'exported/predict.js'))).toBe(true);
    const predicted = spawnSync(process.execPath, [join(project, 'exported/predict.js'), join(project, 'houses.csv')], { encoding: 'utf8' });
    expect(predicted.status, predicted.stderr).toBe(0);
    expect(predicted.stdout.split('\n')[0]).toMatch(/,prediction$/);

    // serve on a free port, ask for one prediction, stop it with the abort signal (Ctrl-C).
    const stop = new AbortController();
    let url = '';
    const serving = cli(['serve', 'exported', '--port', '0'], stop.signal, (out) => {
      url = /(http:\/\/127\.0\.0\.1:\d+)\/predict/.exec(out)?.[1] ?? url;
    });
    for (let i = 0; i < 400 && url === ''; i++) await new Promise((r) => setTimeout(r, 25));
    expect(url).not.toBe('');
    const response = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [{ city: 'Lakeside', sqft: 1800, bedrooms: 3, age_years: 20, garage: 1, listed: '2025-03-01' }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { predictions: { prediction: number }[] }).predictions[0]?.prediction).toBeGreaterThan(0);
    stop.abort();
    expect((await serving).code).toBe(0);

    const drift = await cli(['monitor', 'exported', 'shifted.csv']);
    expect(drift.code, drift.stderr).toBe(0);
    expect(drift.stdout).toMatch(/Retraining suggested/);
    expect(drift.stdout).toMatch(/\(predictions\)\s+numeric\s+DRIFT/);
    expect((await cli(['monitor', '.', 'shifted.csv', '--fail-on-drift'])).code).toBe(3); // the project's champion
    expect((await cli(['monitor', 'exported', 'houses.csv', '--fail-on-drift'])).code).toBe(0);
  });

  it('a threshold gate fails the CI step with exit code 3, and the run records why', async () => {
    writeGraph({ hiddenLayers: [8], epochs: 3 }, { conditions: [{ metric: 'r2', op: '>=', value: 0.999 }] });
    const r = await cli(['run', 'project.modelwright.json']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/error MW_GATE_FAILED at node "gate"/);
    const show = await cli(['runs', 'show', 'latest', '--json']);
    const run = JSON.parse(show.stdout) as { status: string; gates: { passed: boolean }[] };
    expect(run.status).toBe('failed');
    expect(run.gates[0]?.passed).toBe(false);
  }, 60_000);

  it('exports a run to MLflow, and the real binary lists runs', async () => {
    const r = await cli(['runs', 'mlflow', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Exported run 1 to .*mlruns/);
    const spawned = spawnSync(process.execPath, [join(root, 'bin/modelwright.js'), 'runs', 'list', '--project', project, '--status', 'failed'], { encoding: 'utf8', timeout: 60_000 });
    expect(spawned.status, spawned.stderr).toBe(0);
    expect(spawned.stdout).toMatch(/failed/);
    expect(spawned.stdout).toMatch(/1 run\./);
    expect(readFileSync(join(project, 'mlruns/1/meta.yaml'), 'utf8')).toMatch(/lifecycle_stage: "active"/);
  });

  it('bad usage exits 2', async () => {
    expect((await cli(['runs'])).code).toBe(2);
    expect((await cli(['runs', 'list', '--status', 'weird'])).code).toBe(2);
    expect((await cli(['monitor', 'exported'])).code).toBe(2);
    expect((await cli(['export'])).code).toBe(2);
  });
});
