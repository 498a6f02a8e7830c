/**
 * Tree ensembles exported to C: leaves identical to the engine's for every test row and tree, classes
 * identical, outputs to float rounding. Recipes: none (raw categories one-hot in the layout, missing
 * numbers as 0), the default pipeline, and indicators + ordinal codes; a date column exercises doubles.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRecipe } from '../../data/recipe';
import { buildMatrix } from '../../ml/train/features';
import type { GbmModel } from '../../ml/trees/index';
import { probeRows, probeTable } from './check';
import { harnessRows, parseHarnessOutput } from './harness';
import type { Table } from '../../data/table';
import type { ModelBundle } from '../../ml/model';
import { applyTransforms, prepareTable, runTableNode } from '../../ml/testing/pipeline';
import { encodeNode } from '../../nodes/encode/execute';
import { imputeNode } from '../../nodes/impute/execute';
import { scaleNode } from '../../nodes/scale/execute';
import { selectColumnsNode } from '../../nodes/select-columns/execute';
import { splitNode } from '../../nodes/split/execute';
import { predictedLabels } from '../../ml/metrics/classification';
import { exportC } from './generate';
import { compareOnTestRows, compileExport, hasGcc, syntheticTable, treeBundle, type SyntheticTarget } from './test-support';
import { doubleThreshold, floatThreshold } from './trees';

const split = { test: 0.3, validation: 0, seed: 4 };

async function rawPipeline(raw: Table): Promise<Table> {
  const selected = await runTableNode(selectColumnsNode, raw, { target: 'target' }, 'select');
  return runTableNode(splitNode, selected, split, 'split');
}

async function indicatorPipeline(raw: Table): Promise<Table> {
  let t = await rawPipeline(raw);
  t = await runTableNode(imputeNode, t, { strategy: 'mean', addIndicator: true }, 'impute');
  t = await runTableNode(encodeNode, t, { method: 'ordinal', maxCategories: 6 }, 'encode');
  return runTableNode(scaleNode, t, { method: 'robust' }, 'scale');
}

function checkAgainstEngine(model: ModelBundle, raw: Table, prepared: Table, name: string): { rows: number; leaves: number; worst: number } {
  const result = exportC(model, { name });
  expect(result.target.kind).toBe('trees');
  const compiled = compileExport(result);
  try {
    const cmp = compareOnTestRows(model, result, raw, prepared, compiled.binary, compiled.dir);
    expect(cmp.c).toHaveLength(cmp.rows);
    const k = result.outputs;
    let leaves = 0;
    let worst = 0;
    const classes = model.task === 'classification' ? predictedLabels(cmp.engine, k) : null;
    cmp.c.forEach((row, r) => {
      expect(row.leaves).toEqual(cmp.engineLeaves[r]);
      leaves += row.leaves.length;
      if (classes !== null) expect(row.result).toBe(classes[r]);
      row.outputs.forEach((v, c) => {
        const e = cmp.engine[r * k + c]!;
        worst = Math.max(worst, Math.abs(v - e) / Math.max(1, Math.abs(e)));
      });
    });
    expect(worst).toBeLessThan(1e-5);
    return { rows: cmp.rows, leaves, worst };
  } finally {
    compiled.dispose();
  }
}

describe('thresholds on the raw value', () => {
  it('finds the largest float (or double) that goes left', () => {
    const t = 0.1; // not a float: the largest float <= 0.1 must be found
    const f = floatThreshold((v) => v <= t);
    expect(f).toBe(Math.fround(0.1) <= 0.1 ? Math.fround(0.1) : f);
    expect(f <= t).toBe(true);
    expect(floatThreshold(() => true)).toBe(Infinity);
    expect(floatThreshold(() => false)).toBe(-Infinity);
    expect(floatThreshold((v) => v <= -3.5)).toBe(-3.5);
    expect(doubleThreshold((v) => (v - 1.7e12) / 3 <= 12.25)).toBe(1.7e12 + 36.75);
    expect(doubleThreshold((v) => v < 0)).toBe(-Number.MIN_VALUE);
  });
});

describe.runIf(hasGcc())('tree export compiled with gcc', () => {
  const cases: { name: string; target: SyntheticTarget; family: 'gradient-boosting' | 'random-forest'; pipeline: 'raw' | 'default' | 'indicators'; date?: boolean }[] = [
    { name: 'gbm_binary_raw', target: 'binary', family: 'gradient-boosting', pipeline: 'raw', date: true },
    { name: 'gbm_multi', target: 'multiclass', family: 'gradient-boosting', pipeline: 'default' },
    { name: 'gbm_reg_ind', target: 'regression', family: 'gradient-boosting', pipeline: 'indicators', date: true },
    { name: 'rf_multi_ind', target: 'multiclass', family: 'random-forest', pipeline: 'indicators' },
    { name: 'rf_binary', target: 'binary', family: 'random-forest', pipeline: 'default', date: true },
    { name: 'rf_reg_raw', target: 'regression', family: 'random-forest', pipeline: 'raw' },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.family}, ${c.target}, ${c.pipeline} preprocessing: identical leaves and classes`, async () => {
      const raw = syntheticTable(400, c.target, { seed: 21, ...(c.date === true ? { date: true } : {}) });
      const prepared = c.pipeline === 'raw' ? await rawPipeline(raw) : c.pipeline === 'indicators' ? await indicatorPipeline(raw) : await prepareTable(raw, { target: 'target', split });
      const params = c.family === 'gradient-boosting' ? { numTrees: 30, maxLeaves: 12, minDataInLeaf: 5, learningRate: 0.2 } : { numTrees: 12, minDataInLeaf: 3, seed: 2 };
      const model = treeBundle(prepared, c.family, params);
      const { rows, leaves } = checkAgainstEngine(model, raw, prepared, c.name);
      expect(rows).toBeGreaterThan(100);
      expect(leaves).toBeGreaterThan(rows * 10);
    });
  }

  it('a regression estimator that standardises its target is detected and reproduced', async () => {
    const raw = syntheticTable(300, 'regression', { seed: 5 });
    const prepared = await applyTransforms(await rawPipeline(raw), {});
    const model = treeBundle(prepared, 'gradient-boosting', { numTrees: 20, minDataInLeaf: 5 }, { standardiseTarget: true });
    const result = exportC(model, { name: 'scaled' });
    expect(result.target.kind === 'trees' && result.target.plan.targetScale).not.toBeNull();
    checkAgainstEngine(model, raw, prepared, 'scaled');
  });
});

describe.runIf(hasGcc())('hostile input', () => {
  it('columns whose names clash once sanitised, an all-missing column and categories with NUL still compile and match', async () => {
    const n = 240;
    const random = (i: number) => ((i * 2654435761) % 1000) / 1000;
    const cats = ['a', 'a\0b', 'B', 'b', '*/', ''];
    const num = (name: string, f: (i: number) => number, type: 'float' | 'integer' = 'float') => {
      const values = Float64Array.from({ length: n }, (_, i) => Math.fround(f(i)));
      return { name, role: 'feature' as const, kind: 'numeric' as const, type, values, missing: Uint8Array.from(values, (v) => (Number.isNaN(v) ? 1 : 0)) };
    };
    const raw: Table = {
      rowCount: n,
      partition: null,
      recipe: [],
      sources: [],
      columns: [
        num('x', (i) => random(i) * 10),
        num('X', (i) => (i % 7 === 0 ? Number.NaN : random(i + 3) * 5)),
        num('int', (i) => i % 5, 'integer'),
        num('1st', () => Number.NaN),
        { name: 'cat egory', role: 'feature', kind: 'categorical', type: 'categorical', codes: Int32Array.from({ length: n }, (_, i) => (i % 11 === 0 ? -1 : i % cats.length)), categories: cats },
        { name: 'y', role: 'feature', kind: 'categorical', type: 'categorical', codes: Int32Array.from({ length: n }, (_, i) => (random(i) * 10 + (i % cats.length) > 6 ? 1 : 0)), categories: ['n', 'y'] },
      ],
    };
    let prepared = await runTableNode(selectColumnsNode, raw, { target: 'y' }, 'select');
    prepared = await runTableNode(splitNode, prepared, split, 'split');
    prepared = await applyTransforms(prepared, { scale: false });
    const model = treeBundle(prepared, 'gradient-boosting', { numTrees: 10, minDataInLeaf: 4 });
    const result = exportC(model, { name: 'hostile' });
    expect(result.program.inputs.map((i) => i.field)).toEqual(['x', 'x_2', 'int_', 'c1st', 'cat_egory']);
    expect(result.header.text).toContain('"a\\u0000b"');
    const { rows } = checkAgainstEngine(model, raw, prepared, 'hostile');
    expect(rows).toBeGreaterThan(50);
  });
});

describe.runIf(hasGcc())('rows on the thresholds', () => {
  it('values at each raw threshold and one float either side route exactly as in the engine', async () => {
    const raw = syntheticTable(400, 'multiclass', { seed: 8, date: true });
    const prepared = await prepareTable(raw, { target: 'target', split });
    const model = treeBundle(prepared, 'gradient-boosting', { numTrees: 25, maxLeaves: 20, minDataInLeaf: 3 });
    const result = exportC(model, { name: 'edges' });
    if (result.target.kind !== 'trees') throw new Error('expected trees');
    const rows = probeRows(result.program, result.target.plan, 99);
    const matrix = buildMatrix(applyRecipe(probeTable(model, result.program, rows), model.recipe), model.features);
    const x = Float64Array.from(matrix.data);
    const ensemble = (model.estimator as unknown as { model: GbmModel }).model;
    const compiled = compileExport(result);
    try {
      const file = join(compiled.dir, 'edges.txt');
      writeFileSync(file, harnessRows(result.program, rows, '(unseen category)'));
      const c = parseHarnessOutput(execFileSync(compiled.binary, [file], { encoding: 'utf8' }), result.outputs);
      expect(c).toHaveLength(rows.length);
      c.forEach((row, r) => expect(row.leaves).toEqual(ensemble.trees.map((t) => t.leafOf(x, r * matrix.cols))));
    } finally {
      compiled.dispose();
    }
  });
});
