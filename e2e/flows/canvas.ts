/**
 * Building a graph by hand: nodes dragged from the palette (HTML5 drag and drop), edges drawn with the
 * mouse between port handles, an incompatible edge refused with the reason shown, and undo/redo of a
 * deletion (keyboard and toolbar).
 */
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import {
  byTestId, createProject, dragFromPalette, drawEdge, graphView, selectNode, visible, waitForToast, waitUntil, withApp,
} from '../lib/ui';

export async function flow(ctx: FlowContext): Promise<void> {
  await withApp(ctx, async (page) => {
    await createProject(page, 'Canvas flow');
    await visible(page, 'empty-canvas-hint');
    // React Flow sets its own test ids on these (the `data-testid` props in Canvas.tsx do not reach the DOM).
    await visible(page, 'rf__minimap');
    await visible(page, 'rf__controls');
    await ctx.screenshot(page, 'empty-canvas');

    // Drag four kinds from the palette; each lands where it was dropped.
    const source = await dragFromPalette(page, 'csv-source', { x: 150, y: 90 });
    const columns = await dragFromPalette(page, 'select-columns', { x: 450, y: 90 });
    const train = await dragFromPalette(page, 'train', { x: 150, y: 330 });
    const split = await dragFromPalette(page, 'split', { x: 450, y: 330 });
    equal(JSON.stringify([source, columns, train, split]), JSON.stringify(['csv-source-1', 'select-columns-1', 'train-1', 'split-1']), 'ids of the dropped nodes');
    await byTestId(page, 'empty-canvas-hint').waitFor({ state: 'detached' });
    const [sourceBox, columnsBox] = [await byTestId(page, `node-${source}`).boundingBox(), await byTestId(page, `node-${columns}`).boundingBox()];
    check(sourceBox !== null && columnsBox !== null && columnsBox.x > sourceBox.x + 150, 'the second node landed to the right of the first, where it was dropped');
    // A dropped node is selected: the inspector shows its form and docs.
    await visible(page, `inspector-node-${split}`);
    await visible(page, 'inspector-docs');

    // Connect CSV Source → Select Columns and Select Columns → Split with the mouse.
    await drawEdge(page, { node: source, port: 'table' }, { node: columns, port: 'table' });
    await drawEdge(page, { node: columns, port: 'table' }, { node: split, port: 'table' });
    const connected = await waitUntil(async () => {
      const view = await graphView(page);
      return view.edges.length === 2 ? view : undefined;
    }, 'two edges on the canvas');
    equal(
      JSON.stringify(connected.edges),
      JSON.stringify([`e:${columns}.table->${split}.table`, `e:${source}.table->${columns}.table`].sort()),
      'the edges drawn',
    );
    await ctx.screenshot(page, 'connected');

    // Model → Table is refused, and the toast says why.
    await drawEdge(page, { node: train, port: 'model' }, { node: split, port: 'table' });
    const reason = await waitForToast(page, 'error', /Edge refused/);
    check(/Model/.test(reason) && /Table/.test(reason), `the refusal names both port types: "${reason}"`);
    equal((await graphView(page)).edges.length, 2, 'edges after the refused connection');
    await ctx.screenshot(page, 'edge-refused');

    // Delete Select Columns (its two edges go with it), undo, redo: keyboard, then the toolbar buttons.
    const full = await graphView(page);
    await selectNode(page, columns);
    await page.keyboard.press('Delete');
    const deleted = await waitUntil(async () => {
      const view = await graphView(page);
      return view.nodes[columns] === undefined ? view : undefined;
    }, 'Select Columns to be deleted');
    equal(deleted.edges.length, 0, 'edges left after deleting the node between them');
    await visible(page, 'unsaved-marker');
    await ctx.screenshot(page, 'after-delete');

    await page.keyboard.press('Control+z');
    await waitUntil(async () => JSON.stringify(await graphView(page)) === JSON.stringify(full), 'undo (Ctrl+Z) to bring the node and its edges back');
    await page.keyboard.press('Control+Shift+z');
    await waitUntil(async () => JSON.stringify(await graphView(page)) === JSON.stringify(deleted), 'redo (Ctrl+Shift+Z) to delete them again');
    await byTestId(page, 'btn-undo').click();
    await waitUntil(async () => JSON.stringify(await graphView(page)) === JSON.stringify(full), 'the Undo button to restore the graph');
    await ctx.screenshot(page, 'after-undo');
    await byTestId(page, 'btn-redo').click();
    await waitUntil(async () => JSON.stringify(await graphView(page)) === JSON.stringify(deleted), 'the Redo button to delete again');
    await byTestId(page, 'btn-undo').click();
    await waitUntil(async () => JSON.stringify(await graphView(page)) === JSON.stringify(full), 'undo once more');

    // The shortcut sheet opens with "?".
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('?');
    await visible(page, 'shortcut-sheet');
    await ctx.screenshot(page, 'shortcut-sheet');
    await page.keyboard.press('Escape');
    await byTestId(page, 'shortcut-sheet').waitFor({ state: 'detached' });
  });
}
