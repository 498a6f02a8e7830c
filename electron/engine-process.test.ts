import { EventEmitter } from 'node:events';
import type { UtilityProcess } from 'electron';
import { describe, expect, it } from 'vitest';
import { emptyGraph } from '../engine/graph/schema';
import { createEngineClient } from '../engine/host/engine-client';
import type { FromEngine, ToEngine } from '../engine/host/engine-protocol';
import type { RunEvent } from '../engine/run/events';
import { utilityEngineSpawner, type UtilityProcessModule } from './engine-process';

/** Stands in for Electron's UtilityProcess: the same events, recorded messages, kill ends it. */
class FakeChild extends EventEmitter {
  readonly sent: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  kill(): boolean {
    this.killed = true;
    this.emit('exit', 15);
    return true;
  }
  reply(message: FromEngine): void {
    this.emit('message', message);
  }
}

function fakeUtilityProcess() {
  const forks: { entry: string; options: unknown; child: FakeChild }[] = [];
  const module: UtilityProcessModule = {
    fork(entry, _args, options) {
      const child = new FakeChild();
      forks.push({ entry, options, child });
      // Only the members utilityEngineSpawner uses are faked.
      return child as unknown as UtilityProcess;
    },
  };
  return { module, forks };
}

const run = (runId: string) => ({ runId, graph: emptyGraph(), baseDir: '/p' });

function setup() {
  const { module, forks } = fakeUtilityProcess();
  const logs: string[] = [];
  const client = createEngineClient({ spawn: utilityEngineSpawner(module, '/app/engine.mjs', { MW: '1' }), log: (line) => logs.push(line) });
  const events: RunEvent[] = [];
  client.onEvent((event) => events.push(event));
  return { client, forks, logs, events };
}

describe('the engine in a utility process', () => {
  it('forks the engine entry at once and carries runs and their events', () => {
    const { client, forks, events } = setup();
    expect(forks).toHaveLength(1);
    expect(forks[0]).toMatchObject({ entry: '/app/engine.mjs', options: { serviceName: 'Modelwright engine', env: { MW: '1' } } });
    const child = forks[0]!.child;
    child.reply({ type: 'ready' });
    client.startRun(run('r1'));
    expect(child.sent).toEqual([{ type: 'run', request: run('r1') } satisfies ToEngine]);
    child.reply({ type: 'event', event: { type: 'run-started', runId: 'r1', time: 1, steps: [] } });
    child.reply({ type: 'event', event: { type: 'run-finished', runId: 'r1', time: 2, status: 'succeeded', durationMs: 1 } });
    expect(events.map((event) => event.type)).toEqual(['run-started', 'run-finished']);
    expect(client.activeRunId).toBeNull();
  });

  it('a V8 fatal error mid-run fails the run with MW_ENGINE_CRASHED and its reason, logs it and forks a new process', () => {
    const { client, forks, events, logs } = setup();
    const child = forks[0]!.child;
    child.reply({ type: 'ready' });
    client.startRun(run('r1'));
    child.reply({ type: 'event', event: { type: 'run-started', runId: 'r1', time: 1, steps: [] } });
    child.reply({ type: 'event', event: { type: 'step-started', runId: 'r1', time: 1, nodeId: 'train', kind: 'train' } });
    // Electron reports a fatal error through 'error' (type, location), then 'exit'.
    child.emit('error', 'FatalError', 'v8::Heap');
    child.emit('exit', 134);

    expect(events.find((event) => event.type === 'step-failed')).toMatchObject({ nodeId: 'train', error: { code: 'MW_ENGINE_CRASHED' } });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', runId: 'r1', status: 'failed', error: { code: 'MW_ENGINE_CRASHED', details: { exitCode: 134, reason: 'FatalError at v8::Heap' } } });
    expect(logs.join('\n')).toMatch(/engine stopped unexpectedly \(exit code 134, FatalError at v8::Heap\); run r1 was marked failed; a new engine is starting/);
    expect(forks).toHaveLength(2);
    client.startRun(run('r2'));
    expect(forks[1]!.child.sent).toEqual([{ type: 'run', request: run('r2') }]);
  });

  it('kills the process on close without forking another', async () => {
    const { client, forks, logs } = setup();
    await client.close();
    expect(forks[0]!.child.killed).toBe(true);
    expect(forks).toHaveLength(1);
    expect(logs).toEqual([]);
  });
});
