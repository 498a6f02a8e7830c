/**
 * Finding the Electron binary without triggering its download: `require('electron')` downloads it
 * synchronously on first use (node_modules/electron/index.js), which would hang `npm start` offline.
 * Here the check is a few file reads (the same test as electron's install.js), a download is tried only
 * when the download host answers within seconds, and the download itself is time-boxed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';

export type BinaryStatus = { readonly ok: true; readonly path: string; readonly version: string } | { readonly ok: false; readonly reason: string; readonly version: string | null };

/** The executable's path inside node_modules/electron/dist, per platform (as electron's install.js). */
export function platformExecutable(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Whether the Electron binary is there, for `electronDir` = node_modules/electron. Reads files only. */
export function electronBinaryStatus(electronDir: string, platform: NodeJS.Platform = process.platform, env: Readonly<Record<string, string | undefined>> = process.env): BinaryStatus {
  const pkg = readText(join(electronDir, 'package.json'));
  if (pkg === null) return { ok: false, reason: 'the electron package is not installed (run npm install)', version: null };
  const version = (JSON.parse(pkg) as { version?: string }).version ?? null;
  const executable = platformExecutable(platform);
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined && override !== '') {
    const path = join(override, executable);
    return existsSync(path) ? { ok: true, path, version: version ?? 'unknown' } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${executable}`, version };
  }
  const pathTxt = readText(join(electronDir, 'path.txt'));
  const distVersion = readText(join(electronDir, 'dist', 'version'))?.trim().replace(/^v/, '') ?? null;
  const path = join(electronDir, 'dist', executable);
  if (pathTxt === null || distVersion === null || !existsSync(path)) {
    return { ok: false, reason: `Electron ${version ?? ''} has not downloaded its binary yet (it does so on first launch)`.replace('  ', ' '), version };
  }
  if (pathTxt !== executable || distVersion !== version) {
    return { ok: false, reason: `the downloaded Electron binary (${distVersion}) does not match the installed package (${version ?? 'unknown'})`, version };
  }
  return { ok: true, path, version: distVersion };
}

/** The host Electron's binary comes from (ELECTRON_MIRROR, else GitHub's release downloads). */
export function downloadHost(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const mirror = env['ELECTRON_MIRROR'] ?? env['npm_config_electron_mirror'];
  if (mirror !== undefined && mirror !== '') {
    try {
      return new URL(mirror).hostname;
    } catch {
      // Not a URL: fall through to the default.
    }
  }
  return 'github.com';
}

/**
 * True when a TCP connection to host:443 (or `port`) opens within `timeoutMs`. Behind an HTTP proxy the direct
 * connection may fail although downloads work, so with a proxy configured this answers true and the
 * time-boxed download decides.
 */
export function canReach(host: string, timeoutMs: number, options: { env?: Readonly<Record<string, string | undefined>>; port?: number } = {}): Promise<boolean> {
  const env = options.env ?? process.env;
  const proxy = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['npm_config_https_proxy'];
  if (proxy !== undefined && proxy !== '') return Promise.resolve(true);
  return new Promise((resolveReach) => {
    const socket = connect({ host, port: options.port ?? 443 });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolveReach(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface RunResult {
  readonly ok: boolean;
  readonly timedOut: boolean;
  readonly code: number | null;
  /** The last lines the command printed (to say why it failed). */
  readonly tail: string;
}

/** Runs a command, killing it after `timeoutMs`; output is kept, not shown (progress bars are noise here). */
export function runTimeBoxed(command: string, args: readonly string[], options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const finish = (code: number | null) => {
      clearTimeout(timer);
      const tail = output.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').slice(-3).join(' | ');
      resolveRun({ ok: !timedOut && code === 0, timedOut, code, tail });
    };
    child.once('error', (error) => {
      output += error.message;
      finish(null);
    });
    child.once('exit', finish);
  });
}

export interface EnsureBinaryOptions {
  readonly electronDir: string;
  /** Time allowed for the reachability probe. */
  readonly probeMs: number;
  /** Time allowed for the download itself. */
  readonly downloadMs: number;
  readonly log: (line: string) => void;
}

/** The Electron binary, downloading it first when it is missing and the download host is reachable. */
export async function ensureElectronBinary(options: EnsureBinaryOptions): Promise<BinaryStatus> {
  const status = electronBinaryStatus(options.electronDir);
  if (status.ok || status.version === null) return status;
  const host = downloadHost();
  if (!(await canReach(host, options.probeMs))) {
    return { ok: false, reason: `Electron's binary is not downloaded yet and ${host} cannot be reached to download it (no internet connection)`, version: status.version };
  }
  options.log(`Downloading Electron ${status.version} (first launch only, about 100 MB)…`);
  const run = await runTimeBoxed(process.execPath, [join(options.electronDir, 'install.js')], { cwd: options.electronDir, timeoutMs: options.downloadMs });
  if (!run.ok) {
    const why = run.timedOut ? `it did not finish within ${Math.round(options.downloadMs / 1000)} s` : `it failed${run.tail === '' ? '' : ` (${run.tail.slice(0, 300)})`}`;
    return { ok: false, reason: `Electron's binary could not be downloaded: ${why}`, version: status.version };
  }
  return electronBinaryStatus(options.electronDir);
}
