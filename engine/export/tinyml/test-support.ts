/**
 * Test support for the C export: synthetic raw tables with hostile column and category names, tree-model
 * bundles built with engine/ml/trees (until the Train node offers them), and compiling and running the
 * generated C with gcc. Not used by the app.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowsIn, type CategoricalColumn, type Column, type NumericColumn, type Table } from '../../data/table';
import type { Estimator, FeatureMatrix, ModelBundle } from '../../ml/model';
import { buildMatrix, fitFeatures } from '../../ml/train/features';
import { inputSchemaOf } from '../../ml/train/bundle';
import { preparedFor, predictRows } from '../../ml/train/infer';
import { detectTask, encodeClasses, fitTargetEncoding, targetValues } from '../../ml/train/task';
import { type ForestModel, type GbmModel, trainGradientBoosting, trainRandomForest, type ForestParamsInput, type GbmParamsInput } from '../../ml/trees/index';
import type { ExportCResult } from './generate';
import { harnessRows, harnessSource, parseHarnessOutput, rawRows, type HarnessRow } from './harness';
import { mulberry32 } from '../../util/random';

/** Category names that are not C identifiers: quotes, backslashes, comment ends, trigraphs, Unicode, newlines. */
export const HOSTILE_CATEGORIES = ['a"quote', 'back\\slash', 'ends */ comment', '??/ trigraph', 'new\nline', 'tab\there', 'Zürich', '日本', 'int', 'x?y'] as const;

function numeric(name: string, values: number[], type: NumericColumn['type'] = 'float'): NumericColumn {
  return {
    name, role: 'feature', kind: 'numeric', type,
    values: Float64Array.from(values, (v) => (Number.isNaN(v) ? Number.NaN : v)),
    missing: Uint8Array.from(values, (v) => (Number.isNaN(v) ? 1 : 0)),
  };
}

function categorical(name: string, values: (string | null)[]): CategoricalColumn {
  const categories = [...new Set(values.filter((v): v is string => v !== null))];
  const index = new Map(categories.map((c, i) => [c, i]));
  return { name, role: 'feature', kind: 'categorical', type: 'categorical', codes: Int32Array.from(values, (v) => (v === null ? -1 : index.get(v)!)), categories };
}

export type SyntheticTarget = 'binary' | 'multiclass' | 'regression';

/**
 * A raw table: two float columns (one with a hostile name and gaps), a category column with hostile names
 * (gaps too, and a category that only occurs in the last rows), a 0/1 column, optionally a date column, and
 * the target. Numbers are float32 values, so the C (float inputs) and the engine see the same numbers.
 */
export function syntheticTable(rows: number, target: SyntheticTarget, options: { seed?: number; date?: boolean } = {}): Table {
  const random = mulberry32(options.seed ?? 1);
  const a: number[] = [];
  const b: number[] = [];
  const city: (string | null)[] = [];
  const flag: number[] = [];
  const when: number[] = [];
  const y: (string | number)[] = [];
  for (let i = 0; i < rows; i++) {
    const av = Math.fround(5 + 3 * random());
    const bv = random() < 0.1 ? Number.NaN : Math.fround(100 * random() - 40);
    const late = i >= rows - Math.ceil(rows / 10);
    const c = random() < 0.08 ? null : late && random() < 0.5 ? 'only in new data' : HOSTILE_CATEGORIES[Math.floor(random() * HOSTILE_CATEGORIES.length)]!;
    const f = random() < 0.5 ? 1 : 0;
    const w = 1.7e12 + Math.floor(random() * 3e10);
    const cityEffect = c === null ? 0 : (HOSTILE_CATEGORIES.indexOf(c as (typeof HOSTILE_CATEGORIES)[number]) % 3) - 1;
    const score = (av - 6.5) + (Number.isNaN(bv) ? 0.5 : bv / 40) + cityEffect + f * 0.7 + (options.date === true ? (w - 1.715e12) / 1e10 : 0) + 0.6 * (random() - 0.5);
    a.push(av);
    b.push(bv);
    city.push(c);
    flag.push(f);
    when.push(w);
    if (target === 'regression') y.push(Math.fround(1000 + 250 * score));
    else if (target === 'binary') y.push(score > 0.3 ? 'yes' : 'no');
    else y.push(score < -0.5 ? 'low' : score < 1 ? 'mid "q"' : 'high */');
  }
  const columns: Column[] = [
    numeric('sepal length (cm)', a),
    numeric('"weird" \\ name */', b),
    categorical('city', city),
    numeric('flag', flag, 'boolean'),
    ...(options.date === true ? [numeric('when', when, 'datetime')] : []),
    target === 'regression' ? numeric('target', y as number[]) : categorical('target', y as string[]),
  ];
  return { rowCount: rows, columns, partition: null, recipe: [], sources: [] };
}

const metadata: ModelBundle['metadata'] = {
  modelwrightVersion: '0.1.0',
  tfjsVersion: 'none',
  backend: { name: 'cpu', package: 'none', version: 'none', tfjsVersion: 'none', tfBackend: 'cpu', forcedBy: null, skipped: [], notes: [] },
  seed: 1,
  params: {},
  dataFingerprint: 'test',
  sources: [],
  trainRows: 0,
  validationRows: 0,
  validationSource: 'none',
  epochsRun: 0,
  bestEpoch: 0,
  stoppedEarly: false,
  trainingMs: 0,
  metricName: 'accuracy',
  notes: [],
};

/** A tree estimator as the Train node could wrap one: the ensemble reads the float32 feature matrix. */
class TreeEstimator implements Estimator {
  constructor(
    readonly family: string,
    readonly model: GbmModel | ForestModel,
    readonly classification: boolean,
    /** When set, the trees learned a standardised target and predictions are mapped back. */
    readonly targetScale: { center: number; scale: number } | null,
  ) {}

  get description(): string {
    return `${this.model.kind} of ${this.model.trees.length} trees`;
  }

  predict(x: FeatureMatrix): Float64Array {
    const data = Float64Array.from(x.data);
    if (this.classification) return this.model.predictProba(data, x.rows);
    const values = this.model.predict(data, x.rows);
    const s = this.targetScale;
    return s === null ? values : values.map((v) => v * s.scale + s.center);
  }
}

/** Trains a boosting model or forest on a prepared table's training rows and packs it as a ModelBundle. */
export function treeBundle(
  table: Table,
  family: 'gradient-boosting' | 'random-forest',
  params: Omit<GbmParamsInput, 'objective'> | Omit<ForestParamsInput, 'task'> = {},
  options: { standardiseTarget?: boolean } = {},
): ModelBundle {
  const target = table.columns.find((c) => c.role === 'target')!;
  const train = rowsIn(table, 'train').filter((r) => (target.kind === 'numeric' ? target.missing[r] !== 1 : target.codes[r]! >= 0));
  const task = detectTask(target, 'auto');
  const encoding = fitTargetEncoding(table, target, task, train);
  const { layout } = fitFeatures(table, train);
  const x = Float64Array.from(buildMatrix(table, layout, train).data);
  const scale = options.standardiseTarget === true && encoding.kind === 'value' ? { center: encoding.center, scale: encoding.scale } : null;
  let y: Float64Array;
  if (encoding.kind === 'classes') {
    const codes = encodeClasses(target, encoding);
    y = Float64Array.from(train, (r) => codes[r]!);
  } else {
    const values = targetValues(target);
    y = Float64Array.from(train, (r) => (scale === null ? values[r]! : (values[r]! - scale.center) / scale.scale));
  }
  const k = encoding.kind === 'classes' ? encoding.classes.length : 0;
  const data = { x, rows: train.length, cols: layout.width, y, ...(k > 0 ? { numClasses: k } : {}) };
  const model = family === 'gradient-boosting'
    ? trainGradientBoosting(data, { ...(params as GbmParamsInput), objective: k === 0 ? 'regression' : k === 2 ? 'binary' : 'multiclass' })
    : trainRandomForest(data, { ...(params as ForestParamsInput), task: k === 0 ? 'regression' : 'classification' });
  return {
    kind: family,
    task,
    target: target.name,
    classes: encoding.kind === 'classes' ? encoding.classes : [],
    targetEncoding: encoding,
    inputSchema: inputSchemaOf(table, table.recipe, layout),
    recipe: table.recipe,
    features: layout,
    estimator: new TreeEstimator(family, model, k > 0, scale),
    history: [],
    metadata: { ...metadata, metricName: k > 0 ? 'accuracy' : 'r2' },
  };
}

let gcc: boolean | undefined;

/** Whether gcc is on the PATH (the compile tests say so and skip their C part when it is not). */
export function hasGcc(): boolean {
  if (gcc === undefined) {
    try {
      execFileSync('gcc', ['--version'], { stdio: 'ignore' });
      gcc = true;
    } catch {
      gcc = false;
    }
  }
  return gcc;
}

export const GCC_FLAGS = ['-std=c99', '-Wall', '-Wextra', '-pedantic', '-Werror', '-O2'] as const;

/** Writes the export and its harness to a temporary folder, compiles them and returns the folder. */
export function compileExport(result: ExportCResult): { dir: string; binary: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mw-tinyml-'));
  writeFileSync(join(dir, result.header.path), result.header.text);
  writeFileSync(join(dir, result.source.path), result.source.text);
  writeFileSync(join(dir, 'harness.c'), harnessSource(result));
  const binary = join(dir, 'harness');
  try {
    execFileSync('gcc', [...GCC_FLAGS, '-o', binary, join(dir, result.source.path), join(dir, 'harness.c'), '-lm'], { stdio: 'pipe' });
  } catch (thrown) {
    const stderr = (thrown as { stderr?: Buffer }).stderr?.toString() ?? String(thrown);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`gcc failed:\n${stderr}`);
  }
  return { dir, binary, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Comparison {
  readonly rows: number;
  readonly engine: Float64Array;
  readonly c: readonly HarnessRow[];
  /** Engine leaves per row and tree (trees only). */
  readonly engineLeaves: readonly number[][];
}

/**
 * Runs the compiled harness on the test rows of `raw` (partitions from `prepared`) and the engine on the
 * same rows (rows with a NUL in a category are left out: C strings cannot hold them).
 */
export function compareOnTestRows(model: ModelBundle, result: ExportCResult, raw: Table, prepared: Table, binary: string, dir: string): Comparison {
  const all = rowsIn(prepared, 'test');
  // Rows whose category text holds a NUL cannot be passed to C as a string; leave them out.
  const skipped = new Set(rawRows(result.program, raw, all).unrepresentable);
  const test = all.filter((_, i) => !skipped.has(i));
  const { rows } = rawRows(result.program, raw, test);
  const file = join(dir, 'rows.txt');
  writeFileSync(file, harnessRows(result.program, rows));
  const c = parseHarnessOutput(execFileSync(binary, [file], { encoding: 'utf8' }), result.outputs);
  const replayed = preparedFor(model, { ...raw, columns: raw.columns }).table;
  const { matrix, output } = predictRows(model, replayed, test);
  const engineLeaves: number[][] = [];
  const ensemble = (model.estimator as Partial<TreeEstimator>).model;
  if (ensemble !== undefined) {
    const x = Float64Array.from(matrix.data);
    for (let r = 0; r < matrix.rows; r++) engineLeaves.push(ensemble.trees.map((t) => t.leafOf(x, r * matrix.cols)));
  }
  return { rows: test.length, engine: output, c, engineLeaves };
}
