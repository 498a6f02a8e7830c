import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyGraph } from '../../graph/schema';
import { createNodeFileAccess } from '../../io/node-files';
import { runGraph } from '../../run/run-graph';
import type { NodeOutputs } from '../values';
import { rejectedCode, testContext } from '../test-support';
import { csvSourceNode } from './execute';
import { csvSourceParams, csvSourceSpec } from './spec';

const examples = join(import.meta.dirname, '../../../examples');
const ctx = () => testContext({ files: createNodeFileAccess(examples) });
const run = (params: object, c = ctx()): Promise<NodeOutputs> => csvSourceNode.execute({}, csvSourceParams.parse(params), c);

describe('CSV Source', () => {
  it('reads the file into a typed table and records its SHA-256', async () => {
    const out = await run({ path: 'houses.csv' });
    const table = out['table']?.type === 'Table' ? out['table'].value : undefined;
    expect(table?.rowCount).toBe(2000);
    const types = Object.fromEntries(table?.columns.map((c) => [c.name, c.type]) ?? []);
    expect(types).toMatchObject({ city: 'categorical', sqft: 'float', listed: 'datetime' });
    const sha = createHash('sha256').update(readFileSync(join(examples, 'houses.csv'))).digest('hex');
    expect(table?.sources).toEqual([{ path: 'houses.csv', sha256: sha, rows: 2000 }]);
  });

  it('fingerprints the file it reads (the cache key follows the bytes)', () => {
    expect(csvSourceSpec.files?.(csvSourceParams.parse({ path: 'a.csv' }))).toEqual(['a.csv']);
    expect(csvSourceSpec.files?.(csvSourceParams.parse({}))).toEqual([]);
  });

  it('hashes the file once per run: the table keeps the SHA-256 runGraph computed for the cache key', async () => {
    const files = createNodeFileAccess(examples);
    let hashed = 0;
    const counting = { ...files, sha256: (path: string) => ((hashed += 1), files.sha256(path)) };
    const graph = { ...emptyGraph(), nodes: [{ id: 'src', kind: 'csv-source', version: csvSourceSpec.version, params: { path: 'houses.csv' }, position: { x: 0, y: 0 } }] };
    const result = await runGraph(graph, { files: counting });
    expect(result.ok && result.result.status).toBe('succeeded');
    expect(hashed).toBe(1);
  });

  it('says clearly when no file is chosen or the file is missing', async () => {
    expect(await rejectedCode(run({}))).toBe('MW_FILE_NOT_FOUND');
    expect(await rejectedCode(run({ path: 'no-such-file.csv' }))).toBe('MW_FILE_NOT_FOUND');
  });

  it('passes CSV errors through, and reports skipped bad rows as warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-csv-source-'));
    writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n4,5\n');
    const c = testContext({ files: createNodeFileAccess(dir) });
    expect(await rejectedCode(csvSourceNode.execute({}, csvSourceParams.parse({ path: 'ragged.csv' }), c))).toBe('MW_CSV_RAGGED_ROW');
    const out = await csvSourceNode.execute({}, csvSourceParams.parse({ path: 'ragged.csv', skipBadRows: true }), c);
    expect(out['table']?.type === 'Table' && out['table'].value.rowCount).toBe(2);
    expect(c.warnings.length).toBeGreaterThan(0);
  });
});
