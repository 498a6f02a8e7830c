import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../errors';
import { graphOf, makeKinds } from '../run/test-kinds';
import { compile, type CompileOptions, type CompileResult } from './compile';
import type { Graph } from './schema';

const { specFor } = makeKinds();
const run = (g: Graph, options?: CompileOptions): CompileResult => compile(g, specFor, options);
const errorsOf = (g: Graph, options?: CompileOptions): ErrorInfo[] => [...run(g, options).errors];
const codes = (g: Graph, options?: CompileOptions) => errorsOf(g, options).map((e) => e.code);

const chain = graphOf(
  [
    ['c', 'double', { factor: 3 }],
    ['a', 'source', { rows: 4 }, 2],
    ['b', 'double'],
  ],
  ['a.table -> b.table', 'b.table -> c.table'],
);

describe('compile', () => {
  it('orders steps by dependency, fills default params and binds inputs', () => {
    const result = run(chain);
    expect(result.ok).toBe(true);
    expect(result.plan?.steps.map((s) => s.nodeId)).toEqual(['a', 'b', 'c']);
    expect(result.plan?.steps[1]?.params).toEqual({ factor: 2, options: { rate: 1 } });
    expect(result.plan?.steps[2]?.inputs).toEqual({ table: { node: 'b', port: 'table' } });
  });

  it('reports a cycle with the nodes on it', () => {
    const g = graphOf([['a', 'double'], ['b', 'double'], ['s', 'source', {}, 2], ['m', 'merge']], ['s.table -> m.a', 'm.table -> a.table', 'a.table -> b.table', 'b.table -> m.b']);
    const [error] = errorsOf(g);
    expect(error?.code).toBe('MW_GRAPH_CYCLE');
    expect([...((error?.details?.['cycle'] as string[]) ?? [])].sort()).toEqual(['a', 'b', 'm']);
    expect(codes(graphOf([['a', 'double']], ['a.table -> a.table']))).toEqual(['MW_GRAPH_CYCLE']);
  });

  it('reports an edge to a missing node or port, naming the edge', () => {
    const toNowhere = graphOf([['a', 'source', {}, 2]], ['a.table -> ghost.table']);
    expect(errorsOf(toNowhere)).toMatchObject([{ code: 'MW_EDGE_MISSING_NODE', location: { edgeId: 'e1' } }]);
    const badPort = graphOf([['a', 'source', {}, 2], ['b', 'double']], ['a.nope -> b.table']);
    expect(errorsOf(badPort)[0]).toMatchObject({ code: 'MW_EDGE_MISSING_PORT', location: { edgeId: 'e1', nodeId: 'a', port: 'nope' } });
    const badInput = graphOf([['a', 'source', {}, 2], ['b', 'double']], ['a.table -> b.nope']);
    expect(errorsOf(badInput)[0]).toMatchObject({ code: 'MW_EDGE_MISSING_PORT', location: { nodeId: 'b', port: 'nope' } });
  });

  it('reports an unknown kind on its node', () => {
    expect(errorsOf(graphOf([['x', 'teleport']]))).toMatchObject([{ code: 'MW_NODE_UNKNOWN_KIND', location: { nodeId: 'x' }, details: { kind: 'teleport' } }]);
  });

  it('reports invalid params with the field path', () => {
    const g = graphOf([['s', 'source', {}, 2], ['b', 'double', { factor: 'big', options: { rate: -1 } }]], ['s.table -> b.table']);
    const errors = errorsOf(g);
    expect(errors.map((e) => [e.code, e.location.nodeId, e.location.field])).toEqual([
      ['MW_NODE_INVALID_PARAMS', 'b', 'factor'],
      ['MW_NODE_INVALID_PARAMS', 'b', 'options.rate'],
    ]);
  });

  it('reports a port-type mismatch on the edge', () => {
    const g = graphOf([['s', 'source', {}, 2], ['t', 'train'], ['d', 'double']], ['s.table -> t.table', 't.model -> d.table']);
    expect(errorsOf(g)).toMatchObject([{ code: 'MW_EDGE_TYPE_MISMATCH', location: { edgeId: 'e2', nodeId: 'd', port: 'table' } }]);
  });

  it('reports a missing required input, but not a missing optional one, and refuses two edges into one input', () => {
    expect(errorsOf(graphOf([['d', 'double']]))).toMatchObject([{ code: 'MW_NODE_MISSING_INPUT', location: { nodeId: 'd', port: 'table' } }]);
    expect(run(graphOf([['s', 'source', {}, 2], ['m', 'merge']], ['s.table -> m.a'])).ok).toBe(true);
    const twice = graphOf([['s', 'source', {}, 2], ['r', 'source', {}, 2], ['d', 'double']], ['s.table -> d.table', 'r.table -> d.table']);
    expect(codes(twice)).toEqual(['MW_EDGE_INPUT_TAKEN']);
  });

  it('reports duplicate ids', () => {
    expect(codes(graphOf([['a', 'source', {}, 2], ['a', 'source', {}, 2]]))).toContain('MW_GRAPH_DUPLICATE_ID');
  });

  it('compiles only what a node needs with upTo, ignoring broken unrelated branches', () => {
    const g = graphOf([...chain.nodes.map((n) => [n.id, n.kind, n.params, n.version] as const), ['orphan', 'double'], ['x', 'double']], [...chain.edges.map((e) => `${e.from.node}.${e.from.port} -> ${e.to.node}.${e.to.port}`), 'a.table -> x.table']);
    expect(codes(g)).toEqual(['MW_NODE_MISSING_INPUT']);
    const upToB = run(g, { upTo: 'b' });
    expect(upToB.ok).toBe(true);
    expect(upToB.plan?.steps.map((s) => s.nodeId)).toEqual(['a', 'b']);
    expect(codes(g, { upTo: 'orphan' })).toEqual(['MW_NODE_MISSING_INPUT']);
    expect(codes(g, { upTo: 'nobody' })).toContain('MW_RUN_TARGET_UNKNOWN');
  });

  it('gives cache keys that change with params, upstream keys and file fingerprints only', () => {
    const keys = (g: Graph, options?: CompileOptions) => Object.fromEntries(run(g, options).plan?.steps.map((s) => [s.nodeId, s.cacheKey]) ?? []);
    const base = keys(chain);
    expect(keys(chain)).toEqual(base);
    const editedC = keys({ ...chain, nodes: chain.nodes.map((n) => (n.id === 'c' ? { ...n, params: { factor: 4 } } : n)) });
    expect([editedC['a'] === base['a'], editedC['b'] === base['b'], editedC['c'] === base['c']]).toEqual([true, true, false]);
    const editedB = keys({ ...chain, nodes: chain.nodes.map((n) => (n.id === 'b' ? { ...n, params: { factor: 5 } } : n)) });
    expect([editedB['a'] === base['a'], editedB['b'] === base['b'], editedB['c'] === base['c']]).toEqual([true, false, false]);
    // Moving a node on the canvas or relabelling it changes nothing.
    const moved = keys({ ...chain, nodes: chain.nodes.map((n) => ({ ...n, position: { x: 9, y: 9 }, label: 'renamed' })) });
    expect(moved).toEqual(base);
    const refreshed = keys(chain, { fingerprints: { a: 'sha-of-new-bytes' } });
    expect([refreshed['a'] === base['a'], refreshed['c'] === base['c']]).toEqual([false, false]);
  });

  it('migrates params saved by an older kind version and refuses a newer one', () => {
    const old = run(graphOf([['a', 'source', { n: 7 }, 1]]));
    expect(old.plan?.steps[0]?.params).toEqual({ rows: 7 });
    expect(errorsOf(graphOf([['a', 'source', {}, 3]]))).toMatchObject([{ code: 'MW_NODE_KIND_TOO_NEW', location: { nodeId: 'a' } }]);
  });
});
