/**
 * A host service over a temporary workspace with the houses example, for the service tests, and a helper
 * that runs a graph to its end. Registers its own beforeAll/afterAll.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Graph } from '../../graph/schema';
import type { RunEvent } from '../../run/events';
import { createHostService, type HostService } from '../service';

export interface ExampleService {
  /** The temporary folder holding `examples/` and `workspace/`. */
  readonly root: string;
  readonly service: HostService;
}

/** Returns a getter: the service exists only between the suite's beforeAll and afterAll. */
export function useExampleService(prefix: string): () => ExampleService {
  let current: ExampleService | undefined;
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), `mw-${prefix}-`));
    const examples = join(root, 'examples');
    await mkdir(examples);
    for (const file of ['houses.csv', 'houses.json']) await copyFile(new URL(`../../../examples/${file}`, import.meta.url), join(examples, file));
    current = { root, service: createHostService({ mode: 'browser', workspace: join(root, 'workspace'), examplesDir: examples, version: '0.0.0-test' }) };
  });
  afterAll(async () => {
    if (current === undefined) return;
    await current.service.close();
    await rm(current.root, { recursive: true, force: true });
  });
  return () => {
    if (current === undefined) throw new Error('The example service exists only inside the suite.');
    return current;
  };
}

/**
 * Starts a run and resolves with its `run-finished` event. Events are kept from before `run` answers,
 * since a cached run can finish before its id arrives.
 */
export function runToEnd(service: HostService, graph: Graph, projectPath?: string): Promise<Extract<RunEvent, { type: 'run-finished' }>> {
  return new Promise((resolve, reject) => {
    let runId: string | undefined;
    const early: RunEvent[] = [];
    const off = service.onEvent((event) => {
      if (runId === undefined) early.push(event);
      if (event.type !== 'run-finished' || event.runId !== runId) return;
      off();
      resolve(event);
    });
    service.run({ graph, ...(projectPath === undefined ? {} : { projectPath }) }).then((started) => {
      runId = started.runId;
      const done = early.find((e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished' && e.runId === runId);
      if (done !== undefined) {
        off();
        resolve(done);
      }
    }, reject);
  });
}
