/**
 * `npm run bench -- quality [--datasets iris,wine] [--params '{"epochs":100}'] [--seeds 0,1,2] [--no-write]`
 *
 * The default network's quality under the protocol of ../shared/reference/baselines.json: 5-fold
 * cross-validation (scikit-learn's own folds when python3 has it; shuffled, seed 0; stratified for
 * classification), and inside each fold median imputation + standardisation of numbers, most-frequent
 * imputation + one-hot encoding of categories, all fitted on the fold's training rows (the real Impute,
 * Encode and Scale nodes), then the Train node's default neural network (model pinned to
 * 'neural-network', every other parameter at its default). Each dataset must score within 0.02 accuracy /
 * 0.03 R² of the best scikit-learn default. With --seeds the default is also run with other Train seeds.
 * Writes docs/quality.md (unless parameters are overridden, datasets chosen, or --no-write is given).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Partition, targetColumn, type Table } from '../engine/data/table';
import { ensureBackend } from '../engine/ml/backend/select';
import { describeBackend } from '../engine/ml/backend/info';
import { trainAnyModel } from '../engine/ml/train/dispatch';
import type { ModelBundle } from '../engine/ml/model';
import { kFolds } from '../engine/ml/train/folds';
import { predictRows, truthFor } from '../engine/ml/train/infer';
import { trainParams, type TrainParams } from '../engine/ml/train/params';
import { applyTransforms, prepareTable, readTable } from '../engine/ml/testing/pipeline';
import { allRows } from '../engine/data/table';
import { runPython } from './peers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Dataset {
  readonly name: string;
  readonly file: string;
  readonly target: string;
  /** Columns the reference protocol drops. */
  readonly ignored: readonly string[];
}

export const datasets: readonly Dataset[] = [
  { name: 'iris', file: 'iris.csv', target: 'species', ignored: [] },
  { name: 'wine', file: 'wine.csv', target: 'cultivar', ignored: [] },
  { name: 'breast_cancer', file: 'breast_cancer.csv', target: 'diagnosis', ignored: [] },
  { name: 'diabetes', file: 'diabetes.csv', target: 'progression', ignored: [] },
  { name: 'houses', file: 'houses.csv', target: 'price', ignored: ['listed'] },
];

const MARGIN = { accuracy: 0.02, r2: 0.03 } as const;
/** Heading of the Auto table in docs/quality.md (written by bench/auto.ts). */
export const AUTO_SECTION = '## Auto mode';
const FOLDS = 5;
const SEED = 0;

export interface Baseline {
  readonly metric: 'accuracy' | 'r2';
  readonly [model: string]: unknown;
}

export function loadBaselines(): Record<string, Baseline> {
  for (const candidate of [join(root, '..', 'shared', 'reference', 'baselines.json'), '/work/shared/reference/baselines.json']) {
    try {
      return JSON.parse(readFileSync(candidate, 'utf8')) as Record<string, Baseline>;
    } catch {
      // try the next location
    }
  }
  throw new Error('baselines.json not found (../shared/reference/baselines.json)');
}

export function bestOf(baseline: Baseline): { model: string; score: number } {
  let best = { model: '', score: Number.NEGATIVE_INFINITY };
  for (const [key, value] of Object.entries(baseline)) {
    if (typeof value === 'number' && value > best.score) best = { model: key, score: value };
  }
  return best;
}

function score(metric: 'accuracy' | 'r2', truth: ReturnType<typeof truthFor>, output: Float64Array, k: number): number {
  if (truth.kind === 'classes') {
    let correct = 0;
    truth.codes.forEach((code, i) => {
      let best = 0;
      if (k === 2) best = output[2 * i + 1]! >= 0.5 ? 1 : 0;
      else for (let c = 1; c < k; c++) if (output[i * k + c]! > output[i * k + best]!) best = c;
      if (best === code) correct++;
    });
    return correct / truth.codes.length;
  }
  if (metric !== 'r2') throw new Error('regression is scored by R²');
  const y = truth.values;
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let ssRes = 0;
  let ssTot = 0;
  y.forEach((v, i) => {
    ssRes += (v - output[i]!) ** 2;
    ssTot += (v - mean) ** 2;
  });
  return 1 - ssRes / ssTot;
}

export interface DatasetResult {
  readonly name: string;
  readonly metric: 'accuracy' | 'r2';
  readonly folds: number[];
  readonly mean: number;
  readonly best: { model: string; score: number };
  readonly gap: number;
  readonly pass: boolean;
  readonly seconds: number;
  readonly epochs: number[];
  /** Whether the folds were scikit-learn's own (else Modelwright's seeded folds). */
  readonly sklearnFolds: boolean;
}

/**
 * scikit-learn's own folds for a dataset (KFold or StratifiedKFold, shuffle, random_state=0, on the rows as
 * pandas reads them), so the comparison with baselines.json uses the very same rows per fold; null when
 * Python or scikit-learn is missing.
 */
async function sklearnFolds(ds: Dataset, classification: boolean): Promise<Int32Array | null> {
  const snippet = [
    'import sys, numpy as np, pandas as pd',
    'from sklearn.model_selection import KFold, StratifiedKFold',
    'df = pd.read_csv(sys.argv[1]); y = df[sys.argv[2]]',
    "cv = StratifiedKFold(5, shuffle=True, random_state=0) if sys.argv[3] == 'c' else KFold(5, shuffle=True, random_state=0)",
    'fold = np.zeros(len(df), dtype=int)',
    'for f, (_, test) in enumerate(cv.split(df, y)): fold[test] = f',
    "print(' '.join(map(str, fold)))",
  ].join('\n');
  const result = await runPython(snippet, { args: [join(root, 'examples', ds.file), ds.target, classification ? 'c' : 'r'] });
  if (!result.ok) return null;
  return Int32Array.from(result.stdout.trim().split(/\s+/), Number);
}

export async function evaluateDataset(ds: Dataset, baseline: Baseline, params: TrainParams, onModel?: (model: ModelBundle, fold: number) => void): Promise<DatasetResult> {
  const backend = await ensureBackend();
  const started = performance.now();
  const raw = await readTable(readFileSync(join(root, 'examples', ds.file), 'utf8'));
  // Roles only (no split, no transforms): folds then mark train/test rows and the transforms fit per fold.
  const withRoles = await prepareTable(raw, { target: ds.target, ignored: ds.ignored, split: null, impute: false, encode: false, scale: false });
  const target = targetColumn(withRoles)!;
  const classes = target.kind === 'categorical' ? Int32Array.from(target.codes) : null;
  const fromSklearn = await sklearnFolds(ds, baseline.metric === 'accuracy');
  const ownFolds = kFolds(withRoles.rowCount, FOLDS, SEED, classes);
  const foldOf = fromSklearn !== null && fromSklearn.length === withRoles.rowCount ? fromSklearn : ownFolds.fold;
  const scores: number[] = [];
  const epochs: number[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const partition = new Uint8Array(withRoles.rowCount).fill(Partition.train);
    for (let i = 0; i < foldOf.length; i++) if (foldOf[i] === f) partition[i] = Partition.test;
    const fold: Table = { ...withRoles, partition };
    const prepared = await applyTransforms(fold, {});
    const model = await trainAnyModel(prepared, params, { signal: new AbortController().signal, now: () => performance.now(), backend });
    onModel?.(model, f);
    const test = allRows(prepared.rowCount).filter((r) => partition[r] === Partition.test);
    const truth = truthFor(model, prepared, test);
    const { output } = predictRows(model, prepared, truth.rows);
    scores.push(score(baseline.metric, truth, output, model.classes.length));
    epochs.push(model.metadata.epochsRun);
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const best = bestOf(baseline);
  const gap = mean - best.score;
  return { name: ds.name, metric: baseline.metric, folds: scores, mean, best, gap, pass: gap >= -MARGIN[baseline.metric], seconds: (performance.now() - started) / 1000, epochs, sklearnFolds: foldOf !== ownFolds.fold };
}

function parse(args: string[]): { names: string[] | null; overrides: Record<string, unknown> | null; write: boolean; seeds: number[] } {
  let names: string[] | null = null;
  let seeds = [0, 1, 2];
  let overrides: Record<string, unknown> | null = null;
  let write = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--datasets') names = (args[++i] ?? '').split(',').filter((s) => s !== '');
    else if (a === '--params') overrides = JSON.parse(args[++i] ?? '{}') as Record<string, unknown>;
    else if (a === '--no-write') write = false;
    else if (a === '--seeds') seeds = (args[++i] ?? '').split(',').filter((v) => v !== '').map(Number);
    else throw new Error(`unknown option ${a ?? ''}`);
  }
  return { names, overrides, write, seeds };
}

interface Robustness {
  readonly seeds: readonly number[];
  /** Per dataset: the mean score of each extra seed, in `seeds` order. */
  readonly scores: ReadonlyMap<string, number[]>;
}

function markdown(results: readonly DatasetResult[], params: TrainParams, backendLine: string, robustness: Robustness): string {
  const f = (v: number) => v.toFixed(4);
  const rows = results.map((r) => {
    const spread = Math.sqrt(r.folds.reduce((a, b) => a + (b - r.mean) ** 2, 0) / r.folds.length);
    return `| ${r.name} | ${r.metric} | ${f(r.mean)} ± ${spread.toFixed(3)} | ${f(r.best.score)} (${r.best.model}) | ${r.gap >= 0 ? '+' : ''}${f(r.gap)} | −${MARGIN[r.metric]} | ${r.pass ? 'pass' : '**FAIL**'} | ${Math.round(r.epochs.reduce((a, b) => a + b, 0) / r.epochs.length)} | ${r.seconds.toFixed(1)} s |`;
  });
  return [
    '# Default model quality',
    '',
    'Measured by `npm run bench -- quality` (bench/quality.ts). Protocol of `../shared/reference/baselines.json`:',
    '5-fold cross-validation, shuffled with seed 0 (stratified for classification); inside each fold the real Impute',
    '(median for numbers, most frequent category for categories), Encode (one-hot) and Scale (standard) nodes are fitted on',
    "the fold's training rows only, then the Train node trains its **default neural network** (`model: neural-network`, every other",
    'parameter at its default; nothing tuned per dataset).',
    results.every((r) => r.sklearnFolds)
      ? 'The folds are scikit-learn\'s own (KFold / StratifiedKFold, shuffle, random_state=0, computed by python3 on the same file), so every fold scores the same rows as the reference.'
      : 'scikit-learn was not available, so the folds are Modelwright\'s own seeded folds (fold scores differ from the reference\'s; the means are comparable).',
    'The bar is the best scikit-learn default model (logistic/ridge regression, random forest, histogram gradient boosting,',
    'MLP) minus 0.02 accuracy or 0.03 R². houses drops its `listed` date column, as the reference does.',
    '',
    '| dataset | metric | Modelwright (mean ± sd over folds) | best scikit-learn default | gap | allowed | result | mean epochs | time |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Train defaults: ${JSON.stringify(params)}.`,
    '',
    ...(robustness.seeds.length === 0
      ? []
      : [
          `Seed robustness: the same protocol with the Train seed set to ${robustness.seeds.join(', ')} instead of the default ${params.seed} (the folds stay scikit-learn's):`,
          '',
          `| dataset | bar | ${robustness.seeds.map((seed) => `seed ${seed}`).join(' | ')} | worst, default seed included | every seed passes |`,
          `|---|---|${robustness.seeds.map(() => '---|').join('')}---|---|`,
          ...results.map((r) => {
            const scores = robustness.scores.get(r.name) ?? [];
            const bar = r.best.score - MARGIN[r.metric];
            const worst = Math.min(r.mean, ...scores);
            return `| ${r.name} | ≥ ${f(bar)} | ${scores.map(f).join(' | ')} | ${f(worst)} | ${worst >= bar - 1e-12 ? 'yes' : '**no**'} |`;
          }),
        ]),
    '',
    `${backendLine}`,
    '',
    "scikit-learn's MLPRegressor scores −2.98 on houses because it does not scale the target; Modelwright standardises",
    'regression targets for training and maps predictions back.',
    '',
  ].join('\n');
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  const baselines = loadBaselines();
  // The default network: the Train node's defaults with the model kind pinned (the node's default kind may differ).
  const params = trainParams.parse({ model: 'neural-network', ...(options.overrides ?? {}) });
  const backend = await ensureBackend();
  console.log(describeBackend(backend));
  const results: DatasetResult[] = [];
  for (const ds of datasets) {
    if (options.names !== null && !options.names.includes(ds.name)) continue;
    const baseline = baselines[ds.name];
    if (baseline === undefined) throw new Error(`no baseline for ${ds.name}`);
    const r = await evaluateDataset(ds, baseline, params);
    results.push(r);
    console.log(`${r.name.padEnd(14)} ${r.metric.padEnd(8)} ${r.mean.toFixed(4)}  best sklearn ${r.best.score.toFixed(4)} (${r.best.model})  gap ${r.gap >= 0 ? '+' : ''}${r.gap.toFixed(4)}  ${r.pass ? 'pass' : 'FAIL'}  folds ${r.folds.map((s) => s.toFixed(3)).join(' ')}  epochs ${r.epochs.join(' ')}  ${r.seconds.toFixed(1)} s${r.sklearnFolds ? '' : '  (own folds: scikit-learn missing)'}`);
  }
  const all = options.names === null;
  const scores = new Map<string, number[]>();
  const writing = options.write && options.overrides === null && all;
  if (writing) {
    for (const seed of options.seeds) {
      for (const ds of datasets) {
        const r = await evaluateDataset(ds, baselines[ds.name]!, { ...params, seed });
        scores.set(ds.name, [...(scores.get(ds.name) ?? []), r.mean]);
        console.log(`  seed ${seed}: ${r.name.padEnd(14)} ${r.mean.toFixed(4)}  ${r.pass ? 'pass' : 'FAIL'}`);
      }
    }
  }
  if (writing) {
    const path = join(root, 'docs', 'quality.md');
    // Keep the Auto section bench/auto.ts writes below this table.
    let autoSection = '';
    try {
      const current = readFileSync(path, 'utf8');
      const at = current.indexOf(AUTO_SECTION);
      if (at >= 0) autoSection = `\n${current.slice(at)}`;
    } catch {
      // no file yet
    }
    writeFileSync(path, markdown(results, params, describeBackend(backend), { seeds: options.seeds, scores }) + autoSection);
    console.log(`wrote ${path}`);
  }
  if (results.some((r) => !r.pass)) process.exitCode = 1;
}
