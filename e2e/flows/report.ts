/**
 * Reports from the canvas (issue 6): opens the houses example (which has a Report node), runs it, opens
 * the report preview from the top bar's Report button, checks every section and the charts are shown
 * (drawn in a shadow root, script-free), follows a table-of-contents link inside the preview, then exports
 * HTML and PDF into the project's reports/ folder and checks the files on disk.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import { byTestId, hidden, nodeIdsOfKind, visible, waitForToast, waitUntil, withApp } from '../lib/ui';

const RUN_TIMEOUT = 240_000;
const SECTIONS = ['summary', 'data', 'pipeline', 'model', 'metrics', 'lineage'];

export async function flow(ctx: FlowContext): Promise<void> {
  await withApp(ctx, async (page) => {
    await (await visible(page, 'example-houses')).click();
    await visible(page, 'canvas');
    await waitUntil(async () => (await nodeIdsOfKind(page, 'report')).length === 1, 'the houses example’s Report node');

    // Before any run the preview runs what the report needs itself, and says how far it is.
    await byTestId(page, 'btn-report').click();
    await waitUntil(async () => /step \d+ of \d+/.test((await byTestId(page, 'report-building').textContent().catch(() => '')) ?? ''), 'the preview’s build progress');
    await ctx.screenshot(page, 'building');
    await waitUntil(async () => (await byTestId(page, 'report-preview').locator('section.section').count()) > 0, 'the first preview', RUN_TIMEOUT, 250);
    await byTestId(page, 'btn-report-close').click();
    await hidden(page, 'report-dialog');

    // The canvas's run then finds every step in the cache the preview filled.
    await byTestId(page, 'btn-run').click();
    await waitUntil(async () => (await byTestId(page, 'run-state').getAttribute('data-phase')) === 'succeeded', 'the houses run to succeed', RUN_TIMEOUT, 250);

    // The preview: built from the run's cache, drawn in the dialog.
    const started = performance.now();
    await byTestId(page, 'btn-report').click();
    await visible(page, 'report-dialog');
    const preview = byTestId(page, 'report-preview');
    await waitUntil(async () => (await preview.locator('section.section').count()) >= SECTIONS.length, 'the report preview’s sections', 60_000);
    ctx.log(`preview shown ${Math.round(performance.now() - started)} ms after the click (every step cached)`);
    const states = await page.locator('[data-testid^="node-"][data-kind]').evaluateAll((nodes) => [...new Set(nodes.map((n) => n.getAttribute('data-status')))]);
    equal(JSON.stringify(states), '["cached"]', 'node states of the run after the first preview');
    const ids = await preview.locator('section.section').evaluateAll((sections) => sections.map((s) => s.id));
    equal(JSON.stringify(ids), JSON.stringify(SECTIONS), 'the preview’s sections, in order');
    for (const id of SECTIONS) check(await preview.locator(`section#${id}`).isVisible(), `section ${id} is shown`);
    const charts = await preview.locator('figure.chart svg').count();
    check(charts >= 6, `the preview draws ${charts} charts`);
    const summary = (await preview.locator('section#summary').textContent()) ?? '';
    check(/off by \$[\d,]+/.test(summary), `the summary speaks in dollars: ${summary.slice(0, 300)}`);
    // Drawn from sanitised markup in an open shadow root: no script, no handler attributes, no iframe.
    const unsafe = await preview.evaluate((host) => {
      const root = host.shadowRoot;
      if (root === null) return -1;
      return root.querySelectorAll('script, iframe, object, embed, [onclick], [onload], [onerror]').length;
    });
    equal(unsafe, 0, 'script, frames or handlers in the preview');
    equal(await page.locator('iframe').count(), 0, 'iframes in the page');
    equal(await byTestId(page, 'report-summary').textContent().then((t) => /6 sections · \d+ charts/.test(t ?? '')), true, 'the dialog’s summary line');
    await ctx.screenshot(page, 'preview');

    // The table of contents scrolls the preview to a section.
    await preview.locator('.toc a[href="#metrics"]').click();
    await waitUntil(async () => preview.evaluate((host) => host.scrollTop > 200), 'the preview to scroll to Metrics');
    await ctx.screenshot(page, 'preview-metrics');

    // Export HTML: written into the project's reports/ folder, the path shown.
    await byTestId(page, 'btn-export-html').click();
    await waitForToast(page, 'success', /Report exported/);
    const htmlPath = ((await (await visible(page, 'report-exported-path')).textContent()) ?? '').trim();
    // <workspace>/<the example's project>/reports/<title>.html
    equal(relative(ctx.workspace, dirname(dirname(htmlPath))).split(sep).length, 1, `the export is in a project of the workspace: ${htmlPath}`);
    check(htmlPath.endsWith(`${sep}reports${sep}houses-predict-the-price.html`), `the exported HTML’s name: ${htmlPath}`);
    const html = await readFile(htmlPath, 'utf8');
    for (const id of SECTIONS) check(html.includes(`<section id="${id}"`), `the exported HTML has section ${id}`);
    check(!/<script/i.test(html), 'the exported HTML has no script');

    // Export PDF: printed by the host with the system Chromium, beside the HTML.
    await byTestId(page, 'btn-export-pdf').click();
    await waitForToast(page, 'success', /exported as PDF/, 120_000);
    const pdf = await readFile(htmlPath.replace(/\.html$/, '.pdf'));
    equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the PDF header');
    await ctx.screenshot(page, 'exported');

    // Esc closes the dialog; the canvas is as it was.
    await page.keyboard.press('Escape');
    await hidden(page, 'report-dialog');
    equal((await nodeIdsOfKind(page, 'report')).length, 1, 'Report nodes on the canvas after the preview');
  });
}
