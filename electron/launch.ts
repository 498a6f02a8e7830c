/**
 * `npm start`: builds what is stale (the renderer, the desktop shell), then opens the desktop app.
 * Where Electron cannot start (its binary is not downloaded and cannot be, its native modules cannot be
 * rebuilt, there is no display, or it exits before its window opens), it says why in one sentence and
 * starts browser mode instead (engine/host/start-web.ts), so `npm start` always ends with a usable app
 * and never hangs: the network is probed for 3 s before any download, and downloads are time-boxed.
 *
 * Arguments after `npm start --` go to browser mode (e.g. `--port 8080`, `--no-open`).
 * MODELWRIGHT_ELECTRON_DOWNLOAD_TIMEOUT_MS overrides the download time box (default 120 s).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRenderer } from '../engine/host/renderer-build';
import { ensureElectronBundle } from './build';
import { WINDOW_OPEN_LOG } from './document';
import { ensureElectronBinary } from './electron-binary';
import { ensureNativeModules } from './native-modules';

const PROBE_MS = 3_000;

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string) => process.stderr.write(`${line}\n`);

function timeoutFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

type Launch = { readonly kind: 'exited'; readonly code: number } | { readonly kind: 'failed-to-start'; readonly reason: string };

/** Runs Electron on dist/electron; "failed to start" when it exits before its window opened. */
function launchElectron(binary: string, appDir: string, extraEnv: Record<string, string>): Promise<Launch> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  // Set, it would make Electron behave as plain Node and ignore the app.
  delete env['ELECTRON_RUN_AS_NODE'];
  return new Promise((resolveLaunch) => {
    const child = spawn(binary, [appDir], { cwd: root, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let opened = false;
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      process.stderr.write(text);
      if (!opened) {
        tail = (tail + text).slice(-2000);
        if (tail.includes(WINDOW_OPEN_LOG)) opened = true;
      }
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    child.once('error', (error) => resolveLaunch({ kind: 'failed-to-start', reason: `Electron could not be run (${error.message})` }));
    child.once('exit', (code, signal) => {
      if (opened) {
        resolveLaunch({ kind: 'exited', code: code ?? 1 });
        return;
      }
      const last = tail.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').slice(-1)[0];
      resolveLaunch({ kind: 'failed-to-start', reason: `Electron exited before its window opened (${signal ?? `code ${code ?? 'unknown'}`}${last === undefined ? '' : `: ${last.slice(0, 200)}`})` });
    });
  });
}

/** Browser mode in a child process (the renderer is already built), with its output and exit code. */
function startBrowserMode(): Promise<number> {
  return new Promise((resolveExit) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'engine', 'host', 'start-web.ts'), '--no-build', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    child.once('exit', (code) => resolveExit(code ?? 0));
  });
}

async function fallBack(reason: string): Promise<never> {
  say(`The desktop app could not start because ${reason}, so Modelwright is opening in browser mode instead.`);
  process.exit(await startBrowserMode());
}

function displayProblem(): string | null {
  if (process.platform !== 'linux') return null;
  const env = process.env;
  if ((env['DISPLAY'] ?? '') === '' && (env['WAYLAND_DISPLAY'] ?? '') === '') return 'there is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return null;
}

async function main(): Promise<void> {
  if ((await ensureRenderer(root, say)) === null) throw new Error('renderer/vite.config.ts is missing, so there is no app to show');
  const bundle = await ensureElectronBundle(root, say);

  const binary = await ensureElectronBinary({
    electronDir: join(root, 'node_modules', 'electron'),
    probeMs: PROBE_MS,
    downloadMs: timeoutFromEnv('MODELWRIGHT_ELECTRON_DOWNLOAD_TIMEOUT_MS', 120_000),
    log: say,
  });
  if (!binary.ok) return fallBack(binary.reason);

  const display = displayProblem();
  if (display !== null) return fallBack(display);

  const native = await ensureNativeModules({ root, electronVersion: binary.version, probeMs: PROBE_MS, rebuildMs: timeoutFromEnv('MODELWRIGHT_NATIVE_REBUILD_TIMEOUT_MS', 300_000), log: say });
  if (!native.ok) return fallBack(native.reason);

  const launch = await launchElectron(binary.path, bundle.outDir, native.env);
  if (launch.kind === 'failed-to-start') return fallBack(launch.reason);
  process.exit(launch.code);
}

main().catch((error: unknown) => {
  say(`Modelwright could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
