/** The CLI's effects, passed in so commands run the same in the binary and in tests. */
import type { FileAccess } from '../io/files';

export interface CliStream {
  write(text: string): void;
  /** True on a terminal: the progress bar redraws in place; otherwise plain lines. */
  readonly isTTY?: boolean;
  /** Terminal width in characters, when known. */
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** File access rooted at `baseDir` (the CLI roots it at the working directory or the graph's folder). */
  files(baseDir: string): FileAccess;
  readonly cwd: string;
  /** Aborted on Ctrl-C: the run stops promptly and reports `cancelled`. */
  readonly signal: AbortSignal;
  /** Monotonic milliseconds. */
  now(): number;
}

/** Process exit codes (README "CLI"). */
export const ExitCode = { ok: 0, runError: 1, usage: 2 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
