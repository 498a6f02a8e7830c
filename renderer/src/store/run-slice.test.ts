import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../engine/run/events';
import { displayStatus, outputsAreCurrent } from '../canvas/status';
import { createAppStore } from './index';

const t = 1_700_000_000_000;

function started() {
  const s = createAppStore();
  s.getState().run.requested({ a: 'ka', b: 'kb' }, null, t);
  return s;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
const ev = (e: DistributiveOmit<RunEvent, 'runId' | 'time'>, runId = 'r1'): RunEvent => ({ runId, time: t, ...e }) as RunEvent;

describe('run slice', () => {
  it('follows a run: queued, running with progress and epochs, done with outputs and the key it ran with', () => {
    const s = started();
    const run = () => s.getState().run;
    run().applyEvent(ev({ type: 'run-started', steps: [{ nodeId: 'a', kind: 'csv-source', cached: false }, { nodeId: 'b', kind: 'train', cached: false }] }));
    expect(run().runId).toBe('r1'); // adopted before run() answered
    expect(run().phase).toBe('running');
    expect(run().nodes['b']?.status).toBe('queued');
    run().applyEvent(ev({ type: 'step-started', nodeId: 'b', kind: 'train' }));
    run().applyEvent(ev({ type: 'epoch', nodeId: 'b', epoch: 1, epochs: 4, loss: 2, valLoss: 2.5, ms: 5, samplesPerSecond: 100, metricName: 'rmse', metric: 1 }));
    run().applyEvent(ev({ type: 'epoch', nodeId: 'b', epoch: 2, epochs: 4, loss: 1, ms: 5, samplesPerSecond: 100 }));
    expect(run().nodes['b']).toMatchObject({ status: 'running', progress: 0.5, totalEpochs: 4, metricName: 'rmse' });
    expect(run().nodes['b']?.epochs.map((e) => e.loss)).toEqual([2, 1]);
    run().applyEvent(ev({ type: 'step-finished', nodeId: 'b', durationMs: 10, cached: false, outputs: { model: { type: 'Model' } }, warnings: [] }));
    expect(run().nodes['b']).toMatchObject({ status: 'done', cacheKey: 'kb', outputs: { model: { type: 'Model' } } });
    run().applyEvent(ev({ type: 'step-finished', nodeId: 'a', durationMs: 0, cached: true, outputs: {}, warnings: [] }));
    expect(run().nodes['a']?.status).toBe('cached');
    run().applyEvent(ev({ type: 'run-finished', status: 'succeeded', durationMs: 20 }));
    expect(run().phase).toBe('succeeded');
  });

  it('ignores events of other runs', () => {
    const s = started();
    s.getState().run.started('r1');
    s.getState().run.applyEvent(ev({ type: 'run-started', steps: [{ nodeId: 'a', kind: 'x', cached: false }] }, 'old'));
    expect(s.getState().run.nodes).toEqual({});
  });

  it('puts the error on the failing node, logs it, and skipped nodes say so', () => {
    const s = started();
    const run = () => s.getState().run;
    const error = { code: 'MW_CSV_RAGGED_ROW' as const, message: 'Row 5 has 3 fields', hint: 'Fix it', location: { nodeId: 'a', row: 5 } };
    run().applyEvent(ev({ type: 'run-started', steps: [{ nodeId: 'a', kind: 'csv-source', cached: false }, { nodeId: 'b', kind: 'x', cached: false }] }));
    run().applyEvent(ev({ type: 'step-failed', nodeId: 'a', durationMs: 1, error }));
    run().applyEvent(ev({ type: 'step-skipped', nodeId: 'b', reason: 'upstream' }));
    run().applyEvent(ev({ type: 'run-finished', status: 'failed', durationMs: 2, error }));
    expect(run().nodes['a']).toMatchObject({ status: 'failed', error });
    expect(run().nodes['b']?.status).toBe('skipped');
    expect(run().phase).toBe('failed');
    expect(run().log.at(-1)?.message).toContain('MW_CSV_RAGGED_ROW');
  });

  it('a cancelled run leaves unfinished nodes idle (or stale when they had results)', () => {
    const s = started();
    const run = () => s.getState().run;
    run().applyEvent(ev({ type: 'run-started', steps: [{ nodeId: 'a', kind: 'x', cached: false }, { nodeId: 'b', kind: 'y', cached: false }] }));
    run().cancelRequested();
    expect(run().phase).toBe('cancelling');
    run().applyEvent(ev({ type: 'step-started', nodeId: 'a', kind: 'x' }));
    run().applyEvent(ev({ type: 'step-failed', nodeId: 'a', durationMs: 1, error: { code: 'MW_RUN_CANCELLED', message: 'cancelled', hint: '', location: {} } }));
    run().applyEvent(ev({ type: 'run-finished', status: 'cancelled', durationMs: 1 }));
    expect(run().phase).toBe('cancelled');
    expect(run().nodes['a']?.status).toBe('cancelled');
    expect(run().nodes['a']?.error).toBeUndefined();
    expect(run().nodes['b']?.status).toBe('idle');
  });

  it('a re-run drops a started step\'s old outputs, so a cancelled Train node does not still say "Model ready"', () => {
    const s = started();
    const run = () => s.getState().run;
    const steps = [{ nodeId: 'a', kind: 'csv-source', cached: false }, { nodeId: 'b', kind: 'train', cached: false }];
    run().applyEvent(ev({ type: 'run-started', steps }));
    run().applyEvent(ev({ type: 'step-finished', nodeId: 'a', durationMs: 3, cached: false, outputs: { table: { type: 'Table' } }, warnings: [] }));
    run().applyEvent(ev({ type: 'step-started', nodeId: 'b', kind: 'train' }));
    run().applyEvent(ev({ type: 'step-finished', nodeId: 'b', durationMs: 9, cached: false, outputs: { model: { type: 'Model' } }, warnings: [] }));
    run().applyEvent(ev({ type: 'run-finished', status: 'succeeded', durationMs: 12 }));

    s.getState().run.requested({ a: 'ka', b: 'kb2' }, null, t + 1);
    run().applyEvent(ev({ type: 'run-started', steps: [{ ...steps[0]!, cached: true }, steps[1]!] }, 'r2'));
    // Queued: the old outputs stay, but are not current.
    expect(run().nodes['b']).toMatchObject({ status: 'queued', outputs: { model: { type: 'Model' } } });
    expect(outputsAreCurrent(displayStatus(run().nodes['b'], 'kb2'))).toBe(false);
    run().applyEvent(ev({ type: 'step-finished', nodeId: 'a', durationMs: 0, cached: true, outputs: { table: { type: 'Table' } }, warnings: [] }, 'r2'));
    run().applyEvent(ev({ type: 'step-started', nodeId: 'b', kind: 'train' }, 'r2'));
    expect(run().nodes['b']?.outputs).toBeUndefined();
    run().applyEvent(ev({ type: 'step-failed', nodeId: 'b', durationMs: 1, error: { code: 'MW_RUN_CANCELLED', message: 'cancelled', hint: '', location: {} } }, 'r2'));
    run().applyEvent(ev({ type: 'run-finished', status: 'cancelled', durationMs: 2 }, 'r2'));
    expect(run().nodes['b']).toMatchObject({ status: 'cancelled' });
    expect(run().nodes['b']?.outputs).toBeUndefined();
    expect(run().nodes['b']?.cacheKey).toBeUndefined();
    // The cached step keeps its outputs, and they are current.
    expect(run().nodes['a']).toMatchObject({ status: 'cached', outputs: { table: { type: 'Table' } } });
    expect(outputsAreCurrent(displayStatus(run().nodes['a'], 'ka'))).toBe(true);
  });

  it('only a finished node with the current key shows its outputs as current', () => {
    const node = { status: 'done' as const, progress: null, warnings: [], epochs: [], cacheKey: 'k1', outputs: { model: {} } };
    expect(outputsAreCurrent(displayStatus(node, 'k1'))).toBe(true);
    expect(outputsAreCurrent(displayStatus({ ...node, status: 'cached' }, 'k1'))).toBe(true);
    expect(outputsAreCurrent(displayStatus(node, 'k2'))).toBe(false); // out of date
    for (const status of ['queued', 'running', 'cancelled', 'failed', 'skipped', 'idle'] as const) {
      expect(outputsAreCurrent(displayStatus({ ...node, status }, 'k1')), status).toBe(false);
    }
  });

  it('a finished node is stale once its cache key changes', () => {
    const node = { status: 'done' as const, progress: null, warnings: [], epochs: [], cacheKey: 'k1' };
    expect(displayStatus(node, 'k1')).toBe('done');
    expect(displayStatus(node, 'k2')).toBe('stale');
    expect(displayStatus(node, undefined)).toBe('stale');
    expect(displayStatus({ ...node, status: 'cached' }, 'k1')).toBe('cached');
    expect(displayStatus(undefined, 'k1')).toBe('idle');
    expect(displayStatus({ ...node, status: 'failed' }, 'k2')).toBe('failed');
  });

  it('a refused start is a failed run with the error', () => {
    const s = started();
    const error = { code: 'MW_HOST_DISCONNECTED' as const, message: 'lost', hint: 'retry', location: {} };
    s.getState().run.startFailed(error);
    expect(s.getState().run).toMatchObject({ phase: 'failed', error });
  });
});
