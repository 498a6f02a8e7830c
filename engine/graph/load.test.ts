import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGraphText, parseGraphValue, serializeGraph } from './load';
import { GRAPH_FORMAT, GRAPH_VERSION, emptyGraph, type Graph } from './schema';

const graph: Graph = {
  format: GRAPH_FORMAT,
  version: GRAPH_VERSION,
  metadata: { name: 'g' },
  nodes: [{ id: 'a', kind: 'csv-source', version: 1, params: { path: 'x.csv' }, position: { x: 0, y: 0 } }],
  edges: [],
};

function codeOf(fn: () => unknown): { code: string; field?: string } | undefined {
  try {
    fn();
  } catch (e) {
    const err = e as { code: string; location: { field?: string } };
    return { code: err.code, ...(err.location.field === undefined ? {} : { field: err.location.field }) };
  }
  return undefined;
}

describe('loading graph files', () => {
  it('round-trips a graph through its text form', () => {
    expect(parseGraphText(serializeGraph(graph))).toEqual(graph);
    expect(parseGraphText(serializeGraph(emptyGraph('x')))).toEqual(emptyGraph('x'));
  });

  it('reports truncated JSON as MW_GRAPH_PARSE', () => {
    const text = serializeGraph(graph);
    expect(codeOf(() => parseGraphText(text.slice(0, text.length / 2)))?.code).toBe('MW_GRAPH_PARSE');
    expect(codeOf(() => parseGraphText(''))?.code).toBe('MW_GRAPH_PARSE');
  });

  it('refuses a file from a newer Modelwright', () => {
    expect(codeOf(() => parseGraphValue({ ...graph, version: GRAPH_VERSION + 1 }))?.code).toBe('MW_GRAPH_TOO_NEW');
  });

  it('migrates the version-0 prototype format (links, no metadata)', () => {
    const old = { format: GRAPH_FORMAT, version: 0, nodes: graph.nodes, links: [{ id: 'e', from: { node: 'a', port: 'table' }, to: { node: 'a', port: 'table' } }] };
    const migrated = parseGraphValue(old);
    expect(migrated.version).toBe(GRAPH_VERSION);
    expect(migrated.edges).toHaveLength(1);
    expect(migrated.metadata.name).toBe('Untitled');
    expect('links' in migrated).toBe(false);
  });

  it('refuses other formats, bad versions and invalid fields with a code and the field', () => {
    expect(codeOf(() => parseGraphValue({ ...graph, format: 'something.else' }))).toEqual({ code: 'MW_GRAPH_INVALID', field: 'format' });
    expect(codeOf(() => parseGraphValue([graph]))?.code).toBe('MW_GRAPH_INVALID');
    expect(codeOf(() => parseGraphValue(null))?.code).toBe('MW_GRAPH_INVALID');
    expect(codeOf(() => parseGraphValue({ ...graph, version: '1' }))?.code).toBe('MW_GRAPH_UNSUPPORTED_VERSION');
    expect(codeOf(() => parseGraphValue({ ...graph, version: -1 }))?.code).toBe('MW_GRAPH_UNSUPPORTED_VERSION');
    const badNode = { ...graph, nodes: [{ ...graph.nodes[0], position: { x: 'left', y: 0 } }] };
    expect(codeOf(() => parseGraphValue(badNode))).toEqual({ code: 'MW_GRAPH_INVALID', field: 'nodes.0.position.x' });
  });

  it('loads every example graph', () => {
    const dir = join(import.meta.dirname, '../../examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => parseGraphText(readFileSync(join(dir, f), 'utf8')), f).not.toThrow();
  });
});
