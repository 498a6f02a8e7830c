/**
 * Budgets (refuse with a smaller model that fits), unsupported models, the self-check's safety net, the
 * `modelwright export-c` command and the Export to C node.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { CliIo } from '../../cli/io';
import type { Table } from '../../data/table';
import { isMwError, type MwError } from '../../errors';
import { createNodeFileAccess } from '../../io/node-files';
import { ensureBackend } from '../../ml/backend/index';
import type { BackendInfo } from '../../ml/backend/info';
import type { ModelBundle } from '../../ml/model';
import { saveModel } from '../../ml/model-files/index';
import { NetworkEstimator } from '../../ml/train/network';
import { trainModel } from '../../ml/train/fit';
import { trainParams, type TrainParams } from '../../ml/train/params';
import { prepareTable, recordingContext } from '../../ml/testing/pipeline';
import { exportCNode } from '../../nodes/export-c/execute';
import { exportCParams, exportCSpec } from '../../nodes/export-c/spec';
import { portValue } from '../../nodes/values';
import { exportC } from './generate';
import type { Suggestion } from './size';
import { GCC_FLAGS, hasGcc, syntheticTable, treeBundle } from './test-support';

let backend: BackendInfo;
let prepared: Table;
const temp: string[] = [];
beforeAll(async () => {
  backend = await ensureBackend();
  prepared = await prepareTable(syntheticTable(300, 'binary', { seed: 3 }), { target: 'target', split: { test: 0.25, validation: 0.15, seed: 2 } });
});
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mw-export-'));
  temp.push(dir);
  return dir;
}

function network(params: Partial<TrainParams>): Promise<ModelBundle> {
  return trainModel(prepared, trainParams.parse({ epochs: 5, seed: 1, ...params }), {
    signal: new AbortController().signal,
    now: () => performance.now(),
    backend,
    yieldControl: () => Promise.resolve(),
  });
}

function thrown(f: () => unknown): MwError {
  try {
    f();
  } catch (error) {
    if (isMwError(error)) return error;
    throw error;
  }
  throw new Error('expected a coded error');
}

describe('size budget', () => {
  it('refuses a boosting model over the flash budget and names how many trees fit; that model then exports', () => {
    const big = treeBundle(prepared, 'gradient-boosting', { numTrees: 60, maxLeaves: 16, minDataInLeaf: 3 });
    const full = exportC(big, { name: 'big' });
    const budget = Math.round(full.estimate.flash * 0.5);
    const error = thrown(() => exportC(big, { name: 'big', budgetFlash: budget }));
    expect(error.code).toBe('MW_EXPORT_TOO_LARGE');
    expect(error.message).toMatch(/flash ≈ \d+ B > budget/);
    const [suggestion] = error.details?.['suggestions'] as Suggestion[];
    expect(suggestion?.action).toBe('fewer-trees');
    expect(suggestion!.numTrees).toBeGreaterThan(5);
    expect(suggestion!.numTrees).toBeLessThan(60);
    const smaller = treeBundle(prepared, 'gradient-boosting', { numTrees: suggestion!.numTrees!, maxLeaves: 16, minDataInLeaf: 3 });
    expect(exportC(smaller, { name: 'small', budgetFlash: budget }).estimate.flash).toBeLessThanOrEqual(budget);
  });

  it('suggests int8 or a smaller network when a network is over budget', async () => {
    const model = await network({ hiddenLayers: [64, 32] });
    const float = exportC(model, {});
    const int8 = exportC(model, { int8: true });
    expect(float.estimate.breakdown[0]!.bytes).toBe(4 * (model.features.width * 64 + 64 + 64 * 32 + 32 + 32 + 1));
    const error = thrown(() => exportC(model, { budgetFlash: int8.estimate.flash }));
    expect(error.code).toBe('MW_EXPORT_TOO_LARGE');
    const suggestions = error.details?.['suggestions'] as Suggestion[];
    expect(suggestions.map((s) => s.action)).toEqual(['int8', 'hidden-layers', 'linear']);
    expect(exportC(model, { int8: true, budgetFlash: int8.estimate.flash }).estimate.flash).toBe(int8.estimate.flash);
    const ram = thrown(() => exportC(model, { budgetRam: 64 }));
    expect(ram.code).toBe('MW_EXPORT_TOO_LARGE');
    expect(ram.message).toMatch(/RAM ≈ \d+ B > budget 64 B/);
    const zero = thrown(() => exportC(model, { budgetFlash: 0 }));
    expect(zero.message).toMatch(/No smaller variant/);
  });
});

describe('a category column with 100,000 distinct values', () => {
  it('is sized without quadratic work and refused over a flash budget', () => {
    const k = 100_000;
    const categories = Array.from({ length: k }, (_, i) => `id-${i}${i % 3 === 0 ? ' "é"' : ''}`);
    const weights = Float32Array.from({ length: k + 1 }, (_, i) => Math.sin(i));
    const model: ModelBundle = {
      ...treeBundle(prepared, 'random-forest', { numTrees: 1 }),
      kind: 'logistic-regression',
      inputSchema: [{ name: 'id', type: 'categorical' }],
      recipe: [],
      features: { columns: [{ kind: 'one-hot', name: 'id', categories }], width: k },
      estimator: new NetworkEstimator({ inputs: k, hidden: [], activation: 'relu', outputs: 1, head: 'sigmoid' }, weights, null),
    };
    const error = thrown(() => exportC(model, { budgetFlash: 64 * 1024 }));
    expect(error.code).toBe('MW_EXPORT_TOO_LARGE');
    expect(error.details?.['flash']).toBeGreaterThan(k * 4);
    expect(error.details?.['ram']).toBeGreaterThan(k * 4);
  });
});

describe('unsupported models', () => {
  it('refuses estimator families it does not know', () => {
    const model = treeBundle(prepared, 'random-forest', { numTrees: 2 });
    const fake: ModelBundle = { ...model, estimator: { family: 'svm', description: 'an SVM', predict: (x) => new Float64Array(x.rows * 2) } };
    expect(thrown(() => exportC(fake)).code).toBe('MW_EXPORT_UNSUPPORTED');
  });

  it('refuses preprocessing steps it cannot express', () => {
    const model = treeBundle(prepared, 'random-forest', { numTrees: 2 });
    const odd: ModelBundle = { ...model, recipe: [...model.recipe, { kind: 'pca', nodeId: 'p', state: {} }] };
    const error = thrown(() => exportC(odd));
    expect(error.code).toBe('MW_EXPORT_UNSUPPORTED');
    expect(error.message).toMatch(/"pca"/);
  });

  it('refuses, rather than emits wrong C, when the estimator post-processes in an unknown way', () => {
    const model = treeBundle(prepared, 'gradient-boosting', { numTrees: 5 });
    const inner = model.estimator;
    const flipped: ModelBundle = {
      ...model,
      estimator: { family: inner.family, description: inner.description, model: (inner as unknown as { model: unknown }).model, predict: (x) => inner.predict(x).map((p) => 1 - p) } as ModelBundle['estimator'],
    };
    const error = thrown(() => exportC(flipped));
    expect(error.code).toBe('MW_EXPORT_UNSUPPORTED');
    expect(error.message).toMatch(/nothing was written/);
  });

  it('rejects a name that is not a C identifier', () => {
    expect(() => exportC(treeBundle(prepared, 'random-forest', { numTrees: 2 }), { name: 'my model' })).toThrow();
    expect(() => exportC(treeBundle(prepared, 'random-forest', { numTrees: 2 }), { name: 'int' })).toThrow();
  });
});

function cliIo(): CliIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    files: (dir) => createNodeFileAccess(dir),
    cwd: tmpdir(),
    signal: new AbortController().signal,
    now: () => performance.now(),
    out: () => stdout,
    err: () => stderr,
  };
}

describe('modelwright export-c', () => {
  it('exports a saved model, prints the estimate first, measures int8 on a CSV and writes a harness', async () => {
    const model = await network({ hiddenLayers: [6] });
    const dir = tempDir();
    await saveModel(model, join(dir, 'model'), createNodeFileAccess(dir));
    const csv = ['sepal length (cm),"""weird"" \\ name */",city,flag,target', '6.1,12.5,Zürich,1,yes', '5.2,,"a""quote",0,no', '7.9,-30,,1,yes'].join('\n');
    execFileSync('sh', ['-c', `cat > ${JSON.stringify(join(dir, 'rows.csv'))}`], { input: csv });
    const io = cliIo();
    const code = await main(['export-c', join(dir, 'model'), '--out', join(dir, 'c'), '--name', 'tiny', '--int8', '--data', join(dir, 'rows.csv'), '--harness'], io);
    expect(code, io.err()).toBe(0);
    expect(io.out()).toMatch(/^neural-network .* → tiny\.c \/ tiny\.h with int8 weights\nInputs: .*\nFlash ≈ \d+ B/);
    expect(io.out()).toMatch(/int8 vs float on 3 rows/);
    for (const f of ['tiny.c', 'tiny.h', 'tiny_harness.c']) expect(existsSync(join(dir, 'c', f))).toBe(true);
    if (hasGcc()) {
      execFileSync('gcc', [...GCC_FLAGS, '-o', join(dir, 'c', 'tiny'), join(dir, 'c', 'tiny.c'), join(dir, 'c', 'tiny_harness.c'), '-lm'], { stdio: 'pipe' });
    }

    const over = cliIo();
    expect(await main(['export-c', join(dir, 'model'), '--out', join(dir, 'over'), '--budget-flash', '1k'], over)).toBe(1);
    expect(over.err()).toMatch(/MW_EXPORT_TOO_LARGE/);
    expect(existsSync(join(dir, 'over'))).toBe(false);

    const json = cliIo();
    expect(await main(['export-c', join(dir, 'model'), '--out', join(dir, 'j'), '--json'], json)).toBe(0);
    expect((JSON.parse(json.out()) as { estimate: { flash: number } }).estimate.flash).toBeGreaterThan(0);

    const usage = cliIo();
    expect(await main(['export-c', join(dir, 'model')], usage)).toBe(2);
    expect(usage.err()).toMatch(/needs --out/);
    const badBudget = cliIo();
    expect(await main(['export-c', join(dir, 'model'), '--out', join(dir, 'x'), '--budget-ram', 'lots'], badBudget)).toBe(2);
    const missing = cliIo();
    expect(await main(['export-c', join(dir, 'nothing-here'), '--out', join(dir, 'x')], missing)).toBe(1);
    expect(missing.err()).toMatch(/MW_MODEL_FILE_INVALID/);
  });
});

describe('Export to C node', () => {
  it('logs the estimate and writes the files into the run folder', async () => {
    const model = treeBundle(prepared, 'gradient-boosting', { numTrees: 8 });
    const dir = tempDir();
    const ctx = { ...recordingContext({ files: createNodeFileAccess(dir), nodeId: 'export' }), artifactsDir: join(dir, 'run') };
    const params = exportCParams.parse({ name: 'node_model' });
    const out = await exportCNode.execute({ model: portValue('Model', model) }, params, ctx);
    expect(out).toEqual({});
    const logs = ctx.events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs.some((l) => /Flash ≈ \d+ B/.test(l))).toBe(true);
    expect(readFileSync(join(dir, 'run', 'c', 'node_model.h'), 'utf8')).toMatch(/int node_model_predict\(const node_model_input_t \*in, float \*out\);/);
    expect(exportCSpec.summary(params)).toBe('node_model.c');
  });
});
