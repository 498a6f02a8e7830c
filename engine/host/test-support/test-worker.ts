/**
 * Engine worker for tests: the built-in node kinds plus three that misbehave on purpose, to test
 * cancellation and crash recovery without a real model:
 *   test-wait   waits `ms` in small awaited slices, honouring cancellation (a well-behaved long step);
 *   test-stuck  blocks the thread for `ms` without looking at the signal (a step stuck in native code);
 *   test-crash  kills the worker thread mid-run (a native crash or out-of-memory);
 *   test-backend records a TensorFlow.js backend in runInfo, as training nodes do.
 */
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { defineNode, type NodeDefinition } from '../../nodes/node';
import { definitionForKind } from '../../nodes/registry';
import { defineSpec, type NodeSpec } from '../../nodes/spec';
import { specForKind } from '../../nodes/specs';
import { checkCancelled } from '../../run/context';
import type { ToEngine } from '../engine-protocol';
import { serveEngine } from '../engine-serve';

const msParams = z.object({ ms: z.number().int().nonnegative().default(100) });
const base = { version: 1, category: 'Data', icon: '⏱', docs: 'Test node.', inputs: [], outputs: [], params: msParams, summary: () => '' } as const;

const wait = defineNode(defineSpec({ ...base, kind: 'test-wait', title: 'Wait' }), async (_inputs, params, ctx) => {
  const until = ctx.now() + params.ms;
  while (ctx.now() < until) {
    checkCancelled(ctx.signal);
    ctx.emit({ type: 'progress', fraction: 1 - Math.max(0, until - ctx.now()) / Math.max(1, params.ms) });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {};
});

const stuck = defineNode(defineSpec({ ...base, kind: 'test-stuck', title: 'Stuck' }), async (_inputs, params) => {
  const until = Date.now() + params.ms;
  while (Date.now() < until) {
    // Busy on purpose: nothing here yields to the event loop, so a cancel message cannot arrive.
  }
  return {};
});

const crash = defineNode(defineSpec({ ...base, kind: 'test-crash', title: 'Crash' }), async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.exit(71);
});

const backend = defineNode(defineSpec({ ...base, kind: 'test-backend', title: 'Backend' }), async (_inputs, _params, ctx) => {
  ctx.runInfo['backend'] = { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', version: '4.22.0', tfjsVersion: '4.22.0', tfBackend: 'cpu', forcedBy: null, skipped: [], notes: [] };
  return {};
});

const extra = new Map<string, NodeDefinition>([wait, stuck, crash, backend].map((d) => [d.spec.kind, d]));

if (parentPort === null) throw new Error('test-worker.ts must run in a worker thread.');
const port = parentPort;
serveEngine(
  {
    postMessage: (message) => port.postMessage(message),
    onMessage: (handler) => port.on('message', (message: ToEngine) => handler(message)),
  },
  {
    specs: (kind): NodeSpec | undefined => extra.get(kind)?.spec ?? specForKind(kind),
    definitions: (kind) => extra.get(kind) ?? definitionForKind(kind),
  },
);
port.postMessage({ type: 'ready' });
