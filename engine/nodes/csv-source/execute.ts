/**
 * CSV Source: streams the file through readCsv (never one big string) and records where the rows came
 * from (path, SHA-256, row count) in `table.sources` for lineage and reports.
 */
import { MwError } from '../../errors';
import { readCsv } from '../../data/csv/index';
import { lineageOf } from '../../report/lineage';
import { defineNode } from '../node';
import { portValue } from '../values';
import { csvSourceSpec } from './spec';

/** Progress events at most every this many bytes (a 1 GB file gives about 100 events). */
const PROGRESS_STEP = 10 * 1024 * 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const csvSourceNode = defineNode(csvSourceSpec, async (_inputs, params, ctx) => {
  if (params.path.trim() === '') {
    throw new MwError('MW_FILE_NOT_FOUND', { message: 'No file is chosen: set the path of the CSV file.', location: { field: 'path' } });
  }
  const info = await ctx.files.stat(params.path);
  // runGraph already hashed the file for the step's cache key; hash again only when run outside it.
  const known = lineageOf(ctx.runInfo)?.fingerprints[ctx.nodeId];
  const sha256 = known !== undefined && SHA256_HEX.test(known) ? known : await ctx.files.sha256(params.path);
  let nextReport = PROGRESS_STEP;
  const result = await readCsv(ctx.files.openRead(params.path, ctx.signal), {
    delimiter: params.delimiter,
    skipBadRows: params.skipBadRows,
    signal: ctx.signal,
    expectedBytes: info.size,
    onProgress: (bytes) => {
      if (bytes < nextReport || info.size === 0) return;
      nextReport = bytes + PROGRESS_STEP;
      ctx.emit({ type: 'progress', fraction: Math.min(1, bytes / info.size), message: 'reading' });
    },
  });
  for (const w of result.warnings) ctx.warn(w);
  const table = { ...result.table, sources: [...result.table.sources, { path: params.path, sha256, rows: result.table.rowCount }] };
  ctx.emit({ type: 'log', level: 'info', message: `read ${table.rowCount} rows × ${table.columns.length} columns (${result.encoding}, delimiter ${JSON.stringify(result.delimiter)})` });
  return { table: portValue('Table', table) };
});
