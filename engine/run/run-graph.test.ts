import { appendFileSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Partition, type Table } from '../data/table';
import { parseGraphText } from '../graph/load';
import type { FileAccess } from '../io/files';
import { createNodeFileAccess } from '../io/node-files';
import { unusedFiles } from '../nodes/test-support';
import { createLruCache } from './cache';
import type { RunEvent } from './events';
import { runGraph } from './run-graph';
import { graphOf, makeKinds } from './test-kinds';

const examples = join(import.meta.dirname, '../../examples');
const housesPrep = () => parseGraphText(readFileSync(join(examples, 'houses-prep.json'), 'utf8'));

function finalTable(outcome: Awaited<ReturnType<typeof runGraph>>, node: string): Table {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  const value = outcome.result.outputs.get(node)?.['table'];
  if (value?.type !== 'Table') throw new Error('no table');
  return value.value;
}

describe('runGraph', () => {
  it('runs the houses preparation example end to end', async () => {
    const outcome = await runGraph(housesPrep(), { files: createNodeFileAccess(examples) });
    expect(outcome.ok && outcome.result.status).toBe('succeeded');
    const table = finalTable(outcome, 'scale');
    expect(table.recipe.map((s) => s.kind)).toEqual(['select-columns', 'impute', 'encode', 'scale']);
    const counts = [Partition.train, Partition.validation, Partition.test].map((p) => table.partition?.filter((x) => x === p).length);
    expect(counts).toEqual([1400, 200, 400]);
    expect(table.columns.filter((c) => c.name.startsWith('city=')).length).toBeGreaterThan(1);
    const features = table.columns.filter((c) => c.role === 'feature');
    for (const c of features) expect(c.kind === 'numeric' && c.missing.every((m) => m === 0), c.name).toBe(true);
  });

  it('re-runs everything downstream of a data file whose bytes changed, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-run-graph-'));
    copyFileSync(join(examples, 'houses.csv'), join(dir, 'houses.csv'));
    const files = createNodeFileAccess(dir);
    const cache = createLruCache();
    const runOnce = async () => {
      const events: RunEvent[] = [];
      const outcome = await runGraph(housesPrep(), { files, cache, onEvent: (e) => events.push(e) });
      return { outcome, ran: events.flatMap((e) => (e.type === 'step-finished' && !e.cached ? [e.nodeId] : [])) };
    };
    expect((await runOnce()).ran).toHaveLength(6);
    expect((await runOnce()).ran).toEqual([]);
    appendFileSync(join(dir, 'houses.csv'), 'Lakeside,1500.0,3,10.0,yes,300000.0,2025-01-01\n');
    const third = await runOnce();
    expect(third.ran).toEqual(['houses', 'columns', 'split', 'impute', 'encode', 'scale']);
    expect(finalTable(third.outcome, 'scale').rowCount).toBe(2001);
  });

  it('returns compile errors without running anything', async () => {
    const graph = housesPrep();
    const broken = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'split' ? { ...n, params: { test: 2 } } : n)) };
    const outcome = await runGraph(broken, { files: createNodeFileAccess(examples) });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.errors.map((e) => [e.code, e.location.nodeId, e.location.field])).toEqual([['MW_NODE_INVALID_PARAMS', 'split', 'test']]);
  });

  it('with upTo fingerprints and runs only what the node needs (an unreadable file does not stop the compile)', async () => {
    const kinds = makeKinds();
    const hashed: string[] = [];
    const files: FileAccess = {
      ...unusedFiles,
      sha256: async (p) => {
        hashed.push(p);
        if (p === 'data.csv') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        return 'sha';
      },
    };
    const g = graphOf([['a', 'source', {}, 2], ['b', 'double'], ['other', 'source', {}, 2]], ['a.table -> b.table']);
    const outcome = await runGraph(g, { files, upTo: 'b', specs: kinds.specFor, definitions: kinds.definitionFor });
    expect(outcome.ok && outcome.plan.steps.map((s) => s.nodeId)).toEqual(['a', 'b']);
    expect(hashed).toEqual(['data.csv']);
    expect(kinds.calls).toEqual(['a', 'b']);
  });
});
