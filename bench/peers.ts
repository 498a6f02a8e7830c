/**
 * Python peers for benchmarks (pandas, scikit-learn, PyTorch…), run with the system interpreter
 * `/usr/bin/python3`. A missing interpreter or module is reported as `missing`, never as a crash, so a
 * benchmark can say so and still print its own absolute figures.
 */
import { spawn } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

export type PeerResult = { ok: true; stdout: string; stderr: string } | { ok: false; missing: string; stderr: string };

export interface PythonOptions {
  /** Extra arguments, available to the snippet as sys.argv[1:]. */
  args?: readonly string[];
  timeoutMs?: number;
  cwd?: string;
}

/**
 * Runs a Python snippet. `missing` names what is absent: the interpreter, or the module an
 * `import` failed on (ModuleNotFoundError). Any other failure rejects with Python's stderr.
 */
export function runPython(snippet: string, options: PythonOptions = {}): Promise<PeerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', snippet, ...(options.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (timer !== undefined) clearTimeout(timer);
      if (err.code === 'ENOENT') resolve({ ok: false, missing: `python3 (${PYTHON} not found)`, stderr });
      else reject(err);
    });
    child.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (code === 0) {
        resolve({ ok: true, stdout, stderr });
        return;
      }
      const module = /ModuleNotFoundError: No module named '([^']+)'/.exec(stderr);
      if (module !== null) {
        resolve({ ok: false, missing: `Python module ${module[1] ?? '?'}`, stderr });
        return;
      }
      reject(new Error(`python3 exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** Whether `import <module>` works, and its version when it has one. */
export async function pythonModule(module: string): Promise<{ ok: true; version: string } | { ok: false; missing: string }> {
  const result = await runPython(`import ${module} as m\nprint(getattr(m, '__version__', '?'))`);
  return result.ok ? { ok: true, version: result.stdout.trim() } : { ok: false, missing: result.missing };
}
