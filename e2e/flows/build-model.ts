/**
 * The "done when" path in Chromium: drop examples/houses.csv on the canvas (a real drop event
 * carrying the file), see its schema, click "Build a model for this", run, watch progress and the live
 * loss chart, read R² on the test rows; then start a longer run and cancel it (upstream steps come from
 * the cache, the cancelled step says so).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import { repoRoot } from '../lib/host';
import { runRecord, startRunRecorder, stopRunRecorder, type RunRecord } from '../lib/run-watch';
import {
  byTestId, createProject, dropFiles, graphView, nodeStatus, selectNode, setParam, viewportSettled, visible, waitForToast, waitUntil, withApp,
} from '../lib/ui';

const SOURCE = 'csv-source-1';
const CHAIN = ['select-columns-1', 'split-1', 'impute-1', 'encode-1', 'scale-1', 'train-1', 'evaluate-1'] as const;
const TRAIN = 'train-1';
const EVALUATE = 'evaluate-1';
/** Few epochs keep the flow short on a small CI box; the loss still visibly falls. */
const EPOCHS = 40;
const RUN_TIMEOUT = 240_000;
const FINAL_PHASES = new Set(['succeeded', 'failed', 'cancelled', 'diverged']);

/**
 * Presses Run and waits for the run to end. `onEpoch` is called with the epoch the Training tab shows while
 * the run is active (as often as this loop gets to look); the in-page recorder sees every state.
 */
async function runAndWatch(page: Page, onEpoch: (epoch: number) => Promise<void>): Promise<RunRecord & { phase: string }> {
  await startRunRecorder(page);
  await byTestId(page, 'btn-run').click();
  const deadline = Date.now() + RUN_TIMEOUT;
  for (;;) {
    const record = await runRecord(page);
    const phase = record.phases.at(-1) ?? '';
    if (FINAL_PHASES.has(phase) && record.phases.some((p) => p === 'starting' || p === 'running')) {
      return { ...(await stopRunRecorder(page)), phase };
    }
    if (Date.now() > deadline) throw new Error(`The run did not finish within ${RUN_TIMEOUT} ms (phases ${record.phases.join(' → ')}).`);
    const epoch = record.liveEpochs.at(-1);
    if (epoch !== undefined && (phase === 'running' || phase === 'starting')) await onEpoch(epoch);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function shownEpoch(page: Page): Promise<number | null> {
  const text = await byTestId(page, 'training-epoch').first().textContent({ timeout: 1000 }).catch(() => null);
  const match = text === null ? null : /Epoch\s*(\d+)/.exec(text);
  return match === null ? null : Number(match[1]);
}

/** The Metrics tab after a successful run: R² on the test rows as the headline, and the regression charts. */
async function checkMetrics(ctx: FlowContext, page: Page): Promise<void> {
  const evaluated = (await byTestId(page, `node-output-${EVALUATE}`).textContent()) ?? '';
  await visible(page, 'metrics-panel');
  const headline = byTestId(page, 'metrics-headline');
  equal(await headline.getAttribute('data-metric'), 'r2', 'the headline metric of a regression');
  const r2 = Number(await headline.getAttribute('data-value'));
  const label = (await headline.textContent()) ?? '';
  check(/R²/.test(label) && /test rows/.test(label), `the headline names R² on the test rows: "${label}"`);
  check(Number.isFinite(r2) && r2 > 0.5 && r2 <= 1, `R² on the test rows is a sane value: ${r2}`);
  ctx.log(`R² on the test rows after ${EPOCHS} epochs: ${r2.toFixed(3)}`);
  check(/R²/.test(evaluated) && /test/.test(evaluated), `the Evaluate node shows its key output: "${evaluated}"`);
  await visible(page, 'metrics-chart-pred-vs-actual');
  await visible(page, 'metrics-chart-residuals');
  await ctx.screenshot(page, 'metrics');
}

export async function flow(ctx: FlowContext): Promise<void> {
  await withApp(ctx, async (page) => {
    await createProject(page, 'Houses by drop');

    // Drop the CSV: a CSV Source node appears where it was dropped, the file is imported, its schema shows.
    const houses = await readFile(join(repoRoot, 'examples', 'houses.csv'));
    await dropFiles(page, [{ name: 'houses.csv', bytes: houses, type: 'text/csv' }], { x: 160, y: 120 });
    const output = await waitUntil(async () => byTestId(page, `node-output-${SOURCE}`).textContent({ timeout: 500 }), 'the dropped CSV to be imported');
    check(/2,000 rows × 7 columns/.test(output), `the CSV Source node shows the table's shape: "${output}"`);
    await visible(page, 'data-panel');
    await visible(page, 'column-stats');
    const target = await byTestId(page, 'build-model-target').inputValue();
    equal(target, 'price', 'the suggested target');
    await ctx.screenshot(page, 'dropped-houses');

    // One click lays out the model chain, wired and valid.
    await byTestId(page, 'build-model-button').click();
    await waitForToast(page, 'success', /predicting price/);
    const built = await waitUntil(async () => {
      const view = await graphView(page);
      return Object.keys(view.nodes).length === 1 + CHAIN.length ? view : undefined;
    }, 'the model chain on the canvas');
    for (const id of CHAIN) check(built.nodes[id] !== undefined, `node ${id} in the built chain (have ${Object.keys(built.nodes).join(', ')})`);
    equal(built.edges.length, CHAIN.length + 1, 'edges of the built chain (Evaluate takes the model and the table)');
    equal(await page.locator('[data-testid^="node-issue-"]').count(), 0, 'validation issues on the built chain');
    await viewportSettled(page);
    await ctx.screenshot(page, 'model-built');

    // A neural network (the default, Auto, compares several models for up to a minute) with few epochs.
    await selectNode(page, TRAIN);
    await byTestId(page, 'param-model').selectOption('neural-network');
    await setParam(page, 'epochs', String(EPOCHS));
    await waitUntil(async () => ((await page.locator(`[data-testid="node-${TRAIN}"] .mw-node-summary`).textContent()) ?? '').includes(`≤${EPOCHS} epochs`), 'the Train node summary to show the new epochs');
    await page.keyboard.press('Escape');

    // Run: progress on the nodes, the loss chart while training, then metrics.
    let liveShot = false;
    const first = await runAndWatch(page, async (epoch) => {
      if (liveShot || epoch < 3) return;
      liveShot = true;
      await ctx.screenshot(page, 'training-live');
    });
    equal(first.phase, 'succeeded', 'the run');
    check(first.sawRunningStatus, 'a node showed "running" during the run');
    check(first.sawProgressBar, 'a progress bar showed on a running node');
    check(first.liveChartDrawn && first.liveEpochs.length >= 2, `the training chart updated while the run went on (epochs seen live: ${first.liveEpochs.join(', ')})`);
    const [firstLoss, lastLoss] = [first.liveLosses[0], first.liveLosses.at(-1)];
    check(firstLoss !== undefined && lastLoss !== undefined && lastLoss < firstLoss, `the loss fell while training (seen live: ${first.liveLosses.join(', ')})`);
    // Steps an earlier flow already ran on the same file and params (the engine's cache is per host) come back cached.
    for (const id of [SOURCE, ...CHAIN]) {
      const status = await nodeStatus(page, id);
      check(status === 'done' || status === 'cached', `status of ${id} after the run: ${String(status)}`);
    }
    for (const id of [TRAIN, EVALUATE]) equal(await nodeStatus(page, id), 'done', `status of ${id} (trained in this run)`);

    await checkMetrics(ctx, page);

    await byTestId(page, 'results-tab-training').click();
    await visible(page, 'training-loss-chart');
    await ctx.screenshot(page, 'training-done');

    // A long run, cancelled while it trains.
    await selectNode(page, TRAIN);
    await setParam(page, 'epochs', '5000');
    await byTestId(page, 'param-earlyStopping').uncheck();
    await page.keyboard.press('Escape');
    let cancelledAt: number | null = null;
    const second = await runAndWatch(page, async (epoch) => {
      if (cancelledAt !== null || epoch < 2) return;
      cancelledAt = epoch;
      await byTestId(page, 'btn-cancel').click();
    });
    equal(second.phase, 'cancelled', 'the run after pressing Cancel');
    check(cancelledAt !== null, 'Cancel was pressed while the model trained');
    await waitForToast(page, 'info', /cancelled/i);
    equal(await nodeStatus(page, TRAIN), 'cancelled', 'status of the Train node');
    for (const id of [SOURCE, ...CHAIN.slice(0, 5)]) equal(await nodeStatus(page, id), 'cached', `status of ${id} (unchanged, from the cache)`);
    const last = await shownEpoch(page);
    check(last !== null && last < 5000, `training stopped early: epoch ${String(last)}`);
    await ctx.screenshot(page, 'cancelled');
  });
}
