/**
 * Test support for exports, serving and monitoring: a temporary project with houses.csv, a small regression
 * graph (the examples/houses.json pipeline with a quick network) and one recorded run of it. Not used at run time.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGraphText } from '../graph/load';
import type { Graph } from '../graph/schema';
import { createNodeFileAccess } from '../io/node-files';
import { runGraph } from '../run/run-graph';
import { RunStore } from '../runstore/store';
import { projectRecorder } from './recording';

const examples = join(import.meta.dirname, '../../examples');

/** examples/houses.json with a small, quick network and no Explain node. */
export function quickHousesGraph(overrides: Record<string, unknown> = {}): Graph {
  const graph = parseGraphText(readFileSync(join(examples, 'houses.json'), 'utf8'));
  const nodes = graph.nodes
    .filter((n) => n.kind !== 'explain')
    .map((n) => (n.kind === 'train' ? { ...n, params: { model: 'neural-network', hiddenLayers: [16], epochs: 25, patience: 5, batchSize: 64, ...overrides } } : n));
  return { ...graph, nodes, edges: graph.edges.filter((e) => nodes.some((n) => n.id === e.to.node) && nodes.some((n) => n.id === e.from.node)) };
}

export interface TrainedProject {
  readonly dir: string;
  readonly store: RunStore;
  readonly runId: string;
  /** The recorded model folder, absolute. */
  readonly modelDir: string;
  readonly graph: Graph;
}

/** A project folder with houses.csv, the graph saved as its project file, and one recorded run. */
export async function trainedHousesProject(runId = 'houses-run-1'): Promise<TrainedProject> {
  const dir = mkdtempSync(join(tmpdir(), 'mw-houses-'));
  copyFileSync(join(examples, 'houses.csv'), join(dir, 'houses.csv'));
  const graph = quickHousesGraph();
  writeFileSync(join(dir, 'project.modelwright.json'), JSON.stringify(graph));
  const store = RunStore.open(dir);
  const outcome = await runGraph(graph, { files: createNodeFileAccess(dir), recorder: projectRecorder(store, dir), runId });
  if (!outcome.ok || outcome.result.status !== 'succeeded') throw new Error(`training failed: ${JSON.stringify(outcome.ok ? outcome.result.error : outcome.errors)}`);
  const model = store.getRun(runId).artifacts.find((a) => a.kind === 'model');
  if (model === undefined) throw new Error('no model saved');
  return { dir, store, runId, modelDir: join(dir, model.path), graph };
}

/** houses.csv rows [from, to) as CSV text, each row optionally edited (cells by column name). */
export function housesCsv(from: number, to: number, edit?: (cells: Record<string, string>, i: number) => void): string {
  const [header = '', ...lines] = readFileSync(join(examples, 'houses.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  const rows = lines.slice(from, to).map((line, i) => {
    const cells = Object.fromEntries(line.split(',').map((v, j) => [names[j] ?? '', v]));
    edit?.(cells, i);
    return names.map((n) => cells[n] ?? '').join(',');
  });
  return `${[header, ...rows].join('\n')}\n`;
}

/** The shifted copy of houses.csv used to show drift: bigger, older houses, a new city, more missing garages. */
export function shiftedHousesCsv(): string {
  return housesCsv(0, 2000, (c, i) => {
    if (c['sqft'] !== '') c['sqft'] = String(Math.round(Number(c['sqft']) * 1.35));
    if (c['age_years'] !== '') c['age_years'] = String(Number(c['age_years']) + 15);
    if (i % 5 === 0) c['city'] = 'Newtown';
    if (i % 4 === 0) c['garage'] = '';
  });
}
