import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyGraph } from '../engine/graph/schema';
import type { FromEngine, ToEngine } from '../engine/host/engine-protocol';
import type { RunEvent } from '../engine/run/events';
import { createProcessEngineClient, type EngineProcess } from './engine-process';

/** A scripted engine process: records what it is sent; the test plays its replies and its death. */
class FakeProcess implements EngineProcess {
  readonly sent: ToEngine[] = [];
  killed = false;
  private messageHandler: ((message: FromEngine) => void) | undefined;
  private exitHandler: ((code: number, reason?: string) => void) | undefined;
  postMessage(message: ToEngine): void {
    this.sent.push(message);
  }
  onMessage(handler: (message: FromEngine) => void): void {
    this.messageHandler = handler;
  }
  onExit(handler: (code: number, reason?: string) => void): void {
    this.exitHandler = handler;
  }
  kill(): void {
    this.killed = true;
    this.exit(143);
  }
  reply(message: FromEngine): void {
    this.messageHandler?.(message);
  }
  event(event: RunEvent): void {
    this.reply({ type: 'event', event });
  }
  exit(code: number, reason?: string): void {
    const handler = this.exitHandler;
    this.exitHandler = undefined;
    handler?.(code, reason);
  }
}

function setup(cancelGraceMs?: number) {
  const processes: FakeProcess[] = [];
  const logs: string[] = [];
  const client = createProcessEngineClient({
    spawn: () => {
      const proc = new FakeProcess();
      processes.push(proc);
      return proc;
    },
    log: (line) => logs.push(line),
    ...(cancelGraceMs === undefined ? {} : { cancelGraceMs }),
  });
  const events: RunEvent[] = [];
  client.onEvent((event) => events.push(event));
  return { client, processes, logs, events };
}

const run = (runId: string) => ({ runId, graph: emptyGraph(), baseDir: '/p' });

afterEach(() => {
  vi.useRealTimers();
});

describe('the engine in its own process', () => {
  it('starts the process at once and forwards runs and their events', () => {
    const { client, processes, events } = setup();
    expect(processes).toHaveLength(1);
    const proc = processes[0]!;
    proc.reply({ type: 'ready' });
    client.startRun(run('r1'));
    expect(proc.sent).toEqual([{ type: 'run', request: run('r1') }]);
    expect(client.activeRunId).toBe('r1');
    proc.event({ type: 'run-started', runId: 'r1', time: 1, steps: [] });
    proc.event({ type: 'run-finished', runId: 'r1', time: 2, status: 'succeeded', durationMs: 1 });
    proc.reply({ type: 'run-done', runId: 'r1', backend: 'tensorflow' });
    expect(events.map((event) => event.type)).toEqual(['run-started', 'run-finished']);
    expect(client.activeRunId).toBeNull();
    expect(client.backend).toBe('tensorflow');
  });

  it('refuses a second run while one is active (MW_RUN_BUSY)', () => {
    const { client } = setup();
    client.startRun(run('r1'));
    expect(() => client.startRun(run('r2'))).toThrow(expect.objectContaining({ code: 'MW_RUN_BUSY' }));
  });

  it('a crash mid-run marks the run failed with MW_ENGINE_CRASHED on the running step, logs why and restarts', () => {
    const { client, processes, events, logs } = setup();
    const first = processes[0]!;
    first.reply({ type: 'ready' });
    client.startRun(run('r1'));
    first.event({ type: 'run-started', runId: 'r1', time: 1, steps: [] });
    first.event({ type: 'step-started', runId: 'r1', time: 1, nodeId: 'train', kind: 'train' });
    first.exit(134, 'FatalError at v8::Heap');

    const failed = events.filter((event) => event.type === 'step-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ nodeId: 'train', error: { code: 'MW_ENGINE_CRASHED', location: { nodeId: 'train' } } });
    const finished = events.at(-1);
    expect(finished).toMatchObject({ type: 'run-finished', runId: 'r1', status: 'failed', error: { code: 'MW_ENGINE_CRASHED', details: { exitCode: 134, reason: 'FatalError at v8::Heap' } } });
    expect(logs.join('\n')).toMatch(/engine process stopped unexpectedly \(exit code 134.*run r1 was marked failed.*new engine process is starting/);
    expect(processes).toHaveLength(2);
    expect(client.activeRunId).toBeNull();

    // The next run goes to the new process.
    client.startRun(run('r2'));
    expect(processes[1]!.sent).toEqual([{ type: 'run', request: run('r2') }]);
  });

  it('rejects pending inspections when the process dies', async () => {
    const { client, processes } = setup();
    processes[0]!.reply({ type: 'ready' });
    const pending = client.inspect({ path: 'a.csv', baseDir: '/p' });
    processes[0]!.exit(1);
    await expect(pending).rejects.toMatchObject({ code: 'MW_ENGINE_CRASHED' });
  });

  it('does not restart in a loop when the process dies before it was ready', () => {
    const { processes, logs } = setup();
    processes[0]!.exit(1, 'cannot load module');
    expect(processes).toHaveLength(1);
    expect(logs[0]).toMatch(/start again when needed/);
  });

  it('answers inspections with the result or the coded error', async () => {
    const { client, processes } = setup();
    const proc = processes[0]!;
    const first = client.inspect({ path: 'a.csv', baseDir: '/p' });
    const second = client.inspect({ path: 'b.csv', baseDir: '/p' });
    const ids = proc.sent.map((message) => (message.type === 'inspect' ? message.requestId : -1));
    const summary = { path: 'a.csv', size: 1, sha256: 'a'.repeat(64), table: null, error: null, warnings: [], suggestedTargets: [] };
    proc.reply({ type: 'inspect-result', requestId: ids[0]!, result: summary });
    proc.reply({ type: 'inspect-error', requestId: ids[1]!, error: { code: 'MW_FILE_NOT_FOUND', message: 'gone', hint: 'h', location: {} } });
    await expect(first).resolves.toEqual(summary);
    await expect(second).rejects.toMatchObject({ code: 'MW_FILE_NOT_FOUND', message: 'gone' });
  });

  it('kills a process stuck after a cancel, ends the run cancelled and starts a fresh one', () => {
    vi.useFakeTimers();
    const { client, processes, events } = setup(50);
    const proc = processes[0]!;
    proc.reply({ type: 'ready' });
    client.startRun(run('r1'));
    client.cancel('r1');
    expect(proc.sent.at(-1)).toEqual({ type: 'cancel', runId: 'r1' });
    vi.advanceTimersByTime(60);
    expect(proc.killed).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled', error: { code: 'MW_RUN_CANCELLED' } });
    expect(processes).toHaveLength(2);
  });

  it('closes without restarting', async () => {
    const { client, processes } = setup();
    await client.close();
    expect(processes[0]!.killed).toBe(true);
    expect(processes).toHaveLength(1);
  });
});
