import { describe, expect, it } from 'vitest';
import { compile } from '../graph/compile';
import type { Graph } from '../graph/schema';
import { unusedFiles } from '../nodes/test-support';
import { createLruCache, type OutputCache } from './cache';
import { runEventSchema, type RunEvent } from './events';
import { executePlan, type RunResult } from './executor';
import { summarize } from './summaries';
import { graphOf, makeKinds } from './test-kinds';

function setup() {
  const kinds = makeKinds();
  const events: RunEvent[] = [];
  const cache = createLruCache();
  const exec = async (graph: Graph, options: { signal?: AbortSignal; cache?: OutputCache } = {}): Promise<RunResult> => {
    const compiled = compile(graph, kinds.specFor);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    return executePlan(compiled.plan, {
      runId: 'run',
      signal: options.signal ?? new AbortController().signal,
      files: unusedFiles,
      cache: options.cache ?? cache,
      lookup: kinds.definitionFor,
      onEvent: (e) => events.push(runEventSchema.parse(e)),
      summarize,
    });
  };
  return { ...kinds, events, exec };
}

const chain = (factor = 3) =>
  graphOf(
    [
      ['a', 'source', {}, 2],
      ['b', 'double'],
      ['c', 'double', { factor }],
    ],
    ['a.table -> b.table', 'b.table -> c.table'],
  );

const outline = (events: RunEvent[]) => events.map((e) => ('nodeId' in e && e.nodeId !== undefined ? `${e.type}:${e.nodeId}` : e.type));

describe('executePlan', () => {
  it('runs steps in order and streams valid events: started, finished, then run-finished', async () => {
    const t = setup();
    const result = await t.exec(chain());
    expect(result.status).toBe('succeeded');
    expect(outline(t.events)).toEqual(['run-started', 'step-started:a', 'step-finished:a', 'step-started:b', 'step-finished:b', 'step-started:c', 'step-finished:c', 'run-finished']);
    const last = result.outputs.get('c')?.['table'];
    expect(last?.type === 'Table' && Array.from(last.value.columns[0]?.kind === 'numeric' ? last.value.columns[0].values : [])).toEqual([0, 6, 12]);
    const finished = t.events.find((e) => e.type === 'step-finished' && e.nodeId === 'c');
    expect(finished).toMatchObject({ cached: false, outputs: { table: { type: 'Table', rowCount: 3 } } });
  });

  it('stamps progress, logs and warnings with the node that reported them', async () => {
    const t = setup();
    await t.exec(graphOf([['a', 'source', {}, 2], ['x', 'chatty']], ['a.table -> x.table']));
    expect(t.events.filter((e) => e.type === 'progress' || e.type === 'log')).toMatchObject([
      { type: 'progress', nodeId: 'x', fraction: 0.5 },
      { type: 'log', nodeId: 'x', message: 'hello' },
    ]);
    const finished = t.events.find((e) => e.type === 'step-finished' && e.nodeId === 'x');
    expect(finished?.type === 'step-finished' && finished.warnings).toMatchObject([{ code: 'MW_TRAIN_TEXT_FEATURE', location: { nodeId: 'x', column: 'x' } }]);
  });

  it('after a downstream param change re-runs only that step; upstream steps come from the cache', async () => {
    const t = setup();
    await t.exec(chain(3));
    expect(t.calls).toEqual(['a', 'b', 'c']);
    t.events.length = 0;
    await t.exec(chain(4));
    expect(t.calls).toEqual(['a', 'b', 'c', 'c']);
    expect(t.events.filter((e) => e.type === 'step-finished').map((e) => e.type === 'step-finished' && [e.nodeId, e.cached])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
    await t.exec(chain(4));
    expect(t.calls).toHaveLength(4);
  });

  it('skips the dependents of a failed step but still runs independent branches', async () => {
    const t = setup();
    const g = graphOf(
      [
        ['a', 'source', {}, 2],
        ['bad', 'fail', { code: 'MW_COLUMN_NOT_FOUND' }],
        ['after', 'double'],
        ['ok', 'double'],
      ],
      ['a.table -> bad.table', 'bad.table -> after.table', 'a.table -> ok.table'],
    );
    const result = await t.exec(g);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'MW_COLUMN_NOT_FOUND', location: { nodeId: 'bad' } });
    expect(result.errors.get('bad')?.code).toBe('MW_COLUMN_NOT_FOUND');
    expect(outline(t.events)).toEqual(['run-started', 'step-started:a', 'step-finished:a', 'step-started:bad', 'step-failed:bad', 'step-started:ok', 'step-finished:ok', 'step-skipped:after', 'run-finished']);
    expect(t.calls).toEqual(['a', 'bad', 'ok']);
  });

  it('turns unexpected exceptions into MW_INTERNAL and divergence into the diverged status', async () => {
    const t = setup();
    expect((await t.exec(graphOf([['f', 'fail']]))).error).toMatchObject({ code: 'MW_INTERNAL', location: { nodeId: 'f' } });
    expect((await t.exec(graphOf([['f', 'fail', { code: 'MW_TRAIN_DIVERGED' }]]))).status).toBe('diverged');
  });

  it('stops promptly on cancellation: the running step ends and later steps never start', async () => {
    const t = setup();
    const controller = new AbortController();
    t.setOnWaitStarted(() => setTimeout(() => controller.abort(), 5));
    const g = graphOf([['a', 'source', {}, 2], ['w', 'wait'], ['z', 'double']], ['a.table -> w.table', 'w.table -> z.table']);
    const result = await t.exec(g, { signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(result.error?.code).toBe('MW_RUN_CANCELLED');
    expect(t.calls).toEqual(['a', 'w']);
    expect(outline(t.events).slice(-2)).toEqual(['step-failed:w', 'run-finished']);
  });

  it('runs nothing when cancelled before it starts', async () => {
    const t = setup();
    const controller = new AbortController();
    controller.abort();
    const result = await t.exec(chain(), { signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(t.calls).toEqual([]);
    expect(outline(t.events)).toEqual(['run-started', 'run-finished']);
  });
});
