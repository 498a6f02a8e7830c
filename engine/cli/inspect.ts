/** `modelwright inspect data.csv [--json]`: the inferred schema and column statistics of a CSV file. */
import { readCsv, type CsvResult } from '../data/csv/index';
import { tableStats, type ColumnStats } from '../data/stats';
import { toErrorInfo, type ErrorInfo } from '../errors';
import { ExitCode, type CliIo } from './io';
import { formatDate, formatError, formatNumber, textTable, truncate } from './format';

export interface InspectOptions {
  readonly path: string;
  readonly json: boolean;
}

export interface InspectReport {
  readonly file: string;
  readonly rows: number;
  readonly delimiter: string;
  readonly encoding: CsvResult['encoding'];
  readonly skippedRows: number;
  readonly columns: ColumnStats[];
  readonly warnings: ErrorInfo[];
}

export async function inspectCommand(options: InspectOptions, io: CliIo): Promise<number> {
  const files = io.files(io.cwd);
  let result: CsvResult;
  try {
    const { size } = await files.stat(options.path);
    result = await readCsv(files.openRead(options.path, io.signal), { signal: io.signal, expectedBytes: size });
  } catch (thrown) {
    const info = toErrorInfo(thrown);
    if (options.json) io.stdout.write(`${JSON.stringify({ file: options.path, error: info }, null, 2)}\n`);
    else io.stderr.write(`${formatError(info)}\n`);
    return ExitCode.runError;
  }
  const report: InspectReport = {
    file: options.path,
    rows: result.table.rowCount,
    delimiter: result.delimiter,
    encoding: result.encoding,
    skippedRows: result.skippedRows,
    columns: tableStats(result.table),
    warnings: result.warnings,
  };
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderInspect(report)}\n`);
  return ExitCode.ok;
}

export function renderInspect(report: InspectReport): string {
  const lines = [
    `${report.file}: ${report.rows} rows × ${report.columns.length} columns (${report.encoding}, delimiter ${JSON.stringify(report.delimiter)}` +
      `${report.skippedRows > 0 ? `, ${report.skippedRows} bad rows skipped` : ''})`,
    '',
  ];
  const header = ['column', 'type', 'role', 'missing', 'distinct', 'min', 'mean', 'median', 'max', 'std', 'top values'];
  const rows = report.columns.map((s) => {
    const date = s.type === 'datetime';
    const num = (v: number | null) => (date ? formatDate(v) : formatNumber(v));
    const missing = s.missing === 0 ? '0' : `${s.missing} (${formatNumber(Math.round((1000 * s.missing) / Math.max(1, s.rows)) / 10)}%)`;
    return [
      truncate(s.name, 30),
      s.type,
      s.role,
      missing,
      String(s.distinct),
      num(s.min),
      date ? '' : formatNumber(s.mean),
      num(s.quantiles?.p50 ?? null),
      num(s.max),
      date ? '' : formatNumber(s.std),
      truncate(s.top.slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', '), 40),
    ];
  });
  lines.push(textTable(header, rows, ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']));
  for (const w of report.warnings) lines.push('', formatError(w, 'warning'));
  return lines.join('\n');
}
