/**
 * `npm run start:web`: browser mode. Builds the renderer if it is stale, starts the host (engine in a
 * worker thread) and the local server, prints the URL and opens the default browser.
 *
 *   --port N     listen on port N (default: a free port)
 *   --no-open    do not open a browser (never opened when CI=true)
 *   --no-build   serve renderer/dist as it is
 *
 * The workspace is $MODELWRIGHT_HOME, or ~/Modelwright. $MODELWRIGHT_TOKEN (32 hex digits) fixes the
 * access token instead of drawing a random one: for automation that restarts the host (the e2e tests).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultWorkspace } from '../project/workspace';
import { ensureRenderer, rendererPaths } from './renderer-build';
import { createHostService } from './service';
import { startWebServer } from './web-server';

interface StartOptions {
  port: number;
  open: boolean;
  build: boolean;
}

function parseArgs(argv: readonly string[]): StartOptions {
  const options: StartOptions = { port: 0, open: true, build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-open') options.open = false;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--port' || arg?.startsWith('--port=') === true) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a port number, got "${value ?? ''}".`);
      options.port = port;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write('Usage: npm run start:web -- [--port N] [--no-open] [--no-build]\n');
      process.exit(0);
    } else {
      throw new Error(`Unknown option "${arg ?? ''}" (try --help).`);
    }
  }
  return options;
}

/** Opens `url` in the default browser, if there is one; failures are ignored (the URL is printed). */
function openBrowser(url: string): void {
  const platform = process.platform;
  if (platform === 'linux' && process.env['DISPLAY'] === undefined && process.env['WAYLAND_DISPLAY'] === undefined) return;
  const [command, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser launcher: the printed URL is enough.
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

  const token = process.env['MODELWRIGHT_TOKEN'];
  if (token !== undefined && !/^[0-9a-f]{32}$/.test(token)) throw new Error('MODELWRIGHT_TOKEN must be 32 hexadecimal digits (128 bits).');
  const staticDir = options.build ? await ensureRenderer(root, log) : rendererPaths(root).dist;
  const workspace = defaultWorkspace();
  const service = createHostService({ mode: 'browser', workspace, examplesDir: join(root, 'examples'), version });
  const server = await startWebServer({ api: service, staticDir, port: options.port, ...(token === undefined ? {} : { token }) });

  process.stdout.write(`Modelwright is running at ${server.url}\n`);
  log(`Projects are kept in ${workspace}. Press Ctrl+C to stop.`);
  if (options.open && process.env['CI'] !== 'true') openBrowser(server.url);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all([server.close(), service.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Modelwright could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
