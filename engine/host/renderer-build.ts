/**
 * "Builds if needed": the production renderer in renderer/dist is rebuilt when any source it is made from
 * (renderer/, the engine modules it bundles, the lockfile) is newer than renderer/dist/index.html.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { newestMtime } from '../io/newest-mtime';

export interface RendererPaths {
  readonly root: string;
  readonly config: string;
  readonly dist: string;
  readonly index: string;
}

export function rendererPaths(root: string): RendererPaths {
  const dist = join(root, 'renderer', 'dist');
  return { root, config: join(root, 'renderer', 'vite.config.ts'), dist, index: join(dist, 'index.html') };
}

/** Why the renderer must be (re)built, or null when renderer/dist is up to date. */
export async function rendererStaleReason(paths: RendererPaths): Promise<string | null> {
  const built = await stat(paths.index).then((s) => s.mtimeMs).catch(() => null);
  if (built === null) return 'renderer/dist is missing';
  const sources = Math.max(
    await newestMtime(join(paths.root, 'renderer')),
    await newestMtime(join(paths.root, 'engine')),
    await stat(join(paths.root, 'package-lock.json')).then((s) => s.mtimeMs).catch(() => 0),
  );
  return sources > built ? 'sources changed since the last build' : null;
}

/** Runs `vite build` with the renderer's config; resolves when it succeeds, rejects with its exit code. */
export function buildRenderer(paths: RendererPaths): Promise<void> {
  const require = createRequire(import.meta.url);
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  return new Promise((resolveBuild, rejectBuild) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', paths.config], { cwd: paths.root, stdio: 'inherit' });
    child.on('error', rejectBuild);
    child.on('exit', (code) => (code === 0 ? resolveBuild() : rejectBuild(new Error(`vite build exited with code ${code ?? 'null'}`))));
  });
}

/**
 * Makes sure renderer/dist is current. Returns the folder to serve, or null when the renderer has no
 * build configuration yet (the server then says so on its page).
 */
export async function ensureRenderer(root: string, log: (line: string) => void): Promise<string | null> {
  const paths = rendererPaths(root);
  if (!existsSync(paths.config)) {
    log(`No renderer/vite.config.ts: serving without the canvas.`);
    return existsSync(paths.index) ? paths.dist : null;
  }
  const reason = await rendererStaleReason(paths);
  if (reason !== null) {
    log(`Building the renderer (${reason})…`);
    await buildRenderer(paths);
  }
  return paths.dist;
}
