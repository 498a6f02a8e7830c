import { beforeAll, describe, expect, it } from 'vitest';
import { MwError, type ErrorInfo } from '../../errors';
import { modelSection } from '../../report/model-card';
import type { ReportFacts } from '../../report/facts';
import { ensureBackend } from '../backend/select';
import type { BackendInfo } from '../backend/info';
import { summarizeModel } from '../summary';
import { prepareTable } from '../testing/pipeline';
import { synthetic } from '../testing/tables';
import { trainAuto, type Candidate } from './auto';
import { trainAnyModel } from './dispatch';
import { trainParams } from './params';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await ensureBackend({ env: {} });
});

const ctx = (warnings: ErrorInfo[] = [], signal = new AbortController().signal) => ({ signal, now: () => performance.now(), backend, warn: (w: ErrorInfo) => warnings.push(w) });

/** A short search: quick versions of each family. */
const QUICK: readonly Candidate[] = [
  { label: 'linear', overrides: { model: 'linear', epochs: 30 } },
  { label: 'boosting', overrides: { model: 'gradient-boosting', trees: 20, minSamplesLeaf: 5 } },
  { label: 'forest', overrides: { model: 'random-forest', trees: 10 } },
  { label: 'network', overrides: { model: 'neural-network', epochs: 20, hiddenLayers: [8] } },
];

describe('Auto', () => {
  it('is the default model, with a 60 s budget', () => {
    const p = trainParams.parse({});
    expect(p.model).toBe('auto');
    expect(p.timeBudgetSeconds).toBe(60);
  });

  it('runs the default search on small data by cross-validation and keeps the best, with a leaderboard in the summary and the report', async () => {
    const table = synthetic('binary', 40);
    const model = await trainAnyModel(table, trainParams.parse({}), ctx());
    const board = model.metadata.leaderboard!;
    expect(board.selection).toBe('cross-validation');
    expect(board.folds).toBe(5);
    expect(board.entries.length).toBeGreaterThanOrEqual(8);
    expect(board.entries.filter((e) => e.chosen)).toHaveLength(1);
    const chosen = board.entries.find((e) => e.chosen)!;
    const trained = board.entries.filter((e) => e.status === 'trained');
    expect(chosen.score).toBe(Math.max(...trained.map((e) => e.score!)));
    expect(model.kind).toBe(chosen.kind === 'linear' ? 'logistic-regression' : chosen.kind);
    expect(new Set(trained.map((e) => e.kind))).toEqual(new Set(['linear', 'gradient-boosting', 'random-forest', 'neural-network']));
    expect(summarizeModel(model).leaderboard).toEqual(board);
    // The saved params retrain the winner, not the search.
    expect(model.metadata.params['model']).toBe(chosen.kind);
    const section = modelSection({ model, options: { audience: 'technical', intendedUse: '', limitations: '' } } as unknown as ReportFacts);
    const table2 = section.blocks.find((b) => b.kind === 'table' && b.id === 'leaderboard');
    expect(table2).toBeDefined();
  });

  it('is deterministic for a seed, and scores on the validation partition for larger tables', async () => {
    const prepared = await prepareTable(synthetic('multiclass', 1500, 4), { target: 'y', split: { test: 0.1, validation: 0.2, seed: 3 } });
    const a = await trainAuto(prepared, trainParams.parse({ seed: 5 }), ctx(), undefined, QUICK);
    const b = await trainAuto(prepared, trainParams.parse({ seed: 5 }), ctx(), undefined, QUICK);
    expect(a.metadata.leaderboard!.selection).toBe('partition');
    expect(a.metadata.leaderboard!.entries.map((e) => [e.candidate, e.score, e.chosen])).toEqual(b.metadata.leaderboard!.entries.map((e) => [e.candidate, e.score, e.chosen]));
    expect(a.kind).toBe(b.kind);
  });

  it('with a budget of 0 s trains one default model and says so in a warning', async () => {
    const warnings: ErrorInfo[] = [];
    const model = await trainAnyModel(synthetic('regression', 30), trainParams.parse({ timeBudgetSeconds: 0 }), ctx(warnings));
    expect(warnings.map((w) => w.code)).toContain('MW_TRAIN_AUTO_NO_BUDGET');
    expect(model.kind).toBe('gradient-boosting');
    expect(model.metadata.leaderboard!.selection).toBe('none');
    expect(model.metadata.leaderboard!.entries).toHaveLength(1);
  });

  it('trains one default model on a single row instead of failing (nothing to compare on)', async () => {
    const warnings: ErrorInfo[] = [];
    const one = synthetic('regression', 1);
    const model = await trainAnyModel(one, trainParams.parse({}), ctx(warnings));
    expect(model.kind).toBe('gradient-boosting');
    expect(warnings.map((w) => w.code)).toContain('MW_TRAIN_AUTO_NO_BUDGET');
  });

  it('always finishes the first candidate and skips the rest when the budget is used up', async () => {
    const model = await trainAuto(synthetic('binary', 40), trainParams.parse({ timeBudgetSeconds: 0.001 }), ctx(), undefined, QUICK);
    const entries = model.metadata.leaderboard!.entries;
    expect(entries[0]!.status).toBe('trained');
    expect(entries.slice(1).every((e) => e.status === 'skipped')).toBe(true);
    expect(model.kind).toBe('logistic-regression');
  });

  it('fails with a coded error on a table it cannot learn from, and stops when cancelled', async () => {
    const one = synthetic('binary', 1);
    await expect(trainAnyModel(one, trainParams.parse({}), ctx())).rejects.toBeInstanceOf(MwError);
    const controller = new AbortController();
    controller.abort();
    await expect(trainAuto(synthetic('binary', 40), trainParams.parse({}), ctx([], controller.signal), undefined, QUICK)).rejects.toSatisfy((e: unknown) => e instanceof MwError && e.code === 'MW_RUN_CANCELLED');
  });
});
