import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from './electron-binary';
import { BINDING_ENV, ensureNativeModules, nativeCacheDir, type NativeOptions } from './native-modules';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A project root with an installed better-sqlite3 (package.json and a Node-ABI addon). */
async function fakeRoot(withModule = true): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'mw-native-'));
  dirs.push(root);
  if (withModule) {
    const pkg = join(root, 'node_modules', 'better-sqlite3');
    await mkdir(join(pkg, 'build', 'Release'), { recursive: true });
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
    await writeFile(join(pkg, 'build', 'Release', 'better_sqlite3.node'), 'node-abi');
  }
  return root;
}

function options(root: string, overrides: Partial<NativeOptions> = {}): NativeOptions & { rebuilt: string[] } {
  const rebuilt: string[] = [];
  return {
    root,
    electronVersion: '45.5.0',
    platform: 'linux',
    arch: 'x64',
    probeMs: 100,
    rebuildMs: 1000,
    log: () => undefined,
    online: async () => true,
    rebuild: async (buildPath, _version, modules): Promise<RunResult> => {
      rebuilt.push(...modules);
      await writeFile(join(buildPath, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'electron-abi');
      return { ok: true, timedOut: false, code: 0, tail: '' };
    },
    rebuilt,
    ...overrides,
  };
}

describe('native modules for Electron', () => {
  it('needs nothing when no native module is installed', async () => {
    expect(await ensureNativeModules(options(await fakeRoot(false)))).toEqual({ ok: true, env: {} });
  });

  it('rebuilds a copy in the cache once, leaves the Node build alone, and points Electron at the copy', async () => {
    const root = await fakeRoot();
    const opts = options(root);
    const result = await ensureNativeModules(opts);
    const addon = join(nativeCacheDir(root, '45.5.0', 'linux', 'x64'), 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(result).toEqual({ ok: true, env: { [BINDING_ENV]: addon } });
    expect(await readFile(addon, 'utf8')).toBe('electron-abi');
    expect(await readFile(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node-abi');
    expect(opts.rebuilt).toEqual(['better-sqlite3']);

    // Second start: the stamp matches, nothing is rebuilt, and no network is needed.
    const again = options(root, { online: async () => false });
    expect(await ensureNativeModules(again)).toEqual(result);
    expect(again.rebuilt).toEqual([]);
  });

  it('fails with a reason, quickly, when offline and not yet built', async () => {
    const result = await ensureNativeModules(options(await fakeRoot(), { online: async () => false }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/better-sqlite3 must be rebuilt for Electron 45\.5\.0.*no internet/);
  });

  it('fails with a reason when the rebuild fails or times out', async () => {
    const failing = options(await fakeRoot(), { rebuild: async () => ({ ok: false, timedOut: true, code: null, tail: '' }) });
    const result = await ensureNativeModules(failing);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/did not finish within 1 s/);
    expect(existsSync(join(nativeCacheDir(failing.root, '45.5.0', 'linux', 'x64'), 'stamp.json'))).toBe(false);
  });
});
