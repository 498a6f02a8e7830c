import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browserTimers, createAutosaveScheduler } from './autosave-scheduler';

describe('autosave scheduling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function scheduler() {
    const save = vi.fn();
    return { save, s: createAutosaveScheduler({ quietMs: 800, maxWaitMs: 1800, save, timers: browserTimers }) };
  }

  it('saves once, after the edits go quiet', () => {
    const { save, s } = scheduler();
    s.edited();
    vi.advanceTimersByTime(500);
    s.edited();
    vi.advanceTimersByTime(799);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(s.pending).toBe(false);
  });

  it('saves within 2 s of the first edit even while edits keep coming', () => {
    const { save, s } = scheduler();
    for (let t = 0; t < 1800; t += 100) {
      s.edited();
      vi.advanceTimersByTime(100);
    }
    expect(save).toHaveBeenCalledTimes(1);
    // The next burst starts a new window.
    s.edited();
    vi.advanceTimersByTime(1999);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('flush saves a pending edit now; cancel forgets it', () => {
    const { save, s } = scheduler();
    s.flush();
    expect(save).not.toHaveBeenCalled();
    s.edited();
    s.flush();
    expect(save).toHaveBeenCalledTimes(1);
    s.edited();
    s.cancel();
    vi.advanceTimersByTime(5000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
