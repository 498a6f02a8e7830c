/**
 * End-to-end flow of the desktop app with Playwright's `_electron.launch` (playwright-core): opens the
 * app, creates a project, drops examples/houses.csv onto the canvas (a file backed by its real path, so
 * `webUtils.getPathForFile` resolves it), builds a model with one click, runs it, reads R² from the
 * metrics panel, checks the window cannot reach Node or leave the app, and inspects every window's
 * webPreferences in the main process.
 *
 * It needs the Electron binary (downloaded on first launch, which needs internet) and, on Linux, a
 * display. Where either is missing it does NOT run: `electronFlow` returns `{ status: 'not-run', reason }`,
 * and `flow` (the e2e runner's entry) throws a `FlowNotRun` error, which the runner must report as not
 * run, never as passed.
 *
 * Standalone: `node --import tsx e2e/flows/electron.ts` (prints one line; exit 0 when passed or not
 * run, 1 when failed). Screenshots go to test-results/e2e/electron--*.png.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import type { FlowContext } from '../lib/context';
import { screenshot as saveScreenshot } from '../lib/screenshot';

export type ElectronFlowOutcome = { readonly status: 'passed'; readonly notes: readonly string[] } | { readonly status: 'not-run'; readonly reason: string };

/** Thrown by `flow` when the flow could not run here (no Electron binary, no display): not a pass, not a failure. */
export class FlowNotRun extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FlowNotRun';
  }
}

export interface ElectronFlowOptions {
  readonly screenshot?: (page: Page, name: string) => Promise<unknown>;
  readonly log?: (message: string) => void;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron binary if it has been downloaded (read from files: requiring `electron` would download it). */
function electronBinary(): { path: string } | { reason: string } {
  const dir = join(root, 'node_modules', 'electron');
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  let relative: string;
  try {
    relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
  } catch {
    return { reason: 'the Electron binary has not been downloaded (it downloads on first launch, which needs internet)' };
  }
  const path = override !== undefined && override !== '' ? join(override, relative) : join(dir, 'dist', relative);
  return existsSync(path) ? { path } : { reason: `the Electron binary is missing at ${path}` };
}

function ensureBuilt(): void {
  for (const [output, script] of [[join(root, 'renderer', 'dist', 'index.html'), 'build:renderer'], [join(root, 'dist', 'electron', 'main.mjs'), 'build:electron']] as const) {
    if (existsSync(output)) continue;
    const result = spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) throw new Error(`npm run ${script} failed`);
  }
}

/** Drops a file from disk onto the canvas: the File comes from a file input, so it has its real path. */
async function dropFile(page: Page, path: string): Promise<string> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'mw-e2e-drop-source';
    input.style.display = 'none';
    document.body.append(input);
  });
  await page.setInputFiles('#mw-e2e-drop-source', path);
  return page.evaluate(() => {
    const input = document.getElementById('mw-e2e-drop-source') as HTMLInputElement;
    const file = input.files?.[0];
    if (file === undefined) throw new Error('The file input has no file.');
    const resolved = (window as unknown as { modelwright: { getPathForFile(file: File): string } }).modelwright.getPathForFile(file);
    const canvas = document.querySelector('[data-testid="canvas"]');
    if (canvas === null) throw new Error('No canvas to drop on.');
    const box = canvas.getBoundingClientRect();
    const transfer = new DataTransfer();
    transfer.items.add(file);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      canvas.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 }));
    }
    input.remove();
    return resolved;
  });
}

const SECURE_PREFERENCES = { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false } as const;

async function checkWebPreferences(app: ElectronApplication): Promise<number> {
  const windows = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((window) => {
      // getLastWebPreferences is Electron's (undocumented, long-standing) view of the live preferences.
      const contents = window.webContents as unknown as { getURL(): string; getLastWebPreferences?: () => Record<string, unknown> | null };
      return { url: contents.getURL(), preferences: contents.getLastWebPreferences?.() ?? null };
    }),
  );
  assert.ok(windows.length >= 1, 'no window is open');
  for (const window of windows) {
    assert.ok(window.preferences !== null, `cannot read the webPreferences of ${window.url}`);
    for (const [key, value] of Object.entries(SECURE_PREFERENCES)) {
      assert.equal(window.preferences[key], value, `${window.url}: webPreferences.${key} should be ${String(value)}`);
    }
  }
  return windows.length;
}

async function checkIsolation(page: Page): Promise<void> {
  const view = await page.evaluate(() => {
    const scope = window as unknown as Record<string, unknown>;
    return {
      url: location.href,
      require: typeof scope['require'],
      process: typeof scope['process'],
      ipcRenderer: typeof scope['ipcRenderer'],
      electron: typeof scope['electron'],
      api: Object.keys(scope['modelwright'] as object).sort(),
      popup: window.open('https://example.org/') === null,
    };
  });
  assert.match(view.url, /^app:\/\/modelwright\//);
  assert.equal(view.require, 'undefined');
  assert.equal(view.process, 'undefined');
  assert.equal(view.ipcRenderer, 'undefined');
  assert.equal(view.electron, 'undefined');
  assert.ok(view.api.includes('run') && view.api.includes('onEvent') && view.api.includes('getPathForFile'), `window.modelwright is ${view.api.join(', ')}`);
  assert.ok(view.popup, 'window.open must be denied');
  // Navigation away from the app is blocked: the page stays on app://.
  await page.evaluate(() => {
    location.href = 'https://example.org/';
  });
  await page.waitForTimeout(500);
  assert.match(page.url(), /^app:\/\/modelwright\//);
}

export async function electronFlow(options: ElectronFlowOptions = {}): Promise<ElectronFlowOutcome> {
  const shoot = options.screenshot ?? ((page: Page, name: string) => saveScreenshot(page, 'electron', name));
  const binary = electronBinary();
  if ('reason' in binary) return { status: 'not-run', reason: binary.reason };
  if (process.platform === 'linux' && (process.env['DISPLAY'] ?? '') === '' && (process.env['WAYLAND_DISPLAY'] ?? '') === '') {
    return { status: 'not-run', reason: 'there is no display (DISPLAY is not set; run it under xvfb-run)' };
  }
  ensureBuilt();
  const home = await mkdtemp(join(tmpdir(), 'mw-e2e-home-'));
  const userData = await mkdtemp(join(tmpdir(), 'mw-e2e-userdata-'));
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'ELECTRON_RUN_AS_NODE'));
  const app = await _electron.launch({ executablePath: binary.path, args: [join(root, 'dist', 'electron')], cwd: root, env: { ...env, MODELWRIGHT_HOME: home, MODELWRIGHT_USER_DATA: userData }, timeout: 60_000 });
  const notes: string[] = [];
  try {
    const page = await app.firstWindow();
    await page.getByTestId('start-screen').waitFor({ timeout: 30_000 });
    await checkIsolation(page);
    await page.getByTestId('start-screen').waitFor({ timeout: 30_000 });

    await page.getByTestId('btn-new-project').click();
    await page.getByTestId('name-prompt-input').fill('Houses desktop');
    await page.getByTestId('name-prompt-ok').click();
    await page.getByTestId('canvas').waitFor();

    const houses = join(root, 'examples', 'houses.csv');
    const resolved = await dropFile(page, houses);
    assert.equal(resolved, houses, 'webUtils.getPathForFile should give the dropped file\'s real path');
    await page.getByTestId('build-model-target').waitFor({ timeout: 60_000 });
    await page.getByTestId('build-model-target').selectOption('price');
    await shoot(page, '1-dropped');
    await page.getByTestId('build-model-button').click();

    await page.getByTestId('btn-run').click();
    await page.locator('[data-testid="run-state"][data-phase="succeeded"]').waitFor({ timeout: 300_000 });
    const headline = page.getByTestId('metrics-headline').first();
    await headline.waitFor({ timeout: 30_000 });
    const metric = await headline.getAttribute('data-metric');
    const value = Number(await headline.getAttribute('data-value'));
    assert.ok(Number.isFinite(value), `the headline metric ${metric ?? '?'} has no value`);
    notes.push(`${metric ?? 'metric'} = ${value.toFixed(3)}`);
    await shoot(page, '2-metrics');

    notes.push(`${await checkWebPreferences(app)} window(s) with secure webPreferences`);
    const backend = await page.evaluate(async () => (await (window as unknown as { modelwright: { getInfo(): Promise<{ backend: string | null; mode: string }> } }).modelwright.getInfo()));
    assert.equal(backend.mode, 'electron');
    notes.push(`engine backend ${backend.backend ?? 'unknown'}`);
    options.log?.(notes.join('; '));
    return { status: 'passed', notes };
  } finally {
    await app.close().catch(() => undefined);
    await rm(home, { recursive: true, force: true });
    await rm(userData, { recursive: true, force: true });
  }
}

/** The e2e runner's entry (e2e/run.ts): passes, fails, or throws FlowNotRun. */
export async function flow(ctx: FlowContext): Promise<void> {
  const outcome = await electronFlow({ screenshot: (page, name) => ctx.screenshot(page, name), log: (message) => ctx.log(message) });
  if (outcome.status === 'not-run') throw new FlowNotRun(outcome.reason);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  electronFlow().then(
    (outcome) => {
      if (outcome.status === 'passed') process.stdout.write(`electron flow: passed (${outcome.notes.join('; ')})\n`);
      else process.stdout.write(`electron flow: NOT RUN, not counted as passed: ${outcome.reason}\n`);
    },
    (error: unknown) => {
      process.stdout.write(`electron flow: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
