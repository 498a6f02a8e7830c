/**
 * Native modules for Electron's ABI, without breaking them for Node. better-sqlite3 is compiled against
 * Node's V8 ABI by `npm install`; Electron's is different. Rebuilding it in place would break the CLI,
 * browser mode and the tests, so the Electron build goes to a cache folder of its own
 * (node_modules/.cache/modelwright-electron/<electron>-<platform>-<arch>/), made once per Electron
 * version with @electron/rebuild, and Electron's processes get its path in MODELWRIGHT_BETTER_SQLITE3_BINDING
 * (for better-sqlite3's `nativeBinding` option). Packaged apps need none of this: electron-builder rebuilds
 * the copy it packs. tfjs-node uses N-API, which is ABI-stable, so it needs no rebuild.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { canReach, runTimeBoxed, type RunResult } from './electron-binary';

export const BINDING_ENV = 'MODELWRIGHT_BETTER_SQLITE3_BINDING';

/** A module that must be rebuilt for Electron, and where its addon lands after the build. */
export interface NativeModule {
  readonly name: string;
  readonly addon: readonly string[];
  /** The environment variable that tells Electron's processes where the rebuilt addon is. */
  readonly env: string;
}

export const nativeModules: readonly NativeModule[] = [{ name: 'better-sqlite3', addon: ['build', 'Release', 'better_sqlite3.node'], env: BINDING_ENV }];

export type NativeResult = { readonly ok: true; readonly env: Record<string, string> } | { readonly ok: false; readonly reason: string };

export interface NativeOptions {
  readonly root: string;
  readonly electronVersion: string;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
  readonly probeMs: number;
  readonly rebuildMs: number;
  readonly log: (line: string) => void;
  /** Runs @electron/rebuild on `buildPath` (tests pass a fake). */
  readonly rebuild?: (buildPath: string, electronVersion: string, modules: readonly string[], timeoutMs: number) => Promise<RunResult>;
  /** Whether the rebuild's downloads (headers, prebuilt addons) can be reached (tests pass a fake). */
  readonly online?: () => Promise<boolean>;
}

interface Stamp {
  readonly electron: string;
  readonly modules: Record<string, string>;
}

export function nativeCacheDir(root: string, electronVersion: string, platform: NodeJS.Platform, arch: string): string {
  return join(root, 'node_modules', '.cache', 'modelwright-electron', `${electronVersion}-${platform}-${arch}`);
}

async function installedVersion(root: string, name: string): Promise<string | null> {
  try {
    return (JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Runs @electron/rebuild in a child process, so a hang can be killed and a crash stays contained. */
function rebuildWithElectronRebuild(root: string): NonNullable<NativeOptions['rebuild']> {
  return (buildPath, electronVersion, modules, timeoutMs) => {
    const script = `import { rebuild } from '@electron/rebuild';\nawait rebuild(${JSON.stringify({ buildPath, electronVersion, onlyModules: modules, force: true })});`;
    return runTimeBoxed(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeoutMs });
  };
}

/**
 * Makes sure every installed native module has an Electron build; returns the environment that points
 * Electron's processes at them, or why it could not (the launcher then falls back to browser mode).
 */
export async function ensureNativeModules(options: NativeOptions): Promise<NativeResult> {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const wanted: { module: NativeModule; version: string }[] = [];
  for (const module of nativeModules) {
    const version = await installedVersion(options.root, module.name);
    if (version !== null) wanted.push({ module, version });
  }
  if (wanted.length === 0) return { ok: true, env: {} };

  const cache = nativeCacheDir(options.root, options.electronVersion, platform, arch);
  const env = Object.fromEntries(wanted.map(({ module }) => [module.env, join(cache, 'node_modules', module.name, ...module.addon)]));
  const stampFile = join(cache, 'stamp.json');
  const stamp = await readFile(stampFile, 'utf8').then((text) => JSON.parse(text) as Stamp).catch(() => null);
  const current = stamp !== null && stamp.electron === options.electronVersion && wanted.every(({ module, version }) => stamp.modules[module.name] === version);
  if (current && Object.values(env).every((file) => existsSync(file))) return { ok: true, env };

  const names = wanted.map(({ module }) => module.name);
  const online = await (options.online ?? (() => canReach('electronjs.org', options.probeMs)))();
  if (!online) return { ok: false, reason: `${names.join(', ')} must be rebuilt for Electron ${options.electronVersion} and the Electron headers cannot be downloaded (no internet connection)` };

  options.log(`Rebuilding ${names.join(', ')} for Electron ${options.electronVersion} (once per Electron version)…`);
  await rm(cache, { recursive: true, force: true });
  await mkdir(join(cache, 'node_modules'), { recursive: true });
  for (const { module } of wanted) {
    await cp(join(options.root, 'node_modules', module.name), join(cache, 'node_modules', module.name), { recursive: true });
  }
  const manifest = { name: 'modelwright-electron-native', private: true, version: '0.0.0', dependencies: Object.fromEntries(wanted.map(({ module, version }) => [module.name, version])) };
  await writeFile(join(cache, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');

  const rebuild = options.rebuild ?? rebuildWithElectronRebuild(options.root);
  const run = await rebuild(cache, options.electronVersion, names, options.rebuildMs);
  if (!run.ok) {
    const why = run.timedOut ? `it did not finish within ${Math.round(options.rebuildMs / 1000)} s` : `it failed${run.tail === '' ? '' : ` (${run.tail.slice(0, 300)})`}`;
    return { ok: false, reason: `${names.join(', ')} could not be rebuilt for Electron ${options.electronVersion}: ${why}` };
  }
  const missing = Object.values(env).filter((file) => !existsSync(file));
  if (missing.length > 0) return { ok: false, reason: `the Electron build of ${names.join(', ')} is missing ${missing.join(', ')}` };
  const newStamp: Stamp = { electron: options.electronVersion, modules: Object.fromEntries(wanted.map(({ module, version }) => [module.name, version])) };
  await writeFile(stampFile, `${JSON.stringify(newStamp)}\n`, 'utf8');
  return { ok: true, env };
}
