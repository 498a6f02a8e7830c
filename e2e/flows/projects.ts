/**
 * Projects in Chromium: build a graph, save it, reload the page, open the project from the start screen and
 * find the same graph (nodes, edges, params) as the file on disk says; then crash recovery: edit, let the
 * autosave write its backup (within 2 s), reload without saving, reopen, restore the autosave, save.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import { repoRoot } from '../lib/host';
import {
  byTestId, createProject, dropFiles, graphView, openListedProject, projectFolderNamed, readSavedGraph, selectNode, setParam, viewportSettled,
  visible, waitForToast, waitUntil, withApp, type GraphView, type SavedGraph,
} from '../lib/ui';

const NAME = 'Saved graph';
const AUTOSAVE = '.autosave.json';

function viewOf(graph: SavedGraph): GraphView {
  return { nodes: Object.fromEntries(graph.nodes.map((n) => [n.id, n.kind])), edges: graph.edges.map((e) => e.id).sort() };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Waits until the canvas shows exactly `expected`. */
async function expectGraph(page: Page, expected: GraphView, what: string): Promise<void> {
  let last: GraphView | undefined;
  await waitUntil(async () => {
    last = await graphView(page);
    return JSON.stringify(last) === JSON.stringify(expected);
  }, `${what}: expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

export async function flow(ctx: FlowContext): Promise<void> {
  await withApp(ctx, async (page) => {
    await createProject(page, NAME);
    const iris = await readFile(join(repoRoot, 'examples', 'iris.csv'));
    await dropFiles(page, [{ name: 'iris.csv', bytes: iris, type: 'text/csv' }], { x: 160, y: 120 });
    await visible(page, 'build-model');
    await byTestId(page, 'build-model-button').click();
    await waitUntil(async () => Object.keys((await graphView(page)).nodes).length === 8, 'the model chain');
    await selectNode(page, 'split-1');
    await setParam(page, 'test', '0.25');
    await page.keyboard.press('Escape');
    await visible(page, 'unsaved-marker');

    // Save: the marker clears, the file holds what the canvas shows.
    await byTestId(page, 'btn-save').click();
    await waitForToast(page, 'success', /Saved/);
    await visible(page, 'saved-marker');
    const folder = await projectFolderNamed(ctx.workspace, NAME);
    const saved = await readSavedGraph(folder);
    const onCanvas = await graphView(page);
    equal(JSON.stringify(viewOf(saved)), JSON.stringify(onCanvas), 'the saved file against the canvas');
    equal(saved.nodes.find((n) => n.id === 'split-1')?.params['test'], 0.25, 'the edited param in the saved file');
    check(await exists(join(folder, 'data', 'iris.csv')), 'the dropped CSV was imported into the project\'s data folder');
    await ctx.screenshot(page, 'saved');

    // Reload the page: the start screen lists the project; opening it shows the same graph.
    await page.reload({ waitUntil: 'load' });
    await visible(page, 'start-screen');
    await visible(page, 'project-list');
    await ctx.screenshot(page, 'start-screen');
    await openListedProject(page, NAME);
    await expectGraph(page, onCanvas, 'the reopened project');
    await visible(page, 'saved-marker');
    await selectNode(page, 'split-1');
    equal(await byTestId(page, 'param-test').inputValue(), '0.25', 'the edited param after reopening');
    await page.keyboard.press('Escape');
    await ctx.screenshot(page, 'reopened');

    // Crash recovery: an edit, the autosave within 2 s, a reload without saving.
    await byTestId(page, 'palette-add-filter-rows').click();
    const edited = await waitUntil(async () => {
      const view = await graphView(page);
      return view.nodes['filter-rows-1'] === 'filter-rows' ? view : undefined;
    }, 'the added Filter Rows node');
    const backup = join(folder, AUTOSAVE);
    const started = Date.now();
    await waitUntil(async () => (await exists(backup)) && (await readFile(backup, 'utf8')).includes('filter-rows-1'), 'the autosave backup with the edit', 10_000, 50);
    const backupMs = Date.now() - started;
    check(backupMs < 2_500, `the autosave was written within 2 s of the edit (took ${backupMs} ms, polling included)`);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    equal(JSON.stringify(viewOf(await readSavedGraph(folder))), JSON.stringify(onCanvas), 'the project file is untouched by the autosave');

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload({ waitUntil: 'load' });
    check(dialogs.includes('beforeunload'), `leaving with unsaved changes asked first (dialogs: ${dialogs.join(', ') || 'none'})`);
    await visible(page, 'start-screen');
    const row = await visible(page, `open-project-${NAME}`);
    check(/unsaved changes/.test((await row.textContent()) ?? ''), 'the start screen marks the project as having unsaved changes');
    await openListedProject(page, NAME);
    await visible(page, 'recovery-banner');
    await expectGraph(page, onCanvas, 'the saved graph before restoring');
    await ctx.screenshot(page, 'recovery-offered');
    await byTestId(page, 'btn-restore').click();
    await expectGraph(page, edited, 'the restored autosave');
    await byTestId(page, 'recovery-banner').waitFor({ state: 'detached' });
    await viewportSettled(page);
    await visible(page, 'unsaved-marker');
    await ctx.screenshot(page, 'restored');

    await byTestId(page, 'btn-save').click();
    await visible(page, 'saved-marker');
    await waitUntil(async () => !(await exists(backup)), 'saving to remove the autosave backup');
    equal(JSON.stringify(viewOf(await readSavedGraph(folder))), JSON.stringify(edited), 'the saved file after restoring and saving');
  });
}
