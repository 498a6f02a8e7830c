/**
 * `npm run build:electron`: bundles the desktop shell with esbuild into dist/electron/:
 *   main.mjs     the main process (ESM; npm packages stay external and load from node_modules)
 *   engine.mjs   the engine's utility process (same)
 *   preload.cjs  the preload: CommonJS and self-contained, because a sandboxed preload may require
 *                nothing but `electron` (the build fails if it would)
 *   package.json name, product name and version for Electron (app.getName/getVersion, userData folder)
 * The launcher (launch.ts) calls `ensureElectronBundle`, which rebuilds only when sources are newer.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { newestMtime } from '../engine/io/newest-mtime';

export interface ElectronBundlePaths {
  readonly root: string;
  readonly outDir: string;
  readonly main: string;
  readonly preload: string;
  readonly engine: string;
}

export function electronBundlePaths(root: string): ElectronBundlePaths {
  const outDir = join(root, 'dist', 'electron');
  return { root, outDir, main: join(outDir, 'main.mjs'), preload: join(outDir, 'preload.cjs'), engine: join(outDir, 'engine.mjs') };
}

/** Newest modification time (ms) of the TypeScript sources under `dir`, tests excluded. */
export function newestSourceMtime(dir: string): Promise<number> {
  return newestMtime(dir, (name) => /\.tsx?$/.test(name));
}

/** Why dist/electron must be rebuilt, or null when it is newer than every source it is made from. */
export async function electronBundleStaleReason(paths: ElectronBundlePaths): Promise<string | null> {
  const outputs = await Promise.all([paths.main, paths.preload, paths.engine].map((file) => stat(file).then((s) => s.mtimeMs).catch(() => null)));
  if (outputs.some((time) => time === null)) return 'dist/electron is missing';
  const built = Math.min(...outputs.map((time) => time ?? 0));
  const sources = Math.max(
    await newestSourceMtime(join(paths.root, 'electron')),
    await newestSourceMtime(join(paths.root, 'engine')),
    await stat(join(paths.root, 'package.json')).then((s) => s.mtimeMs).catch(() => 0),
  );
  return sources > built ? 'sources changed since the last build' : null;
}

/** The bare module names a bundle still imports (for the preload: only `electron` is allowed). */
export function externalImports(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) names.add(imported.path);
  }
  return [...names].sort();
}

/** The esbuild options of the three bundles. */
export function bundleOptions(root: string, paths: ElectronBundlePaths = electronBundlePaths(root)): { main: BuildOptions; engine: BuildOptions; preload: BuildOptions } {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    // Electron 45 runs Node 22 and Chromium 142.
    target: 'node22',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
    legalComments: 'none',
  };
  const nodeSide: BuildOptions = { ...common, format: 'esm', packages: 'external' };
  return {
    main: { ...nodeSide, entryPoints: [join(root, 'electron', 'main.ts')], outfile: paths.main },
    engine: { ...nodeSide, entryPoints: [join(root, 'electron', 'engine-entry.ts')], outfile: paths.engine },
    preload: { ...common, format: 'cjs', external: ['electron'], metafile: true, entryPoints: [join(root, 'electron', 'preload.ts')], outfile: paths.preload },
  };
}

/** Fails when the preload bundle would require anything but `electron` (a sandboxed preload cannot). */
export function checkPreloadImports(metafile: Metafile | undefined): void {
  const extra = metafile === undefined ? ['(no metafile)'] : externalImports(metafile).filter((name) => name !== 'electron');
  if (extra.length > 0) throw new Error(`The sandboxed preload may require only "electron", but it imports ${extra.join(', ')}.`);
}

export async function buildElectron(root: string): Promise<ElectronBundlePaths> {
  const paths = electronBundlePaths(root);
  await mkdir(paths.outDir, { recursive: true });
  const options = bundleOptions(root, paths);
  const [, , preload] = await Promise.all([build(options.main), build(options.engine), build(options.preload)]);
  checkPreloadImports(preload.metafile);

  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string; description?: string };
  const appManifest = { name: 'modelwright', productName: 'Modelwright', version: pkg.version, description: pkg.description ?? '', main: 'main.mjs', type: 'module', private: true };
  await writeFile(join(paths.outDir, 'package.json'), `${JSON.stringify(appManifest, null, 2)}\n`, 'utf8');
  return paths;
}

/** Builds dist/electron if it is stale; returns its paths. */
export async function ensureElectronBundle(root: string, log: (line: string) => void): Promise<ElectronBundlePaths> {
  const paths = electronBundlePaths(root);
  const reason = await electronBundleStaleReason(paths);
  if (reason === null) return paths;
  log(`Building the desktop shell (${reason})…`);
  return buildElectron(root);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  buildElectron(root).then(
    (paths) => process.stdout.write(`Built ${paths.main}, ${paths.preload} and ${paths.engine}\n`),
    (error: unknown) => {
      process.stderr.write(`The desktop shell could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
