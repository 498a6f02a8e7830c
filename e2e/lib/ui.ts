/**
 * Driving the canvas as a user does, for the UI flows: projects from the start screen, palette drags,
 * edges drawn between port handles with the mouse, files dropped with a real `drop` event carrying a
 * DataTransfer, and polling for what the page shows. Everything is found by data-testid.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { FlowContext } from './context';

/** How long a UI state may take to appear (the CI box is small and shared). */
export const UI_TIMEOUT = 30_000;

export function byTestId(page: Page, id: string): Locator {
  return page.locator(`[data-testid="${id}"]`);
}

/** Polls `probe` until it returns something other than undefined/null/false; fails naming `what`. */
export async function waitUntil<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = UI_TIMEOUT, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function visible(page: Page, id: string, timeout = UI_TIMEOUT): Promise<Locator> {
  const locator = byTestId(page, id);
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

export async function hidden(page: Page, id: string, timeout = UI_TIMEOUT): Promise<void> {
  await byTestId(page, id).first().waitFor({ state: 'hidden', timeout });
}

/** The start screen's "New project" → name prompt → the empty canvas of the new project. */
export async function createProject(page: Page, name: string): Promise<void> {
  await (await visible(page, 'btn-new-project')).click();
  await (await visible(page, 'name-prompt-input')).fill(name);
  await byTestId(page, 'name-prompt-ok').click();
  await visible(page, 'canvas');
  await waitUntil(async () => (await byTestId(page, 'project-name').textContent()) === name, `the project "${name}" to open`);
}

/** Opens a project listed on the start screen by its name; returns once the view has fitted the graph. */
export async function openListedProject(page: Page, name: string): Promise<void> {
  await (await visible(page, `open-project-${name}`)).click();
  await visible(page, 'canvas');
  await viewportSettled(page);
}

/**
 * Waits until the canvas' pan and zoom have not changed for `quietMs` (opening a project fits the view
 * after a short delay, with an animation): screenshots then show the graph as the user sees it.
 */
export async function viewportSettled(page: Page, quietMs = 400): Promise<void> {
  let last = '';
  let since = Date.now();
  await waitUntil(async () => {
    const transform = await page.locator('.react-flow__viewport').first().evaluate((el) => getComputedStyle(el).transform);
    if (transform !== last) {
      last = transform;
      since = Date.now();
    }
    return Date.now() - since >= quietMs;
  }, 'the canvas view to settle', UI_TIMEOUT, 50);
}

export interface GraphView {
  /** Node id → kind, as rendered. */
  readonly nodes: Record<string, string>;
  /** Edge ids (React Flow's rf__edge-<id>), sorted. */
  readonly edges: string[];
}

/** The graph as the canvas renders it (every node is rendered once the view fits the graph). */
export async function graphView(page: Page): Promise<GraphView> {
  return page.evaluate(() => {
    const nodes: Record<string, string> = {};
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="node-"][data-kind]'))) {
      nodes[(el.dataset['testid'] ?? '').slice('node-'.length)] = el.dataset['kind'] ?? '';
    }
    const edges = Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="rf__edge-"]')).map((el) => (el.dataset['testid'] ?? '').slice('rf__edge-'.length)).sort();
    return { nodes, edges };
  });
}

export async function nodeIdsOfKind(page: Page, kind: string): Promise<string[]> {
  return Object.entries((await graphView(page)).nodes).filter(([, k]) => k === kind).map(([id]) => id).sort();
}

/** Drags a palette item onto the canvas at `at` (relative to the canvas' top-left); returns the new node's id. */
export async function dragFromPalette(page: Page, kind: string, at: { x: number; y: number }): Promise<string> {
  const before = new Set(Object.keys((await graphView(page)).nodes));
  await byTestId(page, `palette-item-${kind}`).dragTo(byTestId(page, 'canvas'), { targetPosition: at });
  return waitUntil(async () => Object.keys((await graphView(page)).nodes).find((id) => !before.has(id)), `a ${kind} node dropped from the palette`);
}

async function handleCenter(page: Page, node: string, side: 'in' | 'out', port: string): Promise<{ x: number; y: number }> {
  const handle = page.locator(`[data-testid="node-${node}"] [data-testid="port-${side}-${port}"] .react-flow__handle`);
  const box = await handle.boundingBox({ timeout: UI_TIMEOUT });
  if (box === null) throw new Error(`The ${side}put port "${port}" of node ${node} is not on screen.`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Draws an edge with the mouse, from an output port's handle to an input port's handle. */
export async function drawEdge(page: Page, from: { node: string; port: string }, to: { node: string; port: string }): Promise<void> {
  const start = await handleCenter(page, from.node, 'out', from.port);
  const end = await handleCenter(page, to.node, 'in', to.port);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

/** Clicks a node's title, which selects it (and only it). */
export async function selectNode(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid="node-${id}"] .mw-node-title`).first().click();
  await waitUntil(async () => (await page.locator(`[data-testid="rf__node-${id}"].selected`).count()) === 1, `node ${id} to be selected`);
}

/** Types a value into the inspector's field for `key` and leaves the field (one undoable edit). */
export async function setParam(page: Page, key: string, value: string): Promise<void> {
  const field = await visible(page, `param-${key}`);
  await field.fill(value);
  await field.blur();
}

export async function nodeStatus(page: Page, id: string): Promise<string | null> {
  return byTestId(page, `node-${id}`).getAttribute('data-status');
}

export async function runPhase(page: Page): Promise<string | null> {
  return byTestId(page, 'run-state').getAttribute('data-phase');
}

/** Waits for a toast of `kind` whose text matches; returns its text. */
export async function waitForToast(page: Page, kind: 'error' | 'info' | 'success', pattern: RegExp, timeoutMs = UI_TIMEOUT): Promise<string> {
  return waitUntil(async () => {
    for (const text of await byTestId(page, `toast-${kind}`).allTextContents()) if (pattern.test(text)) return text;
    return undefined;
  }, `a ${kind} toast matching ${String(pattern)}`, timeoutMs);
}

export interface DroppedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly type?: string;
}

/**
 * Drops files on the canvas the way a desktop drag does: dragenter, dragover and drop events carrying a
 * DataTransfer that holds real File objects, at `at` (relative to the canvas' top-left).
 */
export async function dropFiles(page: Page, files: readonly DroppedFile[], at: { x: number; y: number }): Promise<void> {
  const canvas = byTestId(page, 'canvas');
  const box = await canvas.boundingBox();
  if (box === null) throw new Error('The canvas is not on screen.');
  const payload = files.map((f) => ({ name: f.name, type: f.type ?? '', base64: Buffer.from(f.bytes).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const binary = atob(item.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      transfer.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return transfer;
  }, payload);
  const point = { clientX: box.x + at.x, clientY: box.y + at.y };
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await canvas.dispatchEvent(type, { dataTransfer, bubbles: true, cancelable: true, ...point });
  }
  await dataTransfer.dispose();
}

/** The project folder in `workspace` whose saved graph is named `name`. */
export async function projectFolderNamed(workspace: string, name: string): Promise<string> {
  for (const entry of await readdir(workspace, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = join(workspace, entry.name, 'project.modelwright.json');
    try {
      const graph = JSON.parse(await readFile(file, 'utf8')) as { metadata?: { name?: unknown } };
      if (graph.metadata?.name === name) return join(workspace, entry.name);
    } catch {
      // not a (readable) project
    }
  }
  throw new Error(`No project named "${name}" in ${workspace}.`);
}

export interface SavedGraph {
  readonly metadata: { readonly name: string };
  readonly nodes: readonly { readonly id: string; readonly kind: string; readonly params: Record<string, unknown>; readonly position: { x: number; y: number } }[];
  readonly edges: readonly { readonly id: string; readonly from: { node: string; port: string }; readonly to: { node: string; port: string } }[];
}

export async function readSavedGraph(folder: string, file = 'project.modelwright.json'): Promise<SavedGraph> {
  const doc = JSON.parse(await readFile(join(folder, file), 'utf8')) as SavedGraph | { graph: SavedGraph };
  return 'graph' in doc ? doc.graph : doc;
}

/** Collects uncaught page errors, to fail a flow on a crash the UI did not show. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Opens the app in a new tab, runs `body`, and closes the tab; on failure it first saves a screenshot
 * (`<flow>--failure.png`) of what the page showed, and fails on uncaught page errors too.
 */
export async function withApp(ctx: FlowContext, body: (page: Page) => Promise<void>): Promise<void> {
  const page = await ctx.openApp();
  const pageErrors = collectPageErrors(page);
  try {
    await body(page);
    if (pageErrors.length > 0) throw new Error(`Uncaught page errors: ${pageErrors.join(' | ')}`);
  } catch (error) {
    await ctx.screenshot(page, 'failure').catch(() => undefined);
    throw error;
  } finally {
    await page.close();
  }
}
