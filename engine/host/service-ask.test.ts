import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../graph/schema';
import { QUERY_HISTORY_FILE, queryHistoryFileSchema } from '../query/history';
import { dispatch } from './dispatch';
import type { HostService } from './service';
import { runToEnd as runGraphToEnd, useExampleService } from './test-support/example-service';

const example = useExampleService('service-ask');
let service: HostService;

beforeAll(() => {
  ({ service } = example());
});

const runToEnd = (graph: Graph, projectPath?: string) => runGraphToEnd(service, graph, projectPath);

describe('host service: questions', () => {
  it('answers in the engine worker, keeps a history in the project, pins, and uses the latest run for the model', async () => {
    const { project, graph } = await service.openExample({ id: 'houses' });
    const projectPath = project.path;

    // Through the dispatcher, as the WebSocket and IPC do: the payload is validated both ways.
    const reply = await dispatch(service, 'ask', { graph, projectPath, text: 'average price by city' });
    expect(reply.ok).toBe(true);
    const data = await service.ask({ graph, projectPath, text: 'avrage price by city' });
    expect(data.intent.kind).toBe('data-question');
    expect(data.answer?.table?.rows.length).toBeGreaterThan(1);
    expect(data.entry?.text).toBe('avrage price by city');

    const noModel = await service.ask({ graph, projectPath, text: 'how accurate is the model' });
    expect(noModel.error?.code).toBe('MW_QUERY_NO_MODEL');
    await service.ask({ graph, projectPath, text: 'x'.repeat(10_000) });
    await service.ask({ graph, projectPath, text: 'not recorded', record: false });

    const history = await service.listQueries({ projectPath });
    expect(history.map((e) => e.text)).toEqual(['how accurate is the model', 'avrage price by city', 'average price by city']);
    expect(history[1]?.reading).toMatch(/^Mean of price, grouped by city/);

    // Asking again moves the question to the top; pinning keeps its answer in the file.
    const again = await service.ask({ graph, projectPath, text: 'average price by city' });
    const pinned = await service.pinQuery({ projectPath, id: again.entry?.id ?? '', pinned: true, answer: { question: 'average price by city', reading: again.answer?.reading ?? '', sentence: again.answer?.sentence ?? '' } });
    expect(pinned[0]).toMatchObject({ text: 'average price by city', pinned: true });
    const file = queryHistoryFileSchema.parse(JSON.parse(await readFile(join(projectPath, QUERY_HISTORY_FILE), 'utf8')));
    expect(file.entries[0]?.answer?.sentence).toBe(again.answer?.sentence);
    expect(file.entries).toHaveLength(3);

    // Train (a quick linear model), then the same worker answers from that run.
    const quick: Graph = { ...graph, nodes: graph.nodes.map((n) => (n.kind === 'train' ? { ...n, params: { model: 'linear', epochs: 30 } } : n)) };
    const finished = await runToEnd(quick, projectPath);
    expect(finished.type === 'run-finished' && finished.status).toBe('succeeded');
    const accuracy = await service.ask({ graph: quick, projectPath, text: 'how accurate is the model' });
    expect(accuracy.error).toBeUndefined();
    expect(accuracy.answer?.sentence).toMatch(/R²|r2|R2/);
    const whatIf = await service.ask({ graph: quick, projectPath, text: 'what would the price be for a 2000 sqft house in Lakeside' });
    expect(whatIf.answer?.sentence).toMatch(/^Predicted price/);
  });
});
