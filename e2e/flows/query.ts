/**
 * The query box in Chromium (issue 7): opens the houses example from the start screen, focuses the box
 * with Ctrl+K, asks data questions (the reading first, then the sentence, the table and the chart), picks
 * a choice of an ambiguous question and a suggestion of one it does not understand, runs the graph and
 * asks the model (accuracy, a what-if), pins an answer, re-runs a question from the history, and builds a
 * model by typing one sentence: the nodes appear on the canvas and one Undo removes them all.
 */
import type { Page } from 'playwright-core';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import { byTestId, graphView, visible, waitForToast, waitUntil, withApp } from '../lib/ui';

const RUN_TIMEOUT = 240_000;

/** Types a question into the box and submits it; waits until the answer for it is shown. */
async function ask(page: Page, question: string): Promise<void> {
  const input = byTestId(page, 'query-input');
  await input.click();
  await input.fill(question);
  await input.press('Enter');
  await waitForAnswer(page, question);
}

async function waitForAnswer(page: Page, question: string): Promise<void> {
  await waitUntil(async () => {
    const panel = byTestId(page, 'query-panel');
    if ((await panel.count()) === 0) return false;
    return (await panel.getAttribute('data-pending')) === 'false' && (await panel.getAttribute('data-question')) === question;
  }, `the answer to “${question}”`);
}

async function text(page: Page, id: string): Promise<string> {
  return ((await byTestId(page, id).first().textContent()) ?? '').trim();
}

/** Rows of the answer's table, as cell texts. */
async function tableRows(page: Page): Promise<string[][]> {
  return byTestId(page, 'query-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')));
}

/** The chart has been drawn (vega-embed's SVG with marks in it). */
async function chartDrawn(page: Page): Promise<boolean> {
  return waitUntil(async () => (await byTestId(page, 'query-chart').locator('svg .mark-rect path, svg .mark-symbol path, svg path').count()) > 0, 'the answer’s chart to be drawn');
}

async function nodeCount(page: Page): Promise<number> {
  return Object.keys((await graphView(page)).nodes).length;
}

export async function flow(ctx: FlowContext): Promise<void> {
  await withApp(ctx, async (page) => {
    // The houses example, from the start screen.
    await (await visible(page, 'example-houses')).click();
    await visible(page, 'canvas');
    await visible(page, 'query-input');
    await waitUntil(async () => (await nodeCount(page)) === 10, 'the ten nodes of the houses example');

    // Ctrl+K focuses the box, wherever the focus was.
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+k');
    await waitUntil(async () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'query-input'), 'Ctrl+K to focus the query box');

    // A data question: the reading first, then the sentence, the table and the chart.
    await ask(page, 'average price by city');
    equal(await text(page, 'query-reading'), 'Read as Mean of price, grouped by city, over 2,000 rows', 'the reading');
    check(/highest Hillview/.test(await text(page, 'query-answer')), `the sentence: ${await text(page, 'query-answer')}`);
    const rows = await tableRows(page);
    equal(rows.length, 4, 'one row per city');
    const lakeside = rows.find((r) => r[0] === 'Lakeside');
    check(lakeside !== undefined && /^359,264/.test(lakeside[1] ?? ''), `Lakeside's mean price: ${JSON.stringify(lakeside)}`);
    await chartDrawn(page);
    await ctx.screenshot(page, 'data-question');

    // A typo and a filter: still read, and the reading says how.
    await ask(page, 'how many houses in lakeside have a garage');
    check(/city = Lakeside/.test(await text(page, 'query-reading')) && /garage/.test(await text(page, 'query-reading')), `the filtered reading: ${await text(page, 'query-reading')}`);

    // Ambiguous: two clickable choices; picking one answers it.
    await ask(page, 'houses over 2000');
    const choices = await byTestId(page, 'query-choice').allTextContents();
    equal(JSON.stringify(choices), JSON.stringify(['sqft', 'price']), 'the choices of an ambiguous question');
    await ctx.screenshot(page, 'ambiguous');
    await byTestId(page, 'query-choice').first().click();
    await waitForAnswer(page, 'houses sqft over 2000');
    check(/sqft > 2000|sqft > 2,000/.test(await text(page, 'query-reading')), `the chosen reading: ${await text(page, 'query-reading')}`);

    // Not understood: three suggestions that work on this data.
    await ask(page, 'what is the weather like');
    const suggestions = await byTestId(page, 'query-suggestion').allTextContents();
    equal(suggestions.length, 3, 'suggestion chips');
    await ctx.screenshot(page, 'not-understood');
    // Pasted code is only ever read.
    await ask(page, "'; DROP TABLE houses; -- <script>alert(1)</script>");
    check((await byTestId(page, 'query-answer').count()) === 0, 'pasted SQL is not answered');

    // No model yet: the box says so; after a run the model answers.
    await ask(page, 'how accurate is the model');
    equal(await byTestId(page, 'query-error').getAttribute('data-code'), 'MW_QUERY_NO_MODEL', 'a model question before any run');
    await byTestId(page, 'btn-run').click();
    await waitUntil(async () => (await byTestId(page, 'run-state').getAttribute('data-phase')) === 'succeeded', 'the houses run to succeed', RUN_TIMEOUT, 250);
    await ask(page, 'how accurate is the model');
    check(/^R² on the test rows: 0\.9/.test(await text(page, 'query-answer')), `the accuracy answer: ${await text(page, 'query-answer')}`);
    await ask(page, 'which features matter most');
    check(/matter most: sqft/.test(await text(page, 'query-answer')), `the importance answer: ${await text(page, 'query-answer')}`);
    await chartDrawn(page);
    await ctx.screenshot(page, 'model-question');
    await ask(page, 'what would the price be for a 2000 sqft house in Lakeside with 3 bedrooms');
    check(/^Predicted price for .*: [\d,.]+\.$/.test(await text(page, 'query-answer')), `the what-if answer: ${await text(page, 'query-answer')}`);
    await ctx.screenshot(page, 'what-if');

    // Pin it: the houses example has a Report node, so the answer goes into its "Questions answered".
    await byTestId(page, 'query-pin').click();
    await waitForToast(page, 'success', /Pinned to the report/);
    equal((await byTestId(page, 'query-pin').textContent())?.trim(), 'Pinned ✓', 'the pin button after pinning');

    // The history lists the questions, newest first; clicking one asks it again.
    await byTestId(page, 'query-history-toggle').click();
    const history = await byTestId(page, 'query-history-item').allTextContents();
    check(history[0]?.startsWith('what would the price be') === true, `the newest entry: ${history[0] ?? ''}`);
    check(history.some((h) => h.startsWith('average price by city')), 'the first question is in the history');
    await ctx.screenshot(page, 'history');
    await byTestId(page, 'query-history-item').filter({ hasText: 'average price by city' }).first().click();
    await waitForAnswer(page, 'average price by city');
    equal((await tableRows(page)).length, 4, 'the re-run answer’s table');

    // Build by typing: keep only the data source, then one sentence adds the model's nodes.
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+a');
    await page.locator('[data-testid="rf__node-houses"]').click({ modifiers: ['Control'] });
    await page.keyboard.press('Delete');
    await waitUntil(async () => (await nodeCount(page)) === 1, 'only the CSV Source to be left');
    await ask(page, 'predict price from sqft, city and age');
    check(/^Add Select Columns; add Split; add Train; add Evaluate/.test(await text(page, 'query-answer')), `the edit summary: ${await text(page, 'query-answer')}`);
    const built = await waitUntil(async () => {
      const view = await graphView(page);
      return Object.keys(view.nodes).length === 5 ? view : undefined;
    }, 'the built pipeline on the canvas');
    equal(JSON.stringify(Object.values(built.nodes).sort()), JSON.stringify(['csv-source', 'evaluate', 'select-columns', 'split', 'train']), 'the kinds of the built pipeline');
    equal(built.edges.length, 5, 'the edges of the built pipeline');
    await page.waitForTimeout(300);
    await ctx.screenshot(page, 'built-by-sentence');

    // One Undo (the top bar's) removes everything the sentence added.
    await byTestId(page, 'btn-undo').click();
    await waitUntil(async () => (await nodeCount(page)) === 1, 'one undo to remove the added nodes');
    equal((await graphView(page)).edges.length, 0, 'edges after the undo');
    await ctx.screenshot(page, 'after-undo');
  });
}
