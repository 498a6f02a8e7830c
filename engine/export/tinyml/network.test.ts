/**
 * Networks exported to C, compiled with gcc -std=c99 -Wall -Wextra -pedantic -Werror -O2, run on the test
 * partition and compared with the engine: within 1e-5 for float weights; int8 against its own mirror and
 * with the accuracy loss reported.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsIn, type Table } from '../../data/table';
import { ensureBackend } from '../../ml/backend/index';
import type { BackendInfo } from '../../ml/backend/info';
import type { ModelBundle } from '../../ml/model';
import { trainModel } from '../../ml/train/fit';
import { trainParams, type TrainParams } from '../../ml/train/params';
import { prepareTable, runTableNode } from '../../ml/testing/pipeline';
import { encodeNode } from '../../nodes/encode/execute';
import { imputeNode } from '../../nodes/impute/execute';
import { scaleNode } from '../../nodes/scale/execute';
import { selectColumnsNode } from '../../nodes/select-columns/execute';
import { splitNode } from '../../nodes/split/execute';
import { networkOutputs } from './network';
import { modelInputs } from './program';
import { exportC, type ExportCResult } from './generate';
import { measureQuantisation } from './quantisation';
import { rawRows } from './harness';
import { compareOnTestRows, compileExport, hasGcc, syntheticTable, type SyntheticTarget } from './test-support';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await ensureBackend();
});

/**
 * Impute with missing indicators (numbers and categories), ordinal codes, min-max scaling of the two number
 * columns (a date column stays a date, so its input is a double).
 */
async function indicatorPipeline(raw: Table): Promise<Table> {
  let t = await runTableNode(selectColumnsNode, raw, { target: 'target' }, 'select');
  t = await runTableNode(splitNode, t, { test: 0.25, validation: 0.15, seed: 3 }, 'split');
  t = await runTableNode(imputeNode, t, { strategy: 'median', addIndicator: true }, 'impute');
  t = await runTableNode(encodeNode, t, { method: 'ordinal', maxCategories: 5 }, 'encode');
  return runTableNode(scaleNode, t, { method: 'min-max', columns: ['sepal length (cm)', '"weird" \\ name */'] }, 'scale');
}

/** No transforms: the model's feature layout one-hot encodes the raw categories and zeroes missing numbers. */
async function rawPipeline(raw: Table): Promise<Table> {
  const t = await runTableNode(selectColumnsNode, raw, { target: 'target' }, 'select');
  return runTableNode(splitNode, t, { test: 0.25, validation: 0.15, seed: 3 }, 'split');
}

async function trained(target: SyntheticTarget, params: Partial<TrainParams>, options: { date?: boolean; pipeline?: 'default' | 'indicators' | 'raw' } = {}): Promise<{ raw: Table; prepared: Table; model: ModelBundle }> {
  const raw = syntheticTable(300, target, { seed: 11, ...(options.date === true ? { date: true } : {}) });
  const prepared = options.pipeline === 'indicators' ? await indicatorPipeline(raw) : options.pipeline === 'raw' ? await rawPipeline(raw) : await prepareTable(raw, { target: 'target', split: { test: 0.25, validation: 0.15, seed: 3 } });
  const model = await trainModel(prepared, trainParams.parse({ epochs: 40, batchSize: 32, learningRate: 0.01, seed: 5, ...params }), {
    signal: new AbortController().signal,
    now: () => performance.now(),
    backend,
    yieldControl: () => Promise.resolve(),
  });
  return { raw, prepared, model };
}

/** Relative-or-absolute closeness: |a − b| ≤ tol · max(1, |b|). */
function expectClose(actual: readonly number[], expected: ArrayLike<number>, tolerance: number): number {
  let worst = 0;
  actual.forEach((v, i) => {
    const e = expected[i]!;
    const d = Math.abs(v - e) / Math.max(1, Math.abs(e));
    worst = Math.max(worst, d);
  });
  expect(worst).toBeLessThanOrEqual(tolerance);
  return worst;
}

function runC(model: ModelBundle, result: ExportCResult, raw: Table, prepared: Table) {
  const compiled = compileExport(result);
  try {
    return compareOnTestRows(model, result, raw, prepared, compiled.binary, compiled.dir);
  } finally {
    compiled.dispose();
  }
}

describe.runIf(hasGcc())('network export compiled with gcc', () => {
  it('logistic regression on raw categories (one-hot in the layout): same probabilities (1e-5) and classes as the engine', async () => {
    const { raw, prepared, model } = await trained('binary', { model: 'linear' }, { pipeline: 'raw' });
    const result = exportC(model, { name: 'logit' });
    expect(result.source.text).not.toMatch(/malloc|free\(|<stdio\.h>/);
    expect(result.source.text).toMatch(/if \(s >= 0\) x\[\d+ \+ s\] = 1\.0f;/);
    const cmp = runC(model, result, raw, prepared);
    expect(cmp.c).toHaveLength(cmp.rows);
    cmp.c.forEach((row, r) => {
      expectClose(row.outputs, cmp.engine.subarray(r * 2, r * 2 + 2), 1e-5);
      expect(row.result).toBe(cmp.engine[r * 2 + 1]! >= 0.5 ? 1 : 0);
    });
  });

  it('multiclass MLP (tanh, two hidden layers): softmax outputs within 1e-5', async () => {
    const { raw, prepared, model } = await trained('multiclass', { hiddenLayers: [8, 6], activation: 'tanh' });
    const result = exportC(model, { name: 'mlp3' });
    const cmp = runC(model, result, raw, prepared);
    const k = model.classes.length;
    cmp.c.forEach((row, r) => expectClose(row.outputs, cmp.engine.subarray(r * k, (r + 1) * k), 1e-5));
    const agree = cmp.c.filter((row, r) => {
      const p = cmp.engine.subarray(r * k, (r + 1) * k);
      return row.result === p.indexOf(Math.max(...p));
    }).length;
    expect(agree).toBe(cmp.rows);
  });

  it('regression MLP (sigmoid hidden layer) with a date input, missing indicators and ordinal codes: values within 1e-5 (relative)', async () => {
    const { raw, prepared, model } = await trained('regression', { hiddenLayers: [10], activation: 'sigmoid' }, { date: true, pipeline: 'indicators' });
    const result = exportC(model, { name: 'reg' });
    expect(result.program.inputs.find((i) => i.name === 'when')?.kind).toBe('date');
    expect(result.source.text).toMatch(/reg_ordinal\(/);
    expect(result.source.text).toMatch(/isnan\(in->weird_name\) \? 1\.0f : 0\.0f/);
    const cmp = runC(model, result, raw, prepared);
    cmp.c.forEach((row, r) => expectClose(row.outputs, [cmp.engine[r]!], 1e-5));
  });

  it('int8 weights: the C matches its int8 mirror and the accuracy loss is reported', async () => {
    const { raw, prepared, model } = await trained('multiclass', { hiddenLayers: [16], activation: 'relu' });
    const float = exportC(model, { name: 'q' });
    const result = exportC(model, { name: 'q', int8: true });
    expect(result.estimate.flash).toBeLessThan(float.estimate.flash);
    expect(result.target.kind === 'network' && result.target.plan.maxWeightError).toBeGreaterThan(0);
    const compiled = compileExport(result);
    try {
      const cmp = compareOnTestRows(model, result, raw, prepared, compiled.binary, compiled.dir);
      const { rows } = rawRows(result.program, raw, rowsIn(prepared, 'test'));
      const plan = result.target.kind === 'network' ? result.target.plan : null;
      expect(plan).not.toBeNull();
      const k = model.classes.length;
      // What the C computes: the exporter's model inputs through the quantised network.
      const mirrors = rows.map((row) => networkOutputs(plan!, modelInputs(result.program, row)));
      cmp.c.forEach((row, r) => expectClose(row.outputs, mirrors[r]!, 1e-5));
      expect(cmp.engine.length).toBe(rows.length * k);
    } finally {
      compiled.dispose();
    }
    const report = measureQuantisation(model, result, prepared);
    expect(report).not.toBeNull();
    expect(report!.partition).toBe('test');
    expect(report!.metric).toBe('accuracy');
    expect(report!.agreement).toBeGreaterThan(0.8);
    expect(Math.abs(report!.loss!)).toBeLessThan(0.1);
  });
});

