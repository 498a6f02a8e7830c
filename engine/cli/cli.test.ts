import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeFileAccess } from '../io/node-files';
import type { CliIo } from './io';
import { main } from './main';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/modelwright.js');

/** The real binary, as a user runs it (no TTY: plain progress lines). */
function spawn(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** main() in-process with captured streams: fast, and lets a test pretend to be a terminal. */
async function inProcess(args: string[], tty = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t), isTTY: tty, columns: 100 },
    files: (dir) => createNodeFileAccess(dir),
    cwd: root,
    signal: new AbortController().signal,
    now: () => performance.now(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function tempGraph(edit: (g: { nodes: { id: string; params: Record<string, unknown> }[] }) => void): string {
  const graph = JSON.parse(readFileSync(join(root, 'examples/houses-prep.json'), 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[] };
  edit(graph);
  const dir = mkdtempSync(join(tmpdir(), 'mw-cli-'));
  const path = join(dir, 'graph.json');
  writeFileSync(path, JSON.stringify(graph));
  return path;
}

describe('modelwright (spawned)', () => {
  it('inspect prints the inferred schema of houses.csv', () => {
    const r = spawn(['inspect', 'examples/houses.csv']);
    expect(r.code).toBe(0);
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
    expect(row('city')).toMatch(/categorical/);
    expect(row('sqft')).toMatch(/float\s+feature\s+60 \(3%\)/);
    expect(row('listed')).toMatch(/datetime/);
  });

  it('run executes the houses example and prints the result summary', () => {
    const r = spawn(['run', 'examples/houses-prep.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Run succeeded/);
    expect(r.stdout).toMatch(/2000 rows × \d+ columns · train 1400, validation 200, test 400/);
    expect(r.stdout).toMatch(/recipe: select-columns → impute → encode → scale/);
    // Not a terminal: plain progress lines, no carriage returns.
    expect(r.stderr).toMatch(/\[6\/6\] Scale done/);
    expect(r.stderr).not.toMatch(/\r/);
  });

  it('exits 1 on a run error, printing the coded error with its node', () => {
    const r = spawn(['run', tempGraph((g) => ((g.nodes[0] as { params: Record<string, unknown> }).params = { path: 'missing.csv' }))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error MW_FILE_NOT_FOUND at node "houses"/);
  });

});

describe('modelwright (in-process)', () => {
  it('inspect --json gives machine-readable statistics', async () => {
    const r = await inProcess(['inspect', 'examples/houses.csv', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { rows: number; columns: { name: string; type: string; missing: number }[] };
    expect(report.rows).toBe(2000);
    expect(report.columns.find((c) => c.name === 'sqft')).toMatchObject({ type: 'float', missing: 60 });
  });

  it('inspect of a missing or empty file exits 1 with the code', async () => {
    const missing = await inProcess(['inspect', 'no/such.csv']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error MW_FILE_NOT_FOUND/);
    const dir = mkdtempSync(join(tmpdir(), 'mw-cli-'));
    writeFileSync(join(dir, 'empty.csv'), '');
    const empty = await inProcess(['inspect', join(dir, 'empty.csv'), '--json']);
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.stdout)).toMatchObject({ error: { code: 'MW_CSV_EMPTY' } });
  });

  it('run --json --out writes the report and events and prints the same JSON', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mw-cli-')), 'out');
    const r = await inProcess(['run', 'examples/houses-prep.json', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { status: string; steps: { nodeId: string; status: string }[] };
    expect(report.status).toBe('succeeded');
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toEqual(report);
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events[0]?.type).toBe('run-started');
    expect(events.at(-1)?.type).toBe('run-finished');
  });

  it('draws a progress bar on a terminal', async () => {
    const r = await inProcess(['run', 'examples/houses-prep.json'], true);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\r\u001b[2K█');
    expect(r.stderr).toMatch(/\[6\/6\] Scale done/);
  });

  it('--up-to runs only what a node needs', async () => {
    const r = await inProcess(['run', 'examples/houses-prep.json', '--up-to', 'split', '--json']);
    expect((JSON.parse(r.stdout) as { steps: { nodeId: string }[] }).steps.map((s) => s.nodeId)).toEqual(['houses', 'columns', 'split']);
  });

  it('exits 2 for an invalid graph, naming the node and field', async () => {
    const r = await inProcess(['run', tempGraph((g) => ((g.nodes[2] as { params: Record<string, unknown> }).params = { test: 1.5 }))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error MW_NODE_INVALID_PARAMS at node "split" \(Split\), field "test"/);
    const dir = mkdtempSync(join(tmpdir(), 'mw-cli-'));
    writeFileSync(join(dir, 'cut.json'), readFileSync(join(root, 'examples/houses-prep.json'), 'utf8').slice(0, 200));
    const truncated = await inProcess(['run', join(dir, 'cut.json'), '--json']);
    expect(truncated.code).toBe(2);
    expect(JSON.parse(truncated.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'MW_GRAPH_PARSE' }] });
    expect((await inProcess(['run', 'no/such/graph.json'])).code).toBe(2);
  });

  it('answers help, version and unknown commands or options', async () => {
    expect((await inProcess(['--help'])).stdout).toMatch(/modelwright run <graph.json>/);
    expect((await inProcess(['--version'])).stdout).toMatch(/^modelwright \d+\.\d+\.\d+/);
    const bare = await inProcess([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage:/);
    expect((await inProcess(['train'])).code).toBe(2);
    expect((await inProcess(['inspect', 'a.csv', '--fast'])).code).toBe(2);
    expect((await inProcess(['run', 'g.json', '--out'])).code).toBe(2);
    expect(existsSync(join(root, 'g.json'))).toBe(false);
  });
});
