/**
 * The Runs view in Chromium (issue 8): open the houses example, run it twice with different epochs, open
 * Runs (both recorded), tag one and filter by tag and status, compare the two (the differing parameter
 * highlighted, metric deltas, the training curves overlaid), promote one (the champion badge), export it
 * for MLflow, and restore the first run's graph onto the canvas as one undoable command. Then a project
 * with two Threshold Gates (one passes, one fails): the verdicts on the canvas nodes and in the run's record.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseGraphText } from '../../engine/graph/load';
import type { Graph } from '../../engine/graph/schema';
import { writeProject } from '../../engine/project/project';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import { repoRoot } from '../lib/host';
import { byTestId, graphView, hidden, openListedProject, runPhase, selectNode, setParam, visible, waitForToast, waitUntil, withApp } from '../lib/ui';

const RUN_TIMEOUT = 240_000;
const TRAIN = 'train';
const FIRST_EPOCHS = 12;
const SECOND_EPOCHS = 30;

async function runToEnd(page: Page, what: string, expected = 'succeeded'): Promise<void> {
  await byTestId(page, 'btn-run').click();
  await waitUntil(async () => ['starting', 'running'].includes((await runPhase(page)) ?? ''), `${what} to start`, 30_000, 50);
  const phase = await waitUntil(async () => {
    const p = (await runPhase(page)) ?? '';
    return ['succeeded', 'failed', 'cancelled', 'diverged'].includes(p) ? p : undefined;
  }, `${what} to finish`, RUN_TIMEOUT, 250);
  equal(phase, expected, what);
}

const GATE_PROJECT = 'Gate check';

/**
 * The houses pipeline (quick linear model, no Explain) with two gates on its model and metrics: "test r2 ≥ 0.5"
 * passes, "test r2 ≥ 0.999" fails. Laid out in a compact grid so the canvas shows full node faces.
 */
async function writeGateProject(workspace: string): Promise<void> {
  const example = parseGraphText(await readFile(join(repoRoot, 'examples', 'houses.json'), 'utf8'));
  const core = new Set(['csv-source', 'select-columns', 'split', 'impute', 'encode', 'scale', 'train', 'evaluate']);
  const kept = example.nodes.filter((n) => core.has(n.kind));
  const gate = (id: string, value: number) => ({ id, kind: 'gate', version: 1, label: `Gate r2 ≥ ${value}`, params: { conditions: [{ metric: 'r2', op: '>=', value }] }, position: { x: 0, y: 0 } });
  const nodes = [...kept, gate('gate-pass', 0.5), gate('gate-fail', 0.999)].map((n, i) => ({
    ...n,
    position: { x: (i % 4) * 260, y: Math.floor(i / 4) * 190 },
    params: n.kind === 'train' ? { model: 'linear', epochs: 8 } : n.kind === 'csv-source' ? { ...n.params, path: 'data/houses.csv' } : n.params,
  }));
  const ids = new Set(nodes.map((n) => n.id));
  const train = nodes.find((n) => n.kind === 'train')?.id ?? 'train';
  const evaluate = nodes.find((n) => n.kind === 'evaluate')?.id ?? 'evaluate';
  const gateEdges = ['gate-pass', 'gate-fail'].flatMap((g) => [
    { id: `${train}.model-${g}.model`, from: { node: train, port: 'model' }, to: { node: g, port: 'model' } },
    { id: `${evaluate}.metrics-${g}.metrics`, from: { node: evaluate, port: 'metrics' }, to: { node: g, port: 'metrics' } },
  ]);
  const graph: Graph = { ...example, metadata: { name: GATE_PROJECT }, nodes, edges: [...example.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node)), ...gateEdges] };
  const folder = join(workspace, GATE_PROJECT);
  await mkdir(join(folder, 'data'), { recursive: true });
  await copyFile(join(repoRoot, 'examples', 'houses.csv'), join(folder, 'data', 'houses.csv'));
  await writeProject(folder, graph);
}

/** The Train node's epochs as the inspector shows them (the example's canvas is zoomed out: nodes are compact). */
async function shownEpochs(page: Page): Promise<string> {
  await selectNode(page, TRAIN);
  return byTestId(page, 'param-epochs').inputValue();
}

async function setEpochs(page: Page, epochs: number): Promise<void> {
  await selectNode(page, TRAIN);
  await setParam(page, 'epochs', String(epochs));
  await waitUntil(async () => (await shownEpochs(page)) === String(epochs), `the Train node to have ${epochs} epochs`);
  await page.keyboard.press('Escape');
}

async function tableRows(page: Page): Promise<number> {
  return Number((await byTestId(page, 'runs-table').getAttribute('data-rows')) ?? '-1');
}

function row(page: Page, number: number) {
  return page.locator(`[data-testid^="run-row-"][data-number="${number}"]`);
}

export async function flow(ctx: FlowContext): Promise<void> {
  await withApp(ctx, async (page) => {
    await (await visible(page, 'example-houses')).click();
    await visible(page, 'canvas');
    const exampleNodes = parseGraphText(await readFile(join(repoRoot, 'examples', 'houses.json'), 'utf8')).nodes.length;
    await waitUntil(async () => Object.keys((await graphView(page)).nodes).length === exampleNodes, `the ${exampleNodes} nodes of the houses example`);

    // Two runs that differ in one parameter.
    await setEpochs(page, FIRST_EPOCHS);
    await runToEnd(page, 'the first run');
    await setEpochs(page, SECOND_EPOCHS);
    await runToEnd(page, 'the second run');

    // Both are in the Runs view, newest first.
    await byTestId(page, 'btn-runs').click();
    await visible(page, 'runs-view');
    await hidden(page, 'canvas');
    await waitUntil(async () => (await tableRows(page)) === 2, 'two recorded runs in the table');
    const numbers = await page.locator('[data-testid^="run-row-"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-number'))));
    equal(JSON.stringify(numbers), JSON.stringify([2, 1]), 'runs listed newest first');
    check((await row(page, 1).getAttribute('data-status')) === 'succeeded', 'run 1 succeeded');
    await ctx.screenshot(page, 'runs-table');

    // Sorting (on the host): a first click on # sorts descending, a second ascending.
    await byTestId(page, 'runs-sort-number').click();
    await waitUntil(async () => (await byTestId(page, 'runs-sort-number').getAttribute('aria-sort')) === 'descending', 'the # column to sort descending');
    await byTestId(page, 'runs-sort-number').click();
    await waitUntil(async () => (await page.locator('[data-testid^="run-row-"]').first().getAttribute('data-number')) === '1', 'run 1 first after sorting by number (ascending)');

    // Details, tags and notes of run 2; then filter by the tag and by status.
    await row(page, 2).locator('.mw-runs-name').click();
    await waitUntil(async () => (await byTestId(page, 'run-detail').getAttribute('data-run')) !== null, 'the details of run 2');
    check(/R²/.test((await byTestId(page, 'run-detail-headline').textContent()) ?? ''), 'the headline metric of run 2 is R²');
    await byTestId(page, 'run-tags').fill('candidate, more epochs');
    await byTestId(page, 'btn-save-tags').click();
    await waitUntil(async () => ((await row(page, 2).textContent()) ?? '').includes('candidate'), 'the tag in the row of run 2');
    await byTestId(page, 'run-notes').fill('Trained longer.');
    await byTestId(page, 'btn-save-notes').click();
    await waitUntil(async () => ((await row(page, 2).textContent()) ?? '').includes('✎'), 'the notes marker on run 2');
    await byTestId(page, 'runs-filter-tag').selectOption('candidate');
    await waitUntil(async () => (await tableRows(page)) === 1, 'one run tagged "candidate"');
    await byTestId(page, 'runs-filter-tag').selectOption('');
    await byTestId(page, 'runs-filter-status').selectOption('failed');
    await waitUntil(async () => (await tableRows(page)) === 0, 'no failed runs');
    await byTestId(page, 'runs-filter-status').selectOption('');
    await waitUntil(async () => (await tableRows(page)) === 2, 'both runs again');

    // Compare: the differing parameter highlighted, the others not; metrics with deltas; curves overlaid.
    await byTestId(page, 'run-select-1').check();
    await byTestId(page, 'run-select-2').check();
    await byTestId(page, 'runs-compare').click();
    await visible(page, 'compare-view');
    const epochsRow = byTestId(page, `compare-param-${TRAIN}-epochs`);
    equal(await epochsRow.getAttribute('data-differs'), 'true', 'the epochs row is marked as differing');
    check(((await epochsRow.textContent()) ?? '').includes(String(SECOND_EPOCHS)), 'the epochs row shows the second run’s value');
    const highlighted = await epochsRow.locator('.mw-compare-cell').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    check(highlighted !== 'rgba(0, 0, 0, 0)' && highlighted !== 'transparent', `the differing row is highlighted (background ${highlighted})`);
    equal(await byTestId(page, 'compare-param-split-seed').getAttribute('data-differs'), 'false', 'the split seed is the same');
    check((await byTestId(page, 'compare-metric-test-r2').count()) === 1, 'test R² is compared');
    check(((await byTestId(page, 'compare-metric-test-r2').textContent()) ?? '').match(/[+−±]/) !== null, 'test R² shows a delta');
    await waitUntil(async () => (await byTestId(page, 'compare-chart-loss').locator('svg path').count()) > 2, 'the overlaid loss curves');
    await ctx.screenshot(page, 'compare');
    await byTestId(page, 'compare-only-diffs').check();
    equal(await page.locator('[data-testid^="compare-param-"]').count(), 1, 'only the differing parameter is left');
    await ctx.screenshot(page, 'compare-differences');
    await byTestId(page, 'btn-compare-close').click();
    await visible(page, 'runs-table');

    // Promote run 2: the champion badge on its row and in its details.
    await row(page, 2).locator('.mw-runs-name').click();
    await waitUntil(async () => (await byTestId(page, 'btn-promote').isEnabled()) || undefined, 'the Promote button to be enabled for run 2');
    await byTestId(page, 'btn-promote').click();
    await waitForToast(page, 'success', /Run 2 is now the champion/);
    await waitUntil(async () => (await row(page, 2).locator('[data-testid="champion-badge"]').count()) === 1, 'the champion badge on run 2');
    equal(await row(page, 1).locator('[data-testid="champion-badge"]').count(), 0, 'no badge on run 1');
    await visible(page, 'runs-champion');
    await ctx.screenshot(page, 'champion');
    await byTestId(page, 'btn-export-mlflow').click();
    await waitForToast(page, 'success', /Exported the run for MLflow/);

    // Restore run 1's graph: the canvas comes back with 12 epochs; one Undo brings 30 back.
    await row(page, 1).locator('.mw-runs-name').click();
    await waitUntil(async () => ((await byTestId(page, 'run-detail').textContent()) ?? '').includes('Run 1'), 'the details of run 1');
    await byTestId(page, 'btn-restore-graph').click();
    await waitForToast(page, 'success', /Restored the graph of run 1/);
    await hidden(page, 'runs-view');
    await visible(page, 'canvas');
    await waitUntil(async () => (await shownEpochs(page)) === String(FIRST_EPOCHS), 'the restored Train node to have the first run’s epochs');
    await ctx.screenshot(page, 'restored');
    await byTestId(page, 'btn-undo').click();
    await waitUntil(async () => (await shownEpochs(page)) === String(SECOND_EPOCHS), 'Undo to bring back the graph from before the restore');
  });

  // Threshold gates: pass/fail on the canvas nodes, and in the run's record.
  await writeGateProject(ctx.workspace);
  await withApp(ctx, async (page) => {
    await openListedProject(page, GATE_PROJECT);
    await runToEnd(page, 'the run with a failing gate', 'failed');
    await waitUntil(async () => (await byTestId(page, 'gate-verdict-gate-pass').getAttribute('data-passed')) === 'true', 'the passing gate to say so on the canvas');
    equal(await byTestId(page, 'gate-verdict-gate-fail').getAttribute('data-passed'), 'false', 'the failing gate’s verdict');
    check(/r2 ≥ 0\.999 \(got 0\.\d+\)/.test((await byTestId(page, 'gate-verdict-gate-fail').textContent()) ?? ''), 'the failed condition with the value found');
    await ctx.screenshot(page, 'gates-on-canvas');
    await byTestId(page, 'btn-runs').click();
    await waitUntil(async () => (await tableRows(page)) === 1, 'the gated run in the table');
    equal(await row(page, 1).getAttribute('data-status'), 'failed', 'the gated run is recorded as failed');
    await row(page, 1).locator('.mw-runs-name').click();
    await waitUntil(async () => (await byTestId(page, 'run-gate-gate-fail').getAttribute('data-passed')) === 'false', 'the failed gate in the run’s details');
    equal(await byTestId(page, 'run-gate-gate-pass').getAttribute('data-passed'), 'true', 'the passed gate in the run’s details');
    equal(await byTestId(page, 'btn-promote').isDisabled(), true, 'a failed run cannot be promoted');
    await ctx.screenshot(page, 'gates-in-run');
  });
}
