/**
 * `npm run bench -- auto [--budget 60] [--datasets iris,wine] [--no-write]`
 *
 * Auto mode (the Train node's default) under the protocol of ../shared/reference/baselines.json, exactly as
 * bench/quality.ts runs the default network: 5-fold cross-validation (scikit-learn's own folds when python3
 * has it), the real Impute / Encode / Scale nodes fitted per fold, then Train with `model: 'auto'` and the
 * given time budget (default: the node's default, 60 s). The bar is stricter than the network's: at or above
 * the best scikit-learn default, never below it by more than 0.01 accuracy / 0.02 R². Writes the table as
 * the "Auto mode" section of docs/quality.md (the network table above it is left as it is).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBackend } from '../engine/ml/backend/info';
import { ensureBackend } from '../engine/ml/backend/select';
import { trainParams } from '../engine/ml/train/params';
import { AUTO_SECTION, datasets, evaluateDataset, loadBaselines, type DatasetResult } from './quality';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MARGIN = { accuracy: 0.01, r2: 0.02 } as const;

interface AutoResult {
  readonly result: DatasetResult;
  /** The winning candidate of each fold. */
  readonly winners: string[];
  /** Mean seconds per fold (search + final training). */
  readonly secondsPerFold: number;
  readonly pass: boolean;
}

function parse(args: string[]): { budget: number; names: string[] | null; write: boolean } {
  let budget = trainParams.parse({}).timeBudgetSeconds;
  let names: string[] | null = null;
  let write = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--budget') budget = Number(args[++i]);
    else if (a === '--datasets') names = (args[++i] ?? '').split(',').filter((s) => s !== '');
    else if (a === '--no-write') write = false;
    else throw new Error(`unknown option ${a ?? ''}`);
  }
  if (!Number.isFinite(budget) || budget < 0) throw new Error('--budget takes seconds (≥ 0)');
  return { budget, names, write };
}

function markdown(results: readonly AutoResult[], budget: number, backendLine: string): string {
  const f = (v: number) => v.toFixed(4);
  const rows = results.map(({ result: r, winners, secondsPerFold, pass }) => {
    const spread = Math.sqrt(r.folds.reduce((a, b) => a + (b - r.mean) ** 2, 0) / r.folds.length);
    const counts = new Map<string, number>();
    for (const w of winners) counts.set(w, (counts.get(w) ?? 0) + 1);
    const chosen = [...counts.entries()].map(([w, n]) => `${w} ×${n}`).join(', ');
    return `| ${r.name} | ${r.metric} | ${f(r.mean)} ± ${spread.toFixed(3)} | ${f(r.best.score)} (${r.best.model}) | ${r.gap >= 0 ? '+' : ''}${f(r.gap)} | −${MARGIN[r.metric]} | ${pass ? (r.gap >= 0 ? 'pass (at or above)' : 'pass (within margin)') : '**FAIL**'} | ${chosen} | ${secondsPerFold.toFixed(1)} s |`;
  });
  return [
    AUTO_SECTION,
    '',
    `Measured by \`npm run bench -- auto${budget === trainParams.parse({}).timeBudgetSeconds ? '' : ` --budget ${budget}`}\` (bench/auto.ts): the same protocol and folds as the table above, with the Train`,
    `node on **Auto** and a time budget of **${budget} s** per training (the node's default is ${trainParams.parse({}).timeBudgetSeconds} s). Inside each outer fold Auto`,
    'compares its candidates by 5-fold cross-validation on that fold\'s training rows (all five datasets have fewer than',
    '1,000 rows per training fold except houses, which uses a 20% hold-out), keeps the best and retrains it on the fold\'s',
    'training rows; the outer test fold is never seen. The bar: at or above the best scikit-learn default, and never below',
    'it by more than 0.01 accuracy / 0.02 R².',
    '',
    '| dataset | metric | Auto (mean ± sd over folds) | best scikit-learn default | gap | allowed | result | chosen per fold | time per fold |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    backendLine,
    '',
  ].join('\n');
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  const baselines = loadBaselines();
  const backend = await ensureBackend();
  console.log(`${describeBackend(backend)}; Auto budget ${options.budget} s`);
  const params = trainParams.parse({ model: 'auto', timeBudgetSeconds: options.budget });
  const results: AutoResult[] = [];
  for (const ds of datasets) {
    if (options.names !== null && !options.names.includes(ds.name)) continue;
    const baseline = baselines[ds.name];
    if (baseline === undefined) throw new Error(`no baseline for ${ds.name}`);
    const winners: string[] = [];
    const result = await evaluateDataset(ds, baseline, params, (model) => {
      winners.push(model.metadata.leaderboard?.entries.find((e) => e.chosen)?.candidate ?? model.kind);
    });
    const pass = result.gap >= -MARGIN[result.metric] - 1e-12;
    results.push({ result, winners, secondsPerFold: result.seconds / result.folds.length, pass });
    console.log(`${ds.name.padEnd(14)} ${result.metric.padEnd(8)} ${result.mean.toFixed(4)}  best sklearn ${result.best.score.toFixed(4)} (${result.best.model})  gap ${result.gap >= 0 ? '+' : ''}${result.gap.toFixed(4)}  ${pass ? 'pass' : 'FAIL'}  folds ${result.folds.map((s) => s.toFixed(3)).join(' ')}  chosen ${winners.join(' | ')}  ${result.seconds.toFixed(1)} s`);
  }
  if (options.write && options.names === null) {
    const path = join(root, 'docs', 'quality.md');
    let head = '';
    try {
      const current = readFileSync(path, 'utf8');
      const at = current.indexOf(AUTO_SECTION);
      head = at >= 0 ? current.slice(0, at) : `${current.trimEnd()}\n\n`;
    } catch {
      head = '# Model quality\n\n';
    }
    writeFileSync(path, head + markdown(results, options.budget, describeBackend(backend)));
    console.log(`wrote ${path}`);
  }
  if (results.some((r) => !r.pass)) process.exitCode = 1;
}
