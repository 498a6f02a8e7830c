import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../graph/schema';
import { rejectedCode } from '../nodes/test-support';
import { listRunsQuerySchema } from '../runstore/schema';
import { dispatch } from './dispatch';
import type { HostService } from './service';
import { runToEnd as runGraphToEnd, useExampleService } from './test-support/example-service';

const example = useExampleService('service-runs');
let root: string;
let service: HostService;

beforeAll(() => {
  ({ root, service } = example());
});

const runToEnd = (graph: Graph, projectPath?: string) => runGraphToEnd(service, graph, projectPath);

/** The houses example with a quick linear model trained for `epochs`, without the (slow) Explain node. */
function quickHouses(graph: Graph, epochs: number): Graph {
  const nodes = graph.nodes.filter((n) => n.kind !== 'explain').map((n) => (n.kind === 'train' ? { ...n, params: { model: 'linear', epochs } } : n));
  const ids = new Set(nodes.map((n) => n.id));
  return { ...graph, nodes, edges: graph.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node)) };
}

describe('host service: the run store', () => {
  it('records every run of a project, lists, compares, tags, promotes, restores and exports them', async () => {
    const { project, graph } = await service.openExample({ id: 'houses' });
    const projectPath = project.path;
    const first = quickHouses(graph, 5);
    const second = quickHouses(graph, 12);
    expect((await runToEnd(first, projectPath)).status).toBe('succeeded');
    expect((await runToEnd(second, projectPath)).status).toBe('succeeded');

    // Through the dispatcher, as WebSocket and IPC calls arrive: request and response are validated.
    const reply = await dispatch(service, 'listRuns', { projectPath, query: { sort: { by: 'number', direction: 'asc' } } });
    expect(reply.ok).toBe(true);
    const list = await service.listRuns({ projectPath, query: listRunsQuerySchema.parse({ sort: { by: 'number', direction: 'asc' } }) });
    expect(list.total).toBe(2);
    expect(list.runs.map((r) => [r.number, r.status])).toEqual([[1, 'succeeded'], [2, 'succeeded']]);
    expect(list.runs[0]?.headline?.metric).toBeTruthy();
    expect(list.metrics.length).toBeGreaterThan(0);
    const [a, b] = list.runs.map((r) => r.id) as [string, string];

    // Each run has its folder with the model, the metrics and the graph it ran.
    const detail = await service.getRun({ projectPath, runId: a });
    expect(detail.params['train']?.params['epochs']).toBe(5);
    expect(detail.inputs.map((i) => i.path)).toEqual(['data/houses.csv']);
    expect(detail.inputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.artifacts.map((x) => x.kind)).toEqual(expect.arrayContaining(['model', 'metrics', 'other']));
    expect(detail.artifacts.every((x) => x.exists === true)).toBe(true);
    expect((await stat(join(projectPath, detail.folder))).isDirectory()).toBe(true);
    expect(Object.keys(detail.history)).toEqual(['train']);

    const comparison = await service.compareRuns({ projectPath, runIds: [a, b] });
    const epochs = comparison.params.find((p) => p.nodeId === 'train' && p.param === 'epochs');
    expect(epochs).toMatchObject({ values: [5, 12], differs: true });
    expect(comparison.params.find((p) => p.nodeId === 'split' && p.param === 'seed')?.differs).toBe(false);
    expect(comparison.metrics.length).toBeGreaterThan(0);
    expect(comparison.metrics[0]?.deltas[0]).toBe(0);
    expect(comparison.history.map((h) => h.runId)).toEqual([a, b]);

    await service.setRunTags({ projectPath, runId: b, tags: ['candidate'] });
    await service.setRunNotes({ projectPath, runId: b, notes: 'more epochs' });
    const tagged = await service.listRuns({ projectPath, query: listRunsQuerySchema.parse({ tag: 'candidate' }) });
    expect(tagged.runs.map((r) => [r.id, r.hasNotes])).toEqual([[b, true]]);
    expect(tagged.tags).toEqual(['candidate']);

    const champion = await service.promoteRun({ projectPath, runId: b, note: 'best' });
    expect(champion).toMatchObject({ runId: b, number: 2, modelNode: 'train', retiredAt: null });
    expect((await service.getChampion({ projectPath })).current?.runId).toBe(b);
    expect((await service.listRuns({ projectPath })).runs.find((r) => r.champion)?.id).toBe(b);

    const restored = await service.restoreGraph({ projectPath, runId: a });
    expect(restored.number).toBe(1);
    expect(restored.graph.nodes.find((n) => n.id === 'train')?.params).toEqual({ model: 'linear', epochs: 5 });

    const exported = await service.exportRunMlflow({ projectPath, runId: b });
    expect(exported.runDir.startsWith(join(projectPath, 'mlruns'))).toBe(true);
    expect(exported.params).toBeGreaterThan(0);
    expect(await rejectedCode(service.exportRunMlflow({ projectPath, runId: b, mlrunsDir: join(root, 'elsewhere') }))).toBe('MW_IPC_BAD_PAYLOAD');
    expect((await service.runStoreState({ projectPath })).mode).toBe('read-write');
  }, 120_000);

  it('does not record unsaved graphs, and refuses folders that are not projects', async () => {
    const { graph } = await service.openExample({ id: 'houses' });
    const tiny: Graph = { ...graph, nodes: graph.nodes.filter((n) => n.kind === 'csv-source').map((n) => ({ ...n, params: { path: join(root, 'examples', 'houses.csv') } })), edges: [] };
    expect((await runToEnd(tiny)).status).toBe('succeeded');
    expect(await readdir(join(root, 'workspace'))).not.toContain('runs');
    expect(await rejectedCode(service.listRuns({ projectPath: join(root, 'examples') }))).toBe('MW_PROJECT_NOT_FOUND');
    expect(await readdir(join(root, 'examples'))).not.toContain('runs');
  }, 60_000);
});
