import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGraphText } from '../graph/load';
import { createNodeFileAccess } from '../io/node-files';
import type { CliIo } from './io';
import { main } from './main';

const root = join(import.meta.dirname, '../..');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A project folder with houses.csv and a graph reading it: the source only, or the example with a quick model. */
function project(full: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'mw-cli-ask-'));
  made.push(dir);
  copyFileSync(join(root, 'examples/houses.csv'), join(dir, 'houses.csv'));
  const example = JSON.parse(readFileSync(join(root, 'examples/houses.json'), 'utf8')) as { nodes: { kind: string; params: Record<string, unknown> }[]; edges: unknown[] };
  const graph = full
    ? { ...example, nodes: example.nodes.map((n) => (n.kind === 'train' ? { ...n, params: { model: 'linear', epochs: 30 } } : n)) }
    : { ...example, nodes: example.nodes.filter((n) => n.kind === 'csv-source'), edges: [] };
  writeFileSync(join(dir, 'graph.json'), JSON.stringify(graph));
  return join(dir, 'graph.json');
}

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    files: (dir) => createNodeFileAccess(dir),
    cwd: root,
    signal: new AbortController().signal,
    now: () => performance.now(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('modelwright ask', () => {
  it('prints the reading first, then the sentence and the table', async () => {
    const r = await cli(['ask', project(false), 'average price by city']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Reading: Mean of price, grouped by city, over 2,000 rows');
    expect(lines[1]).toBe('Data: houses.csv (2,000 rows)');
    expect(r.stdout).toMatch(/Mean of price by city: highest Hillview/);
    expect(r.stdout).toMatch(/^Lakeside\s+359264\s+413$/m);
  });

  it('exits 2 with three suggestions for a question it does not understand, and with choices when ambiguous', async () => {
    const graph = project(false);
    const unknown = await cli(['ask', graph, 'what is the weather']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
    const ambiguous = await cli(['ask', graph, 'houses', 'over', '2000']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toMatch(/houses sqft over 2000/);
    expect((await cli(['ask', graph])).code).toBe(2);
  });

  it('plans a build from one sentence, and --write saves it into the graph file', async () => {
    const graph = project(false);
    const dry = await cli(['ask', graph, 'predict price from sqft, city and age']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/\+ train-1 \(Train\)/);
    expect(parseGraphText(readFileSync(graph, 'utf8')).nodes).toHaveLength(1);
    const written = await cli(['ask', graph, 'predict price from sqft, city and age', '--write']);
    expect(written.code).toBe(0);
    expect(parseGraphText(readFileSync(graph, 'utf8')).nodes.map((n) => n.kind)).toEqual(['csv-source', 'select-columns', 'split', 'train', 'evaluate']);
  });

  it('trains what a model question needs, and --json gives the whole answer', async () => {
    const r = await cli(['ask', project(true), 'how accurate is the model', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { intent: { kind: string }; answer: { sentence: string } };
    expect(out.intent.kind).toBe('model-question');
    expect(out.answer.sentence).toMatch(/on the test rows/);
    expect(r.stderr).toMatch(/Train/);
    const noModel = await cli(['ask', project(false), 'how accurate is the model']);
    expect(noModel.code).toBe(1);
    expect(noModel.stdout).toMatch(/MW_QUERY_NO_MODEL/);
  });
});
