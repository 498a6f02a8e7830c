/**
 * When to write the crash-recovery backup: after the edits go quiet for `quietMs`, and never later than
 * `maxWaitMs` after the first unsaved edit (so a steady stream of edits is still backed up within 2 s).
 * Timers are injected so tests drive it with fake time.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface AutosaveScheduler {
  /** Call on every edit. */
  edited(): void;
  /** Saves now if an edit is pending. */
  flush(): void;
  /** Forgets a pending save (the project was saved or closed). */
  cancel(): void;
  readonly pending: boolean;
}

export interface AutosaveOptions {
  readonly quietMs: number;
  readonly maxWaitMs: number;
  readonly save: () => void;
  readonly timers: Timers;
}

export const browserTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

export function createAutosaveScheduler(options: AutosaveOptions): AutosaveScheduler {
  const { quietMs, maxWaitMs, save, timers } = options;
  let handle: unknown = null;
  let firstEditAt: number | null = null;

  const clear = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };
  const fire = () => {
    clear();
    firstEditAt = null;
    save();
  };

  return {
    edited() {
      const now = timers.now();
      firstEditAt ??= now;
      clear();
      const delay = Math.max(0, Math.min(quietMs, firstEditAt + maxWaitMs - now));
      handle = timers.setTimeout(fire, delay);
    },
    flush() {
      if (firstEditAt !== null) fire();
    },
    cancel() {
      clear();
      firstEditAt = null;
    },
    get pending() {
      return firstEditAt !== null;
    },
  };
}
