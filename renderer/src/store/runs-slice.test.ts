import { describe, expect, it } from 'vitest';
import { emptyGraph, type Graph } from '../../../engine/graph/schema';
import type { RunList, RunListItem } from '../../../engine/runstore/schema';
import { createAppStore } from './index';
import { dayStart, defaultRunsFilter, runsQuery } from './runs-slice';

function item(id: string, number: number): RunListItem {
  return {
    id, number, name: 'g', status: 'succeeded', startedAt: '2025-01-01T00:00:00.000Z', endedAt: null, durationMs: 5, headline: null,
    metrics: {}, tags: [], hasNotes: false, champion: false, errorCode: null, graphHash: 'h', backend: null,
  };
}
const list = (ids: string[]): RunList => ({ total: ids.length, runs: ids.map((id, i) => item(id, i + 1)), tags: [], metrics: [] });

describe('runs slice', () => {
  it('builds the host query from the filters', () => {
    expect(runsQuery(defaultRunsFilter, [])).toMatchObject({ sort: { by: 'started', direction: 'desc' }, columns: [], limit: 200, offset: 0 });
    expect(runsQuery(defaultRunsFilter, [], { offset: 400, limit: 50_000 })).toMatchObject({ offset: 400, limit: 20_000 });
    const q = runsQuery(
      { ...defaultRunsFilter, status: ['failed'], tag: 'best', search: '  lr  ', from: '2025-03-01', to: '2025-03-31', metric: { metric: 'r2', partition: 'test', min: 0.8, max: null } },
      [{ metric: 'r2', partition: 'test' }],
    );
    expect(q).toMatchObject({ status: ['failed'], tag: 'best', search: 'lr', metric: { metric: 'r2', partition: 'test', min: 0.8 }, columns: [{ metric: 'r2', partition: 'test' }] });
    expect(q.metric).not.toHaveProperty('max');
    // The "to" day is inclusive: the query ends where the next day starts.
    expect(q.since).toBe(dayStart('2025-03-01'));
    expect(q.until).toBe(dayStart('2025-04-01'));
    expect(Date.parse(q.until ?? '') - Date.parse(q.since ?? '')).toBeGreaterThan(30 * 86_400_000 - 2 * 3_600_000);
    expect(dayStart('not a day')).toBeUndefined();
  });

  it('keeps ticked runs while they are listed, drops answers for another project, and resets per project', () => {
    const store = createAppStore();
    const runs = () => store.getState().runs;
    runs().startLoading('/p');
    runs().loaded('/p', list(['a', 'b', 'c']), 12);
    runs().toggleSelected('a');
    runs().toggleSelected('c');
    runs().toggleSelected('a');
    runs().toggleSelected('b');
    expect(runs().selected).toEqual(['c', 'b']);
    runs().loaded('/p', list(['b']), 3);
    expect(runs().selected).toEqual(['b']);
    runs().loaded('/other', list(['x']), 3);
    expect(runs().list?.runs.map((r) => r.id)).toEqual(['b']);
    runs().focus('b');
    runs().setDetail({ id: 'zzz' } as never);
    expect(runs().detail).toBeNull();
    runs().startLoading('/other');
    expect(runs()).toMatchObject({ projectPath: '/other', selected: [], list: null, loading: true });
  });

  it('restoring a run\'s graph replaces the canvas as one undoable command and keeps the project name', () => {
    const store = createAppStore();
    const graph = () => store.getState().graph;
    const node = (id: string, epochs: number) => ({ id, kind: 'train', version: 1, params: { epochs }, position: { x: 0, y: 0 } });
    const current: Graph = { ...emptyGraph('Houses'), nodes: [node('train', 300), node('other', 1)] };
    graph().load(current);
    graph().setParams('train', { epochs: 50 });
    const before = graph().rev;
    graph().replaceAll({ ...emptyGraph('Old name'), nodes: [node('train', 5)] });
    expect(graph().nodes.map((n) => [n.id, n.data.params['epochs']])).toEqual([['train', 5]]);
    expect(graph().name).toBe('Houses');
    expect(graph().rev).not.toBe(before);
    graph().undo();
    expect(graph().nodes.map((n) => [n.id, n.data.params['epochs']])).toEqual([['train', 50], ['other', 1]]);
    expect(graph().rev).toBe(before);
  });
});
