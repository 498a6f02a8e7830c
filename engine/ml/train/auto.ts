/**
 * Auto: the Train node's default. Within `timeBudgetSeconds` it tries a fixed, ordered list of candidates
 * (linear, gradient boosting, random forest, the default network, then a few variations of their main
 * parameters), scores each on rows it did not train on, and keeps the best:
 * - fewer than SMALL_DATA_ROWS labelled rows: 5-fold cross-validation over the train (and validation) rows,
 *   then the winner is retrained on the training rows;
 * - otherwise the validation partition (the winner is kept as trained), or without one a seeded 20% hold-out
 *   of the training rows (the winner is retrained on all of them).
 * Ties keep the earlier (simpler, faster) candidate. The order, the folds and every learner are seeded, so a
 * search that ends within its budget is deterministic for a seed; a budget that cuts the search short skips
 * the remaining candidates (the leaderboard says which). The first candidate always runs to the end, and the
 * final retraining comes after the budget. A budget of 0 s trains gradient boosting with its defaults and warns.
 */
import { MwError, type ErrorInfo } from '../../errors';
import { rowsIn, targetColumn, type Column, type Table } from '../../data/table';
import type { Leaderboard, LeaderboardEntry, ModelBundle } from '../model';
import { trainModel, holdOut, type TrainContext, type TrainRows } from './fit';
import { kFolds } from './folds';
import { predictRows, truthFor } from './infer';
import { trainParams, type TrainParams } from './params';
import { detectTask, encodeClasses, fitTargetEncoding } from './task';
import { trainTreeModel } from './tree-estimator';

/** Below this many labelled rows, candidates are compared by cross-validation. */
export const SMALL_DATA_ROWS = 1000;
const FOLDS = 5;
const HOLD_OUT = 0.2;

export interface AutoContext extends TrainContext {
  /** Search progress (fraction of the budget used, what runs now). */
  readonly onProgress?: (fraction: number, message: string) => void;
}

export interface Candidate {
  readonly label: string;
  /** Train parameters that differ from the defaults. */
  readonly overrides: Partial<TrainParams> & { readonly model: 'neural-network' | 'linear' | 'gradient-boosting' | 'random-forest' };
}

/** The search, in order: cheap strong defaults first, then variations of their main parameters. */
export const AUTO_CANDIDATES: readonly Candidate[] = [
  { label: 'linear model', overrides: { model: 'linear' } },
  { label: 'gradient boosting', overrides: { model: 'gradient-boosting' } },
  { label: 'random forest', overrides: { model: 'random-forest' } },
  { label: 'neural network (64)', overrides: { model: 'neural-network' } },
  { label: 'gradient boosting, small trees, slow learning', overrides: { model: 'gradient-boosting', maxLeaves: 7, minSamplesLeaf: 5, treeLearningRate: 0.05, trees: 500 } },
  { label: 'linear model, weak penalty', overrides: { model: 'linear', l2: 0.001 } },
  { label: 'random forest, ≥3 rows per leaf, half the features', overrides: { model: 'random-forest', minSamplesLeaf: 3, featureFraction: 0.5 } },
  { label: 'neural network (128, 64)', overrides: { model: 'neural-network', hiddenLayers: [128, 64] } },
  { label: 'gradient boosting, subsampled rows and features', overrides: { model: 'gradient-boosting', maxLeaves: 15, minSamplesLeaf: 10, treeLearningRate: 0.05, featureFraction: 0.8, rowFraction: 0.8, trees: 500 } },
  { label: 'neural network (32), strong penalty', overrides: { model: 'neural-network', hiddenLayers: [32], l2: 0.05 } },
];

/** The model Auto trains when it has no time to compare (budget 0 s). */
const NO_BUDGET_CANDIDATE: Candidate = { label: 'gradient boosting', overrides: { model: 'gradient-boosting' } };

function candidateParams(user: TrainParams, candidate: Candidate): TrainParams {
  // Settings about the data and the run carry over from the node; model settings come from the candidate.
  return trainParams.parse({
    task: user.task,
    seed: user.seed,
    classWeights: user.classWeights,
    validationFraction: user.validationFraction,
    earlyStopping: user.earlyStopping,
    ...candidate.overrides,
  });
}

function trainCandidate(table: Table, params: TrainParams, ctx: TrainContext, rows?: TrainRows): Promise<ModelBundle> {
  return params.model === 'gradient-boosting' || params.model === 'random-forest' ? trainTreeModel(table, params, ctx, rows) : trainModel(table, params, ctx, rows);
}

function keepRowsWithTarget(rows: Uint32Array, target: Column): Uint32Array {
  if (target.kind === 'numeric') return rows.filter((r) => target.missing[r] !== 1);
  return rows.filter((r) => target.codes[r]! >= 0);
}

/** Accuracy or R² of a model on rows of the (prepared) table. */
export function scoreOn(model: ModelBundle, table: Table, rows: Uint32Array): number {
  const truth = truthFor(model, table, rows);
  const { output } = predictRows(model, table, truth.rows);
  if (truth.kind === 'classes') {
    const k = model.classes.length;
    let correct = 0;
    truth.codes.forEach((code, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (output[i * k + c]! > output[i * k + best]!) best = c;
      if (best === code) correct++;
    });
    return truth.codes.length === 0 ? 0 : correct / truth.codes.length;
  }
  const y = truth.values;
  const mean = y.reduce((a, b) => a + b, 0) / Math.max(1, y.length);
  let ssRes = 0;
  let ssTot = 0;
  y.forEach((v, i) => {
    ssRes += (v - output[i]!) ** 2;
    ssTot += (v - mean) ** 2;
  });
  return ssTot > 0 ? 1 - ssRes / ssTot : ssRes === 0 ? 1 : 0;
}

type Plan =
  | { readonly selection: 'cross-validation'; readonly splits: readonly { train: Uint32Array; test: Uint32Array }[] }
  | { readonly selection: 'partition' | 'held-out'; readonly splits: readonly { train: Uint32Array; test: Uint32Array }[] };

/** How candidates will be compared; null when there are too few rows to score any. */
function selectionPlan(table: Table, target: Column, params: TrainParams, rows: TrainRows | undefined): Plan | null {
  const train = keepRowsWithTarget(rows?.train ?? rowsIn(table, 'train'), target);
  const validation = keepRowsWithTarget(rows?.validation ?? (table.partition === null ? new Uint32Array(0) : rowsIn(table, 'validation')), target);
  if (train.length === 0) throw new MwError('MW_TRAIN_NO_ROWS', { message: 'No training rows have a target value.' });
  const task = detectTask(target, params.task);
  const encoding = fitTargetEncoding(table, target, task, train);
  const codes = encoding.kind === 'classes' ? encodeClasses(target, encoding) : null;
  if (train.length + validation.length < SMALL_DATA_ROWS) {
    const pool = Uint32Array.from([...train, ...validation]).sort();
    const folds = kFolds(pool.length, Math.min(FOLDS, pool.length), params.seed, codes === null ? null : Int32Array.from(pool, (r) => codes[r]!));
    const splits = Array.from({ length: folds.count }, (_, f) => ({ train: Uint32Array.from(folds.train(f), (i) => pool[i]!), test: Uint32Array.from(folds.test(f), (i) => pool[i]!) }))
      .filter((s) => s.train.length > 0 && s.test.length > 0);
    if (splits.length > 0) return { selection: 'cross-validation', splits };
  }
  if (validation.length > 0) return { selection: 'partition', splits: [{ train, test: validation }] };
  const split = holdOut(train, HOLD_OUT, params.seed, codes);
  if (split.validation.length === 0 || split.train.length === 0) return null;
  return { selection: 'held-out', splits: [{ train: split.train, test: split.validation }] };
}

/** Cancels at the deadline as well as when the run is cancelled. */
function deadlineSignal(run: AbortSignal, msLeft: number): { signal: AbortSignal; expired: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let expired = false;
  // Infinity: no deadline. (setTimeout fires at once for delays beyond 2^31 − 1 ms, so those get none either.)
  const timer = Number.isFinite(msLeft) && msLeft < 2 ** 31 - 1
    ? setTimeout(() => {
        expired = true;
        controller.abort();
      }, Math.max(0, msLeft))
    : undefined;
  const onAbort = () => controller.abort();
  run.addEventListener('abort', onAbort);
  if (run.aborted) controller.abort();
  return {
    signal: controller.signal,
    expired: () => expired && !run.aborted,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      run.removeEventListener('abort', onAbort);
    },
  };
}

function changed(params: TrainParams, candidate: Candidate): Record<string, unknown> {
  return { ...candidate.overrides, ...(params.seed === 42 ? {} : { seed: params.seed }) };
}

/** Auto (see the file comment). `candidates` replaces the search list (tests use short ones). */
export async function trainAuto(table: Table, params: TrainParams, ctx: AutoContext, rows?: TrainRows, candidates: readonly Candidate[] = AUTO_CANDIDATES): Promise<ModelBundle> {
  const started = ctx.now();
  const target = targetColumn(table);
  if (target === undefined) throw new MwError('MW_TABLE_NO_TARGET', { message: 'The table has no target column; choose one in Select Columns.' });
  const budgetMs = params.timeBudgetSeconds * 1000;
  const metricName = detectTask(target, params.task) === 'regression' ? 'r2' : 'accuracy';

  const plan = budgetMs <= 0 ? null : selectionPlan(table, target, params, rows);
  if (plan === null) {
    const why = budgetMs <= 0 ? 'Auto has a time budget of 0 s' : 'There are too few training rows to compare models on rows they did not learn from';
    ctx.warn?.(new MwError('MW_TRAIN_AUTO_NO_BUDGET', {
      message: `${why}, so it trained gradient boosting with its default settings without comparing other models.`,
      location: budgetMs <= 0 ? { field: 'timeBudgetSeconds' } : {},
    }).toInfo());
    const p = candidateParams(params, NO_BUDGET_CANDIDATE);
    const model = await trainCandidate(table, p, ctx, rows);
    const board: Leaderboard = {
      metricName, selection: 'none', folds: 0, budgetSeconds: params.timeBudgetSeconds, searchMs: 0,
      entries: [{ candidate: NO_BUDGET_CANDIDATE.label, kind: p.model, score: null, ms: model.metadata.trainingMs, params: changed(params, NO_BUDGET_CANDIDATE), status: 'trained', chosen: true, note: budgetMs <= 0 ? 'no time budget: trained without comparing' : 'too few rows to compare' }],
    };
    return withLeaderboard(model, board, [`${why}, so Auto trained gradient boosting with its defaults.`], ctx.now() - started);
  }

  const deadline = started + budgetMs;
  const entries: LeaderboardEntry[] = [];
  const warnings = new Map<string, ErrorInfo>();
  const quietCtx = (signal: AbortSignal): TrainContext => ({
    signal, now: ctx.now, backend: ctx.backend,
    warn: (w) => warnings.set(`${w.code}|${w.message}`, w),
    ...(ctx.yieldControl === undefined ? {} : { yieldControl: ctx.yieldControl }),
  });
  let best: { entry: number; candidate: number; score: number; model: ModelBundle | null } | null = null;

  for (const [index, candidate] of candidates.entries()) {
    if (ctx.signal.aborted) throw new MwError('MW_RUN_CANCELLED');
    const p = candidateParams(params, candidate);
    const candidateStarted = ctx.now();
    if (index > 0 && candidateStarted >= deadline) {
      entries.push({ candidate: candidate.label, kind: p.model, score: null, ms: 0, params: changed(params, candidate), status: 'skipped', chosen: false, note: 'time budget used up' });
      continue;
    }
    ctx.onProgress?.(Math.min(1, (candidateStarted - started) / budgetMs), `Auto: trying ${candidate.label} (${index + 1} of ${candidates.length})`);
    // The first candidate always finishes, so Auto always has a model.
    const limit = deadlineSignal(ctx.signal, index === 0 ? Number.POSITIVE_INFINITY : deadline - candidateStarted);
    try {
      const scores: number[] = [];
      let kept: ModelBundle | null = null;
      for (const split of plan.splits) {
        const model = await trainCandidate(table, p, quietCtx(limit.signal), plan.selection === 'cross-validation' ? { train: split.train } : { train: split.train, validation: split.test });
        scores.push(scoreOn(model, table, split.test));
        if (plan.selection === 'partition') kept = model;
      }
      const score = scores.reduce((a, b) => a + b, 0) / scores.length;
      entries.push({ candidate: candidate.label, kind: p.model, score, ms: ctx.now() - candidateStarted, params: changed(params, candidate), status: 'trained', chosen: false });
      if (best === null || score > best.score) best = { entry: entries.length - 1, candidate: index, score, model: kept };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const overBudget = limit.expired();
      const info = error instanceof MwError ? error.toInfo() : null;
      entries.push({
        candidate: candidate.label, kind: p.model, score: null, ms: ctx.now() - candidateStarted, params: changed(params, candidate),
        status: overBudget ? 'skipped' : 'failed', chosen: false,
        note: overBudget ? 'stopped at the time budget' : info?.message ?? (error instanceof Error ? error.message : String(error)),
      });
      // A failure of the first candidate that is about the data (no rows, one class, …) fails Auto too.
      if (!overBudget && index === 0 && info !== null && info.code !== 'MW_TRAIN_DIVERGED') throw error;
    } finally {
      limit.dispose();
    }
  }
  if (best === null) throw new MwError('MW_TRAIN_BAD_TARGET', { message: 'Auto could not train any candidate model on this table.', details: { leaderboard: entries } });

  const searchMs = ctx.now() - started;
  const winner = candidates[best.candidate]!;
  entries[best.entry] = { ...entries[best.entry]!, chosen: true };
  const board: Leaderboard = { metricName, selection: plan.selection, folds: plan.selection === 'cross-validation' ? plan.splits.length : 0, budgetSeconds: params.timeBudgetSeconds, searchMs, entries };
  ctx.onProgress?.(1, `Auto: ${winner.label} won`);
  // The winner is retrained on all training rows (with the normal early-stopping rows), unless it was
  // already trained on exactly those (validation partition).
  if (best.model !== null) for (const w of warnings.values()) ctx.warn?.(w);
  const final = best.model ?? (await trainCandidate(table, candidateParams(params, winner), ctx, rows));
  const tried = entries.filter((e) => e.status === 'trained').length;
  const how = plan.selection === 'cross-validation' ? `${plan.splits.length}-fold cross-validation on the training rows` : plan.selection === 'partition' ? 'the validation partition' : `${Math.round(HOLD_OUT * 100)}% of the training rows held out (seed ${params.seed})`;
  return withLeaderboard(final, board, [`Auto compared ${tried} model${tried === 1 ? '' : 's'} by ${metricName === 'r2' ? 'R²' : 'accuracy'} on ${how} and kept ${winner.label} (${best.score.toFixed(4)}).`], ctx.now() - started);
}

function withLeaderboard(model: ModelBundle, leaderboard: Leaderboard, notes: readonly string[], totalMs: number): ModelBundle {
  return { ...model, metadata: { ...model.metadata, leaderboard, trainingMs: totalMs, notes: [...notes, ...model.metadata.notes] } };
}
