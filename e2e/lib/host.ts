/**
 * Starts browser mode (`engine/host/start-web.ts`) as a child process, the way a user does, and reads the
 * URL it prints. Restartable on the same port and token, to test what the page does when the host drops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface HostProcess {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface HostStartOptions {
  readonly workspace: string;
  /** 0 for a free port. */
  readonly port?: number;
  /** Reuse a token (restarts); a fresh one otherwise. */
  readonly token?: string;
  /** Build the renderer if it is stale (the first start does; restarts do not). */
  readonly build?: boolean;
  /** How long to wait for the URL (a first build can take a while). */
  readonly timeoutMs?: number;
}

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export function startHost(options: HostStartOptions): Promise<HostProcess> {
  const args = ['--import', 'tsx', 'engine/host/start-web.ts', '--no-open', '--port', String(options.port ?? 0)];
  if (options.build === false) args.push('--no-build');
  const env = { ...process.env, MODELWRIGHT_HOME: options.workspace, CI: 'true', ...(options.token === undefined ? {} : { MODELWRIGHT_TOKEN: options.token }) };
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`The host did not print its URL within ${options.timeoutMs ?? 180_000} ms.`));
    }, options.timeoutMs ?? 180_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The host exited with code ${code ?? 'null'} before it was ready.`));
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      const match = /Modelwright is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{32}))/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const [, url = '', port = '0', token = ''] = match;
      resolve({
        url,
        origin: `http://127.0.0.1:${port}`,
        port: Number(port),
        token,
        pid: child.pid ?? 0,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
