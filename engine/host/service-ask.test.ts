import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../graph/schema';
import { QUERY_HISTORY_FILE, queryHistoryFileSchema } from '../query/history';
import type { RunEvent } from '../run/events';
import { dispatch } from './dispatch';
import { createHostService, type HostService } from './service';

let root: string;
let service: HostService;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-service-ask-'));
  const examples = join(root, 'examples');
  await mkdir(examples);
  for (const file of ['houses.csv', 'houses.json']) await copyFile(new URL(`../../examples/${file}`, import.meta.url), join(examples, file));
  service = createHostService({ mode: 'browser', workspace: join(root, 'workspace'), examplesDir: examples, version: '0.0.0-test' });
});

afterAll(async () => {
  await service.close();
  await rm(root, { recursive: true, force: true });
});

function runToEnd(graph: Graph, projectPath: string): Promise<RunEvent> {
  return new Promise((resolve, reject) => {
    let runId: string | undefined;
    const off = service.onEvent((event) => {
      if (event.type !== 'run-finished' || event.runId !== runId) return;
      off();
      resolve(event);
    });
    service.run({ graph, projectPath }).then((started) => (runId = started.runId), reject);
  });
}

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
