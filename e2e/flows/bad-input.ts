/**
 * Bad input in Chromium: dropped files that are not CSV, a 0-byte file, a CSV with a header and no rows, a
 * ragged row (the coded error on the node, naming row and column); the host going away and coming back on
 * the same port and token (the UI says so, edits made meanwhile are kept and saved); a corrupt project file
 * (a clear message, the file left byte for byte as it was).
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import {
  byTestId, createProject, dropFiles, graphView, hidden, projectFolderNamed, readSavedGraph, selectNode, visible, waitForToast, waitUntil, withApp,
} from '../lib/ui';

const text = (s: string) => new TextEncoder().encode(s);

/** Drops one file and returns the error code the new CSV Source node shows, with the error's text. */
async function dropExpectingNodeError(page: Page, name: string, bytes: Uint8Array, at: { x: number; y: number }): Promise<{ id: string; code: string; text: string }> {
  const before = new Set(Object.keys((await graphView(page)).nodes));
  await dropFiles(page, [{ name, bytes, type: 'text/csv' }], at);
  const id = await waitUntil(async () => Object.keys((await graphView(page)).nodes).find((n) => !before.has(n)), `a node for ${name}`);
  const error = byTestId(page, `node-error-${id}`);
  await error.waitFor({ state: 'visible', timeout: 30_000 });
  return { id, code: (await error.getAttribute('data-code')) ?? '', text: (await error.textContent()) ?? '' };
}

export async function flow(ctx: FlowContext): Promise<void> {
  await withApp(ctx, async (page) => {
    await createProject(page, 'Bad input');

    // Not a CSV: refused before anything is sent; no node is added.
    await dropFiles(page, [{ name: 'notes.pdf', bytes: text('%PDF-1.4\n%âãÏÓ\n'), type: 'application/pdf' }], { x: 150, y: 100 });
    const refused = await waitForToast(page, 'error', /notes\.pdf/);
    check(/CSV/.test(refused), `the refusal says only CSV files are imported: "${refused}"`);
    equal(Object.keys((await graphView(page)).nodes).length, 0, 'nodes after dropping a PDF');
    await ctx.screenshot(page, 'not-csv-refused');

    const zero = await dropExpectingNodeError(page, 'zero.csv', new Uint8Array(0), { x: 150, y: 100 });
    equal(zero.code, 'MW_CSV_EMPTY', 'error code of a 0-byte file');
    const headerOnly = await dropExpectingNodeError(page, 'header-only.csv', text('city,sqft,price\n'), { x: 450, y: 100 });
    equal(headerOnly.code, 'MW_CSV_NO_ROWS', 'error code of a CSV with a header and no rows');
    const ragged = await dropExpectingNodeError(page, 'ragged.csv', text('x,y,label\n1,2,a\n3,4\n5,6,c\n'), { x: 150, y: 300 });
    equal(ragged.code, 'MW_CSV_RAGGED_ROW', 'error code of a ragged row');
    check(/Row 3\b/.test(ragged.text) && /"label"/.test(ragged.text), `the ragged-row error names the row and the column: "${ragged.text}"`);
    await selectNode(page, ragged.id);
    const panel = await visible(page, 'data-file-error');
    check(((await panel.textContent()) ?? '').includes('MW_CSV_RAGGED_ROW'), 'the Data tab shows the file\'s error');
    await page.keyboard.press('Escape');
    await ctx.screenshot(page, 'bad-csv-errors');

    // The host goes away: the banner says so; an edit made meanwhile is kept and saved once it is back.
    await byTestId(page, 'btn-save').click();
    await visible(page, 'saved-marker');
    const restarted = ctx.restartHost(4_000);
    const banner = await visible(page, 'connection-banner', 10_000);
    equal(await banner.getAttribute('data-state'), 'reconnecting', 'connection banner state');
    await byTestId(page, 'palette-add-split').click();
    await waitUntil(async () => (await graphView(page)).nodes['split-1'] === 'split', 'an edit while the host is away');
    await visible(page, 'unsaved-marker');
    await ctx.screenshot(page, 'connection-lost');
    await restarted;
    await hidden(page, 'connection-banner', 30_000);
    await waitForToast(page, 'success', /Reconnected/);
    await ctx.screenshot(page, 'reconnected');
    await byTestId(page, 'btn-save').click();
    await visible(page, 'saved-marker');
    const folder = await projectFolderNamed(ctx.workspace, 'Bad input');
    const saved = await readSavedGraph(folder);
    check(saved.nodes.some((n) => n.id === 'split-1'), 'the edit made while disconnected is in the saved file');
    equal(saved.nodes.length, 4, 'nodes in the saved file (three CSV sources and the split)');

    // A corrupt project file: a clear message, nothing written.
    const corrupt = join(ctx.workspace, 'Corrupt project');
    await mkdir(corrupt, { recursive: true });
    const damaged = text('{"format":"modelwright.graph","version":1,"metadata":{"name":"Corrupt project"},"nodes":[{"id":"a","kind":');
    const projectFile = join(corrupt, 'project.modelwright.json');
    await writeFile(projectFile, damaged);
    const filesBefore = (await readdir(corrupt)).sort();
    await byTestId(page, 'btn-home').click();
    await visible(page, 'start-screen');
    await (await visible(page, 'open-project-Corrupt project')).click();
    const message = await waitForToast(page, 'error', /damaged/);
    ctx.log(`corrupt project: "${message}"`);
    check(message.includes('project.modelwright.json') && /Nothing was overwritten/.test(message), `the message names the file and says nothing was overwritten: "${message}"`);
    await visible(page, 'start-screen');
    equal(await byTestId(page, 'canvas').count(), 0, 'no canvas for a project that could not be opened');
    await ctx.screenshot(page, 'corrupt-project');
    check(Buffer.from(await readFile(projectFile)).equals(Buffer.from(damaged)), 'the corrupt project file is unchanged, byte for byte');
    equal(JSON.stringify((await readdir(corrupt)).sort()), JSON.stringify(filesBefore), 'files in the corrupt project folder');
    await rm(corrupt, { recursive: true }); // the flows after this one share the workspace
  });
}
