import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopHostApi } from '../../../engine/host/desktop-contract';
import type { ListRunsQuery, RecordedRunStatus, RunList, RunListItem } from '../../../engine/runstore/schema';
import { emptyGraph } from '../../../engine/graph/schema';
import { useStore } from '../store';
import { RUNS_PAGE_SIZE } from '../store/runs-slice';
import { loadMoreRuns, loadRuns, saveRunTags, updateRunsFilter } from './runs';

const TOTAL = 530;
const statuses: readonly RecordedRunStatus[] = ['succeeded', 'failed'];
const all: RunListItem[] = Array.from({ length: TOTAL }, (_, i) => ({
  id: `run-${i + 1}`, number: i + 1, name: 'g', status: statuses[i % 2] ?? 'succeeded', startedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
  endedAt: null, durationMs: i, headline: null, metrics: {}, tags: [], hasNotes: false, champion: false, errorCode: null, graphHash: 'h', backend: null,
}));

/** A fake host that filters by status, sorts newest first and pages like the run store. */
function list(query: ListRunsQuery): RunList {
  const matching = all.filter((r) => query.status === undefined || query.status.includes(r.status)).sort((a, b) => b.number - a.number);
  const offset = query.offset ?? 0;
  return { total: matching.length, runs: matching.slice(offset, offset + (query.limit ?? 5000)), tags: [], metrics: [] };
}

/** Calls to listRuns wait until `release()` when `hold` is set, to interleave answers. */
let held: (() => void)[] = [];
let hold = false;
const fns = {
  listRuns: vi.fn(async ({ query }: { projectPath: string; query?: ListRunsQuery }): Promise<RunList> => {
    if (hold) await new Promise<void>((resolve) => held.push(resolve));
    return list(query ?? {});
  }),
  setRunTags: vi.fn(async () => undefined),
  onEvent: vi.fn(() => () => undefined),
};
vi.stubGlobal('window', { modelwright: fns as unknown as DesktopHostApi });

const runs = () => useStore.getState().runs;
const pages = () => fns.listRuns.mock.calls.map(([request]) => [request.query?.offset, request.query?.limit]);
function release(): void {
  const waiting = held;
  held = [];
  for (const resolve of waiting) resolve();
}

describe('runs paging (service + slice, fake host)', () => {
  beforeEach(() => {
    fns.listRuns.mockClear();
    hold = false;
    held = [];
    const { graph, project } = useStore.getState();
    project.opened({ path: '/w/Runs', name: 'Runs', hasAutosave: false }, graph.load(emptyGraph('Runs')), null);
    runs().reset('/w/Runs');
  });

  it('opens with the first page and the total, then appends pages up to the rows in view', async () => {
    await loadRuns();
    expect(pages()).toEqual([[0, RUNS_PAGE_SIZE]]);
    expect(runs().list?.total).toBe(TOTAL);
    expect(runs().list?.runs.map((r) => r.number).slice(0, 3)).toEqual([530, 529, 528]);
    expect(runs().list?.runs).toHaveLength(RUNS_PAGE_SIZE);

    // Scrolled to row 250: one request reaches past it by a page.
    await loadMoreRuns(250);
    expect(pages()[1]).toEqual([200, 250]);
    expect(runs().list?.runs).toHaveLength(450);
    await loadMoreRuns();
    expect(pages()[2]).toEqual([450, RUNS_PAGE_SIZE]);
    expect(runs().list?.runs.map((r) => r.number)).toEqual(all.map((r) => r.number).reverse());
    expect(runs().loadingMore).toBe(false);
    // Everything is loaded: no more requests.
    await loadMoreRuns(10_000);
    expect(fns.listRuns).toHaveBeenCalledTimes(3);
  });

  it('asks for one page at a time and drops a page fetched for an older filter', async () => {
    await loadRuns();
    hold = true;
    const first = loadMoreRuns();
    const second = loadMoreRuns();
    expect(runs().loadingMore).toBe(true);
    updateRunsFilter({ status: ['failed'] });
    release();
    await Promise.all([first, second]);
    await vi.waitFor(() => expect(runs().loading).toBe(false));
    release();
    await vi.waitFor(() => expect(runs().list?.total).toBe(TOTAL / 2));
    // One page for the old filter (dropped), then the new filter's first page.
    expect(pages()).toEqual([[0, RUNS_PAGE_SIZE], [RUNS_PAGE_SIZE, RUNS_PAGE_SIZE], [0, RUNS_PAGE_SIZE]]);
    expect(runs().list?.runs).toHaveLength(RUNS_PAGE_SIZE);
    expect(runs().list?.runs.every((r) => r.status === 'failed')).toBe(true);
    expect(runs().loadingMore).toBe(false);
  });

  it('a reload after a save keeps the loaded rows; ticked runs past them stay ticked until the list is complete', async () => {
    await loadRuns();
    await loadMoreRuns();
    runs().toggleSelected('run-1');
    await saveRunTags('run-530', ['best']);
    expect(pages().at(-1)).toEqual([0, 400]);
    expect(runs().list?.runs).toHaveLength(400);
    // run-1 is the oldest, not loaded yet: still ticked.
    expect(runs().selected).toEqual(['run-1']);
    updateRunsFilter({ status: ['failed'] });
    await vi.waitFor(() => expect(runs().list?.total).toBe(TOTAL / 2));
    await loadMoreRuns(TOTAL);
    // The complete list of failed runs has no run-1 (succeeded): unticked.
    expect(runs().list?.runs).toHaveLength(TOTAL / 2);
    expect(runs().selected).toEqual([]);
  });

  it('ignores a page that does not continue the loaded rows', async () => {
    await loadRuns();
    const before = runs().list;
    runs().appended('/w/Runs', list({ offset: 300, limit: 10 }), 300);
    runs().appended('/w/Other', list({ offset: 200, limit: 10 }), 200);
    expect(runs().list).toBe(before);
  });
});
