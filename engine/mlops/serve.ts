/**
 * `modelwright serve MODEL_DIR`: predictions over HTTP, JSON in and out, on 127.0.0.1 by default.
 *
 *   POST /predict   {"rows": [{"<column>": value, …}, …]}  →  {"predictions": [{"prediction": …, "probabilities": {…}}]}
 *   GET  /schema    the input columns and types, the target, the task and classes
 *   GET  /health    {"ok": true, …}
 *
 * Every request is validated against the model's input schema: each row is an object with every input
 * column (null for a missing value), numbers for numeric columns, text for categorical ones, ISO dates or
 * epoch milliseconds for dates; unknown columns are refused (a typo would otherwise be a silent missing
 * value). Failures are coded JSON errors with a 4xx status (400 bad request, 404, 405, 413 too large,
 * 415 not JSON); bodies are bounded (1 MiB and 10,000 rows by default) and read no further than the bound.
 * The server never stops on a bad request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MwError, type ErrorCode, type ErrorInfo } from '../errors';
import type { CategoricalColumn, Column, ColumnType, NumericColumn, Table } from '../data/table';
import type { InputColumnSchema, ModelBundle } from '../ml/model';
import { predictedLabels } from '../ml/metrics/classification';
import { predictRows, preparedFor } from '../ml/train/infer';

export interface ServeOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly maxBodyBytes?: number;
  readonly maxRows?: number;
  /** One line per request (method, path, status, ms), e.g. to stderr. */
  readonly log?: (line: string) => void;
  /**
   * Raw column types (e.g. from the model folder's reference.json) refining the model's input schema, whose
   * types are those of the prepared table: a date column the model sees as a number accepts ISO dates.
   * Only refinements within the same kind (numbers or categories) are taken.
   */
  readonly inputTypes?: Readonly<Record<string, ColumnType>>;
}

/** The model's input schema with raw types where they refine it (numbers stay numbers, categories categories). */
export function refinedSchema(schema: readonly InputColumnSchema[], types: Readonly<Record<string, ColumnType>> = {}): InputColumnSchema[] {
  return schema.map((c) => {
    const raw = types[c.name];
    return raw !== undefined && numericTypes.has(raw) === numericTypes.has(c.type) ? { name: c.name, type: raw } : c;
  });
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;
export const DEFAULT_MAX_ROWS = 10_000;

const STATUS: Partial<Record<ErrorCode, number>> = {
  MW_SERVE_BAD_REQUEST: 400,
  MW_PREDICT_SCHEMA_MISMATCH: 400,
  MW_SERVE_NOT_FOUND: 404,
  MW_SERVE_METHOD: 405,
  MW_SERVE_TOO_LARGE: 413,
  MW_SERVE_MEDIA_TYPE: 415,
};

class BodyTooLarge extends Error {}

function bad(message: string, details?: Record<string, unknown>): MwError {
  return new MwError('MW_SERVE_BAD_REQUEST', { message, ...(details === undefined ? {} : { details }) });
}

const numericTypes = new Set(['integer', 'float', 'boolean', 'datetime']);

/** Reads the body up to `max` bytes; throws BodyTooLarge as soon as it is exceeded (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > max) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Builds a raw table from validated JSON rows, typed by the model's input schema. */
export function rowsToTable(rows: unknown, schema: readonly InputColumnSchema[], maxRows: number): Table {
  if (typeof rows !== 'object' || rows === null || Array.isArray(rows)) throw bad('The body must be a JSON object: {"rows": [{...}]}.');
  const list = (rows as Record<string, unknown>)['rows'];
  const extraKeys = Object.keys(rows).filter((k) => k !== 'rows');
  if (extraKeys.length > 0) throw bad(`Unknown field${extraKeys.length === 1 ? '' : 's'} ${extraKeys.slice(0, 5).map((k) => `"${k}"`).join(', ')}: send {"rows": [...]}.`);
  if (!Array.isArray(list)) throw bad('"rows" must be an array of objects, one per row.');
  if (list.length === 0) throw bad('"rows" is empty: send at least one row.');
  if (list.length > maxRows) throw new MwError('MW_SERVE_TOO_LARGE', { message: `${list.length} rows is more than the limit of ${maxRows} per request.`, details: { maxRows } });
  const known = new Set(schema.map((c) => c.name));
  const n = list.length;
  const numeric = new Map<string, { values: Float64Array; missing: Uint8Array }>();
  const categorical = new Map<string, { codes: Int32Array; index: Map<string, number>; categories: string[] }>();
  for (const c of schema) {
    if (numericTypes.has(c.type)) numeric.set(c.name, { values: new Float64Array(n), missing: new Uint8Array(n) });
    else categorical.set(c.name, { codes: new Int32Array(n), index: new Map(), categories: [] });
  }
  list.forEach((row: unknown, r) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw bad(`Row ${r + 1} is not an object of column values.`, { row: r });
    const record = row as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !known.has(k));
    if (unknown.length > 0) throw bad(`Row ${r + 1} has unknown column${unknown.length === 1 ? '' : 's'} ${unknown.slice(0, 5).map((k) => `"${k}"`).join(', ')}; the model takes ${[...known].join(', ')}.`, { row: r, unknown: unknown.slice(0, 20) });
    for (const c of schema) {
      if (!Object.hasOwn(record, c.name)) throw bad(`Row ${r + 1} has no "${c.name}" (use null for a missing value).`, { row: r, column: c.name });
      const value = record[c.name];
      const num = numeric.get(c.name);
      if (num !== undefined) {
        const v = numericValue(value, c, r);
        num.values[r] = v ?? Number.NaN;
        num.missing[r] = v === null ? 1 : 0;
        continue;
      }
      const cat = categorical.get(c.name)!;
      if (value === null) {
        cat.codes[r] = -1;
        continue;
      }
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw bad(`Row ${r + 1}: "${c.name}" must be text (or null), not ${describe(value)}.`, { row: r, column: c.name });
      const text = String(value);
      let code = cat.index.get(text);
      if (code === undefined) {
        code = cat.categories.length;
        cat.categories.push(text);
        cat.index.set(text, code);
      }
      cat.codes[r] = code;
    }
  });
  const columns: Column[] = schema.map((c): Column => {
    const num = numeric.get(c.name);
    if (num !== undefined) {
      const column: NumericColumn = { name: c.name, role: 'feature', kind: 'numeric', type: c.type as NumericColumn['type'], values: num.values, missing: num.missing };
      return column;
    }
    const cat = categorical.get(c.name)!;
    const column: CategoricalColumn = { name: c.name, role: 'feature', kind: 'categorical', type: c.type as CategoricalColumn['type'], codes: cat.codes, categories: cat.categories };
    return column;
  });
  return { rowCount: n, columns, partition: null, recipe: [], sources: [] };
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function numericValue(value: unknown, c: InputColumnSchema, r: number): number | null {
  if (value === null) return null;
  if (c.type === 'boolean' && typeof value === 'boolean') return value ? 1 : 0;
  if (c.type === 'datetime' && typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw bad(`Row ${r + 1}: "${c.name}" must be a date (ISO 8601, e.g. "2025-01-31") or null, not ${describe(value)}.`, { row: r, column: c.name });
    return ms;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw bad(`Row ${r + 1}: "${c.name}" must be a finite number${c.type === 'boolean' ? ' (0/1) or true/false' : ''} or null, not ${describe(value)}.`, { row: r, column: c.name });
  }
  if (c.type === 'boolean' && value !== 0 && value !== 1) throw bad(`Row ${r + 1}: "${c.name}" must be 0 or 1 (or true/false), not ${value}.`, { row: r, column: c.name });
  return value;
}

/** Predictions for a raw table, as JSON objects. */
export function predictJson(model: ModelBundle, raw: Table): { prediction: number | string; probabilities?: Record<string, number> }[] {
  const { table } = preparedFor(model, raw);
  const { output } = predictRows(model, table);
  const n = raw.rowCount;
  if (model.task === 'regression') return Array.from({ length: n }, (_, i) => ({ prediction: output[i] ?? Number.NaN }));
  const k = model.classes.length;
  const labels = predictedLabels(output, k);
  return Array.from({ length: n }, (_, i) => {
    const probabilities: Record<string, number> = {};
    model.classes.forEach((cls, c) => (probabilities[cls] = output[i * k + c] ?? 0));
    return { prediction: model.classes[labels[i]!] ?? '', probabilities };
  });
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

function errorBody(info: ErrorInfo): unknown {
  return { error: { code: info.code, message: info.message, hint: info.hint, ...(info.details === undefined ? {} : { details: info.details }) } };
}

/** Starts the HTTP server for a loaded model. */
export function startServer(model: ModelBundle, options: ServeOptions = {}): Promise<RunningServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const inputs = refinedSchema(model.inputSchema, options.inputTypes);
  const schema = { task: model.task, target: model.target, classes: model.classes, inputs, model: { kind: model.kind, description: model.estimator.description } };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const fail = (code: ErrorCode, message?: string, close = false) => {
      const info = new MwError(code, message === undefined ? {} : { message }).toInfo();
      const status = STATUS[code] ?? 400;
      send(res, status, errorBody(info), close);
      return status;
    };
    if (path === '/health' || path === '/schema') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return fail('MW_SERVE_METHOD', `${path} answers GET, not ${req.method ?? '?'}.`);
      send(res, 200, path === '/health' ? { ok: true, model: schema.model, task: model.task } : schema);
      return 200;
    }
    if (path !== '/predict') return fail('MW_SERVE_NOT_FOUND', `There is no endpoint ${path.slice(0, 100)}; use POST /predict, GET /schema or GET /health.`);
    if (req.method !== 'POST') return fail('MW_SERVE_METHOD', `/predict answers POST, not ${req.method ?? '?'}.`);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return fail('MW_SERVE_MEDIA_TYPE', `The body must be JSON sent with "Content-Type: application/json" (got "${String(type).slice(0, 60)}").`);
    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (thrown) {
      if (thrown instanceof BodyTooLarge) return fail('MW_SERVE_TOO_LARGE', `The body is larger than the limit of ${maxBody} bytes; send fewer rows per request.`, true);
      throw thrown;
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return fail('MW_SERVE_BAD_REQUEST', 'The body is not valid UTF-8 JSON.');
    }
    try {
      const table = rowsToTable(json, inputs, maxRows);
      send(res, 200, { predictions: predictJson(model, table), model: schema.model });
      return 200;
    } catch (thrown) {
      if (thrown instanceof MwError && STATUS[thrown.code] !== undefined) {
        const status = STATUS[thrown.code] ?? 400;
        send(res, status, errorBody(thrown.toInfo()));
        return status;
      }
      throw thrown;
    }
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res).then(
      (status) => options.log?.(`${req.method ?? '?'} ${(req.url ?? '').slice(0, 200)} ${status} ${(performance.now() - started).toFixed(1)} ms`),
      (thrown: unknown) => {
        const info = new MwError('MW_INTERNAL', { message: `The prediction failed: ${thrown instanceof Error ? thrown.message : String(thrown)}` }).toInfo();
        if (!res.headersSent) send(res, 500, errorBody(info));
        else res.destroy();
        options.log?.(`${req.method ?? '?'} ${(req.url ?? '').slice(0, 200)} 500 ${info.message}`);
      },
    );
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.maxHeadersCount = 100;
  // A client that errs (resets mid-body, say) must never take the server down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const { port, address } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
