/**
 * Report builds seen from the engine client, against a scripted engine process: a build is a run (one at
 * a time, cancellable), answered by one reply, and an engine that dies mid-build fails it with a code.
 */
import { describe, expect, it } from 'vitest';
import { MwError } from '../errors';
import { emptyGraph } from '../graph/schema';
import type { RunEvent } from '../run/events';
import { createEngineClient, type EngineProcess } from './engine-client';
import type { FromEngine, ToEngine } from './engine-protocol';

/** An engine process the test speaks for: it records what it is sent and says what the test tells it. */
function scriptedEngine() {
  const sent: ToEngine[] = [];
  let listener: (message: FromEngine) => void = () => undefined;
  let exit: (code: number) => void = () => undefined;
  const process: EngineProcess = {
    postMessage: (message) => sent.push(message),
    onMessage: (l) => (listener = l),
    onExit: (l) => (exit = l),
    terminate: () => exit(0),
  };
  return { process, sent, say: (message: FromEngine) => listener(message), die: (code: number) => exit(code) };
}

const graph = emptyGraph('t');
const summary = { type: 'Report' as const, title: 'T', sections: [], charts: 0, attachments: [] };

describe('engine client: report builds', () => {
  it('answers a preview with its reply and treats the build as the active run', async () => {
    const engine = scriptedEngine();
    const client = createEngineClient({ spawn: () => engine.process });
    const preview = client.previewReport({ runId: 'r1', graph, baseDir: '/p' });
    expect(client.activeRunId).toBe('r1');
    // Another run, or another build, waits for this one.
    expect(() => client.startRun({ runId: 'r2', graph, baseDir: '/p' })).toThrow(expect.objectContaining({ code: 'MW_RUN_BUSY' }));
    await expect(client.exportReport({ runId: 'r3', graph, baseDir: '/p', format: 'html', projectPath: '/p' })).rejects.toMatchObject({ code: 'MW_RUN_BUSY' });
    const message = engine.sent.find((m) => m.type === 'preview-report');
    if (message?.type !== 'preview-report') throw new Error('no preview-report sent');
    // Cancelling names the build's run.
    client.cancel('r1');
    expect(engine.sent.at(-1)).toEqual({ type: 'cancel', runId: 'r1' });
    engine.say({ type: 'event', event: { type: 'run-started', runId: 'r1', time: 1, steps: [] } });
    engine.say({ type: 'event', event: { type: 'run-finished', runId: 'r1', time: 2, status: 'succeeded', durationMs: 1 } });
    expect(client.activeRunId).toBeNull();
    engine.say({ type: 'preview-report-result', requestId: message.requestId, result: { runId: 'r1', nodeId: 'report', added: true, summary, html: '<p>ok</p>' } });
    await expect(preview).resolves.toMatchObject({ html: '<p>ok</p>' });
    await client.close();
  });

  it('a build that fails before its run starts frees the engine for the next run', async () => {
    const engine = scriptedEngine();
    const client = createEngineClient({ spawn: () => engine.process });
    const exported = client.exportReport({ runId: 'r1', graph, baseDir: '/p', format: 'pdf', projectPath: '/p' });
    const message = engine.sent.find((m) => m.type === 'export-report');
    if (message?.type !== 'export-report') throw new Error('no export-report sent');
    engine.say({ type: 'report-error', requestId: message.requestId, runId: 'r1', error: new MwError('MW_REPORT_NOT_FOUND').toInfo() });
    await expect(exported).rejects.toMatchObject({ code: 'MW_REPORT_NOT_FOUND' });
    expect(client.activeRunId).toBeNull();
    expect(() => client.startRun({ runId: 'r2', graph, baseDir: '/p' })).not.toThrow();
    await client.close();
  });

  it('an engine that dies mid-build fails the build and its run with MW_ENGINE_CRASHED', async () => {
    const engine = scriptedEngine();
    const client = createEngineClient({ spawn: () => engine.process });
    const events: RunEvent[] = [];
    client.onEvent((e) => events.push(e));
    const preview = client.previewReport({ runId: 'r1', graph, baseDir: '/p' });
    engine.say({ type: 'ready' });
    engine.say({ type: 'event', event: { type: 'run-started', runId: 'r1', time: 1, steps: [] } });
    engine.say({ type: 'event', event: { type: 'step-started', runId: 'r1', time: 1, nodeId: 'train', kind: 'train' } });
    engine.die(134);
    await expect(preview).rejects.toMatchObject({ code: 'MW_ENGINE_CRASHED' });
    expect(events.map((e) => e.type)).toEqual(['run-started', 'step-started', 'step-failed', 'run-finished']);
    expect(client.activeRunId).toBeNull();
    await client.close();
  });
});
