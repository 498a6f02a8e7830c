/**
 * `npm run dist [-- electron-builder options]`: builds the renderer and the desktop shell, then runs
 * electron-builder (electron-builder.yml) for this platform, or for the targets given, e.g.
 * `npm run dist -- --linux AppImage deb`.
 *
 * electron-builder rebuilds native modules (better-sqlite3) for Electron's ABI inside this project's
 * node_modules, which breaks them for Node (the CLI, browser mode, the tests). So, whatever the outcome,
 * this script rebuilds them for Node again afterwards.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildRenderer, rendererPaths } from '../engine/host/renderer-build';
import { buildElectron } from './build';
import { nativeModules } from './native-modules';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolveRun) => {
    // npm and npx are .cmd scripts on Windows, which only a shell can start.
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    child.once('error', () => resolveRun(1));
    child.once('exit', (code) => resolveRun(code ?? 1));
  });
}

async function main(): Promise<number> {
  await buildRenderer(rendererPaths(root));
  await buildElectron(root);
  const code = await run('npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
  const restored = await run('npm', ['rebuild', ...nativeModules.map((module) => module.name)]);
  if (restored !== 0) process.stderr.write('Could not rebuild the native modules for Node again: run `npm rebuild better-sqlite3` before using the CLI or browser mode.\n');
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run dist failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
