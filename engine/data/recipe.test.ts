import { describe, expect, it } from 'vitest';
import { OTHER_BUCKET } from '../nodes/encode/execute';
import { encodeNode } from '../nodes/encode/execute';
import { imputeNode } from '../nodes/impute/execute';
import { scaleNode } from '../nodes/scale/execute';
import { selectColumnsNode } from '../nodes/select-columns/execute';
import { splitNode } from '../nodes/split/execute';
import { categorical, cells, makeTable, numeric, runOnTable, thrownCode } from '../nodes/test-support';
import { applyRecipe, canRefitRecipe, recipeStepKinds, refitRecipe, sourceColumnOf } from './recipe';
import { Partition, takeRows, type Table } from './table';

function raw(): Table {
  const n = 40;
  return makeTable([
    categorical('city', Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : ['Lakeside', 'Riverton', 'Hillview'][i % 3] ?? null))),
    numeric('sqft', Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : 800 + 37 * i))),
    numeric('garage', Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : i % 2)), 'feature', 'boolean'),
    categorical('id', Array.from({ length: n }, (_, i) => `h${i}`), 'feature', 'identifier'),
    numeric('price', Array.from({ length: n }, (_, i) => 1000 + i)),
  ]);
}

async function prepare(table: Table): Promise<Table> {
  let t = await runOnTable(selectColumnsNode, table, { target: 'price' });
  t = await runOnTable(splitNode, t, { seed: 3 });
  t = await runOnTable(imputeNode, t, { strategy: 'median', addIndicator: true });
  t = await runOnTable(encodeNode, t, { maxCategories: 2 });
  return runOnTable(scaleNode, t, { method: 'robust' });
}

const shape = (t: Table) => t.columns.map((c) => `${c.name}:${c.type}:${c.role}`);

describe('applyRecipe', () => {
  it('registers an apply function for every transform kind', () => {
    expect([...recipeStepKinds].sort()).toEqual(['encode', 'impute', 'scale', 'select-columns']);
  });

  it('replays the fitted steps on the raw data to the very same table the nodes produced', async () => {
    const prepared = await prepare(raw());
    expect(prepared.recipe.map((s) => s.kind)).toEqual(['select-columns', 'impute', 'encode', 'scale']);
    const replayed = applyRecipe(raw(), prepared.recipe);
    expect(shape(replayed)).toEqual(shape(prepared));
    for (const c of prepared.columns) expect(cells(replayed, c.name), c.name).toEqual(cells(prepared, c.name));
    expect(replayed.recipe).toEqual(prepared.recipe);
  });

  it('prepares new rows (other column order, unseen city, gaps, no target) exactly as training did', async () => {
    const prepared = await prepare(raw());
    const fresh = makeTable([
      numeric('garage', [null, 1], 'feature', 'boolean'),
      numeric('sqft', [null, 1200]),
      categorical('id', ['n1', 'n2'], 'feature', 'identifier'),
      categorical('city', ['Atlantis', null]),
    ]);
    const out = applyRecipe(fresh, prepared.recipe);
    expect(out.columns.filter((c) => c.role === 'feature').map((c) => c.name)).toEqual(prepared.columns.filter((c) => c.role === 'feature').map((c) => c.name));
    expect(cells(out, `city=${OTHER_BUCKET}`)).toEqual([1, 0]);
    expect(cells(out, 'sqft_missing')).toEqual([1, 0]);
    // The gap is filled with the training median, then scaled with the training median and IQR: 0 exactly.
    const impute = prepared.recipe[1]?.state as { fills: { column: string; value: number }[] };
    const scale = prepared.recipe[3]?.state as { columns: { column: string; center: number; scale: number }[] };
    const sqftScale = scale.columns.find((c) => c.column === 'sqft');
    expect(sqftScale?.center).toBe(impute.fills.find((f) => f.column === 'sqft')?.value);
    expect(cells(out, 'sqft')).toEqual([0, (1200 - (sqftScale?.center ?? 0)) / (sqftScale?.scale ?? 1)]);
  });

  it('names the user column behind each model input', async () => {
    const prepared = await prepare(raw());
    const encoded = prepared.columns.filter((c) => c.name.startsWith('city=')).map((c) => c.name);
    expect(encoded.length).toBe(3);
    for (const name of encoded) expect(sourceColumnOf(prepared.recipe, name)).toBe('city');
    expect(sourceColumnOf(prepared.recipe, 'sqft')).toBe('sqft');
  });

  it('refuses unknown step kinds and damaged state with MW_MODEL_FILE_INVALID', () => {
    expect(thrownCode(() => applyRecipe(raw(), [{ kind: 'teleport', nodeId: 'x', state: {} }]))).toBe('MW_MODEL_FILE_INVALID');
    expect(thrownCode(() => applyRecipe(raw(), [{ kind: '__proto__', nodeId: 'x', state: {} }]))).toBe('MW_MODEL_FILE_INVALID');
    expect(thrownCode(() => applyRecipe(raw(), [{ kind: 'scale', nodeId: 'x', state: { method: 'standard', columns: 'all' } }]))).toBe('MW_MODEL_FILE_INVALID');
  });

  it('reports the column new data lacks, with the step that needed it', async () => {
    const prepared = await prepare(raw());
    try {
      applyRecipe(makeTable([numeric('sqft', [1])]), prepared.recipe);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'MW_PREDICT_SCHEMA_MISMATCH', details: { step: 'select-columns' } });
    }
  });
});

describe('no leakage through the whole preparation', () => {
  it('learns the same recipe whatever the test rows hold', async () => {
    const base = await prepare(raw());
    const testRows = new Set(Array.from(base.partition ?? [], (p, i) => (p === Partition.test ? i : -1)).filter((i) => i >= 0));
    expect(testRows.size).toBeGreaterThan(0);
    // Same rows, same partition; every test row now holds extreme numbers, a new city and gaps.
    const scrambled = raw();
    const columns = scrambled.columns.map((c) => {
      if (c.name === 'price' || c.name === 'id') return c;
      if (c.kind === 'numeric') {
        const values = Float64Array.from(c.values, (v, i) => (testRows.has(i) ? (i % 2 === 0 ? 1e9 : Number.NaN) : v));
        const missing = Uint8Array.from(c.missing, (m, i) => (testRows.has(i) ? (i % 2 === 0 ? 0 : 1) : m));
        return { ...c, values: c.type === 'boolean' ? values.map((v) => (Number.isNaN(v) ? v : v === 1e9 ? 1 : v)) : values, missing };
      }
      const categories = [...c.categories, 'Atlantis'];
      return { ...c, categories, codes: Int32Array.from(c.codes, (code, i) => (testRows.has(i) ? categories.length - 1 : code)) };
    });
    const other = await prepare({ ...scrambled, columns });
    expect(Array.from(other.partition ?? [])).toEqual(Array.from(base.partition ?? []));
    expect(other.recipe).toEqual(base.recipe);
  });
});

describe('refitRecipe (per-fold preprocessing for cross-validation)', () => {
  // Select Columns → Impute → Encode → Scale without a Split: the nodes fit on all rows.
  async function prepareAll(table: Table): Promise<Table> {
    let t = await runOnTable(selectColumnsNode, table, { target: 'price' });
    t = await runOnTable(imputeNode, t, { strategy: 'mean', addIndicator: true });
    t = await runOnTable(encodeNode, t, { maxCategories: 2 });
    return runOnTable(scaleNode, t, { method: 'standard' });
  }
  const foldTrain = Uint32Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 !== 1);
  const heldOut = new Set(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 === 1));

  it('keeps the raw table behind a prepared one, shared rather than copied', async () => {
    const input = raw();
    const prepared = await prepareAll(input);
    expect(prepared.raw).toBe(input);
    expect(canRefitRecipe(prepared.recipe)).toBe(true);
    // The same recipe refit on all rows reproduces the prepared table.
    const again = refitRecipe(input, prepared.recipe, Uint32Array.from({ length: 40 }, (_, i) => i));
    expect(again.recipe).toEqual(prepared.recipe);
    for (const c of prepared.columns) expect(cells(again, c.name), c.name).toEqual(cells(prepared, c.name));
  });

  it("fits every step on the fold's training rows only, as the nodes would on those rows alone", async () => {
    const input = raw();
    const prepared = await prepareAll(input);
    const refit = refitRecipe(input, prepared.recipe, foldTrain);
    expect(refit.rowCount).toBe(40);
    const alone = await prepareAll(takeRows(input, foldTrain));
    expect(refit.recipe.map((s) => s.state)).toEqual(alone.recipe.map((s) => s.state));
    // Leakage would show: fitting on all rows gives other imputation and scaling statistics.
    expect(refit.recipe[1]?.state).not.toEqual(prepared.recipe[1]?.state);
    expect(refit.recipe[3]?.state).not.toEqual(prepared.recipe[3]?.state);
  });

  it("is not influenced by the fold's held-out rows", async () => {
    const input = raw();
    const prepared = await prepareAll(input);
    const columns = input.columns.map((c) => {
      if (c.kind !== 'numeric' || c.name !== 'sqft') return c;
      return { ...c, values: Float64Array.from(c.values, (v, i) => (heldOut.has(i) ? 1e9 : v)), missing: Uint8Array.from(c.missing, (m, i) => (heldOut.has(i) ? 0 : m)) };
    });
    const scrambled = { ...input, columns };
    expect(refitRecipe(scrambled, prepared.recipe, foldTrain).recipe).toEqual(refitRecipe(input, prepared.recipe, foldTrain).recipe);
  });

  it('cannot refit steps saved without their params (old model files)', async () => {
    const prepared = await prepareAll(raw());
    const old = prepared.recipe.map((s) => ({ kind: s.kind, nodeId: s.nodeId, state: s.state }));
    expect(canRefitRecipe(old)).toBe(false);
    expect(canRefitRecipe(old.filter((s) => s.kind === 'select-columns'))).toBe(true);
    expect(thrownCode(() => refitRecipe(raw(), old, foldTrain))).toBe('MW_MODEL_FILE_INVALID');
  });
});
