/**
 * The HostApi contract: the only way the renderer talks to the rest of Modelwright (DESIGN.md
 * "Processes and the contract"). One interface, implemented twice with the same semantics:
 * browser mode (engine/host/service.ts over one WebSocket) and Electron (the same service over
 * ipcMain, exposed by the preload as `window.modelwright`).
 *
 * Pure: zod and engine schemas only, so the renderer imports it by value. Every request and response
 * crosses a trust boundary and is validated with the schemas in `hostMethods` on both sides by one
 * generic dispatcher; errors cross as ErrorInfo (engine/errors.ts).
 *
 * Every method takes one request object (or nothing) and returns a Promise, so the interface maps 1:1
 * onto `{id, method, params}` messages and onto `ipcMain.handle('modelwright:<method>')` channels.
 *
 * Room for later parts (add them here as methods + a `hostMethods` entry, never as stubs):
 *   - issue 6 (reports):  `previewReport`, `exportReport` (done: engine/report/contract.ts)
 *   - issue 7 (queries):  `ask({ projectPath, text })` → a typed answer
 *   - issue 8 (MLOps):    `listRuns`, `getRun`, `compareRuns`, `promoteRun`
 * They go in the "Runs" section below, after `cancel`.
 */
import { z } from 'zod';
import { MwError, errorInfoSchema, type ErrorInfo } from '../errors';
import { graphSchema } from '../graph/schema';
import { runEventSchema, type RunEvent } from '../run/events';
import { tableSummarySchema } from '../run/summaries';
import { answerSchema, graphEditSchema, intentSchema } from '../query/intent';
import { queryHistoryEntrySchema } from '../query/history';
import { pinnedAnswerSchema } from '../report/params';
import { runStoreHostMethods } from '../runstore/schema';
import { reportHostMethods, type ExportReportRequest, type ExportReportResponse, type PreviewReportRequest, type PreviewReportResponse } from '../report/contract';

// ---------------------------------------------------------------------------------------------------
// Shared pieces

/** An absolute folder or file path on the host's machine. Bounded so a hostile payload cannot be huge. */
const hostPath = z.string().min(1).max(4096);
/** An ISO-8601 timestamp. */
const isoTime = z.string().max(64);
const noRequest = z.void();
const noResponse = z.void();

/** A project is a folder; `path` is that folder (absolute) and is how every call names the project. */
export const projectRefSchema = z.strictObject({
  path: hostPath,
  name: z.string().max(200),
  /** When the project file was last saved (ISO-8601), if it has been. */
  modified: isoTime.optional(),
  /** An autosave newer than the saved project exists (offer to restore it). */
  hasAutosave: z.boolean(),
});
export type ProjectRef = z.infer<typeof projectRefSchema>;

export const recentProjectSchema = projectRefSchema.extend({ openedAt: isoTime });
export type RecentProject = z.infer<typeof recentProjectSchema>;

/** Whether a crash left an autosave to restore, and when it was written. */
export const recoveryInfoSchema = z.strictObject({
  available: z.boolean(),
  savedAt: isoTime.optional(),
});
export type RecoveryInfo = z.infer<typeof recoveryInfoSchema>;

/** A project as opened: where it lives, its saved graph, and whether an autosave waits to be restored. */
export const openedProjectSchema = z.strictObject({
  project: projectRefSchema,
  graph: graphSchema,
  recovery: recoveryInfoSchema,
});
export type OpenedProject = z.infer<typeof openedProjectSchema>;

export const hostInfoSchema = z.strictObject({
  /** Modelwright's version (package.json). */
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  /** TensorFlow.js backend the engine uses ('cpu', 'wasm', 'tensorflow'…), or null before it has loaded. */
  backend: z.string().nullable(),
  /** Folder where new projects are created (browser mode: ~/Modelwright or $MODELWRIGHT_HOME). */
  workspace: hostPath,
  /**
   * True in Electron: openProject/saveProjectAs without a path show a native dialog.
   * False in browser mode: the renderer lists projects in the workspace and asks for a name.
   */
  nativeDialogs: z.boolean(),
  /** Largest file importProject* accepts, in bytes. */
  maxImportBytes: z.number().int().positive(),
  /** Largest `data` in one importChunk, in bytes. */
  maxChunkBytes: z.number().int().positive(),
});
export type HostInfo = z.infer<typeof hostInfoSchema>;

// ---------------------------------------------------------------------------------------------------
// Runs

export const runRequestSchema = z.strictObject({
  graph: graphSchema,
  /** The project folder; relative file paths in node params resolve against it. Omit for an unsaved graph. */
  projectPath: hostPath.optional(),
  /** Run only this node and what it depends on ("Run to selected"). */
  upTo: z.string().min(1).max(200).optional(),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

export const runStartedSchema = z.strictObject({ runId: z.string().min(1).max(100) });
export type RunStarted = z.infer<typeof runStartedSchema>;

export const cancelRequestSchema = z.strictObject({ runId: z.string().min(1).max(100) });
export type CancelRequest = z.infer<typeof cancelRequestSchema>;

// ---------------------------------------------------------------------------------------------------
// Data files

/**
 * What a data file looks like: the same summary a Table output gets on the canvas (schema, per-column
 * statistics, first rows; engine/run/summaries.ts), or, when the file is not readable CSV, the coded
 * error (ragged row, empty file…) so the renderer can still place the CSV Source node and show it there.
 */
export const dataFileSummarySchema = z.strictObject({
  /** The path as the CSV Source node should store it (project-relative `data/…` when inside the project). */
  path: hostPath,
  size: z.number().int().nonnegative(),
  sha256: z.string().length(64),
  table: tableSummarySchema.nullable(),
  error: errorInfoSchema.nullable(),
  warnings: z.array(errorInfoSchema),
  /** Column names that look like a good prediction target, best first (empty when `table` is null). */
  suggestedTargets: z.array(z.string()),
});
export type DataFileSummary = z.infer<typeof dataFileSummarySchema>;

export const inspectFileRequestSchema = z.strictObject({
  /** Absolute, or relative to the project folder. */
  path: hostPath,
  projectPath: hostPath.optional(),
});
export type InspectFileRequest = z.infer<typeof inspectFileRequestSchema>;

/** Longest accepted file name for an import (a name, not a path; it is sanitised on the host). */
const fileName = z.string().min(1).max(255);
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024;

/** Browser mode: a file arrives in chunks (streamed to a temp file, then moved into `data/`). */
export const beginImportRequestSchema = z.strictObject({
  projectPath: hostPath,
  fileName,
  size: z.number().int().nonnegative().max(MAX_IMPORT_BYTES),
});
export type BeginImportRequest = z.infer<typeof beginImportRequestSchema>;

export const importIdSchema = z.string().min(1).max(100);
export const beginImportResponseSchema = z.strictObject({ importId: importIdSchema });

export const importChunkRequestSchema = z.strictObject({
  importId: importIdSchema,
  /** Byte offset of `data` in the file; chunks must arrive in order (offset = bytes received so far). */
  offset: z.number().int().nonnegative(),
  data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_CHUNK_BYTES, { message: `chunk larger than ${MAX_CHUNK_BYTES} bytes` }),
});
export type ImportChunkRequest = z.infer<typeof importChunkRequestSchema>;
export const importChunkResponseSchema = z.strictObject({ received: z.number().int().nonnegative() });

export const finishImportRequestSchema = z.strictObject({ importId: importIdSchema });
export const abortImportRequestSchema = z.strictObject({ importId: importIdSchema });

/** Electron: a file dropped from the OS file manager, by its real path. */
export const importPathRequestSchema = z.strictObject({
  projectPath: hostPath,
  path: hostPath,
  /** true: copy into the project's `data/` folder; false: read it in place (the node keeps the absolute path). */
  copy: z.boolean(),
});
export type ImportPathRequest = z.infer<typeof importPathRequestSchema>;

// ---------------------------------------------------------------------------------------------------
// Projects

export const newProjectRequestSchema = z.strictObject({
  /** Folder name in the workspace (made unique: "Houses", "Houses 2"…). */
  name: z.string().min(1).max(200),
});
export const openProjectRequestSchema = z.strictObject({
  /** The project folder (or its project.modelwright.json). Electron: omit to show the open dialog. */
  path: hostPath.optional(),
});
export const saveProjectRequestSchema = z.strictObject({ projectPath: hostPath, graph: graphSchema });
export const saveProjectAsRequestSchema = z.strictObject({
  /** The project being saved (its data/ folder is copied along), if any. */
  fromPath: hostPath.optional(),
  graph: graphSchema,
  /** A new project name in the workspace (browser mode) … */
  name: z.string().min(1).max(200).optional(),
  /** … or a target folder (Electron, after the save dialog). With neither, Electron shows the dialog. */
  path: hostPath.optional(),
});
export type SaveProjectAsRequest = z.infer<typeof saveProjectAsRequestSchema>;

export const autosaveRequestSchema = z.strictObject({ projectPath: hostPath, graph: graphSchema });
export const autosaveResponseSchema = z.strictObject({ savedAt: isoTime });
export const projectPathRequestSchema = z.strictObject({ projectPath: hostPath });
export const restoreAutosaveResponseSchema = z.strictObject({ graph: graphSchema, savedAt: isoTime });

export const exampleInfoSchema = z.strictObject({
  id: z.string().min(1).max(100),
  title: z.string(),
  description: z.string(),
});
export type ExampleInfo = z.infer<typeof exampleInfoSchema>;
export const openExampleRequestSchema = z.strictObject({ id: z.string().min(1).max(100) });

// ---------------------------------------------------------------------------------------------------
// Queries (issue 7): plain-text questions about the data, the model, or edits to the graph

/** Longest text accepted on the wire; the parser itself refuses more than QUERY_MAX_CHARS with a coded reading. */
export const MAX_QUESTION_CHARS = 20_000;

export const askRequestSchema = z.strictObject({
  /** The graph as it is on the canvas now (edits are planned against it). */
  graph: graphSchema,
  /** The project folder: relative data paths resolve against it, and the question is added to its history. */
  projectPath: hostPath.optional(),
  text: z.string().max(MAX_QUESTION_CHARS),
  /** Ask about this node's table (the selected node) rather than the graph's data source. */
  nodeId: z.string().min(1).max(200).optional(),
  /** false: do not add the question to the project's history (default: add it). */
  record: z.boolean().optional(),
});
export type AskRequest = z.infer<typeof askRequestSchema>;

/** Which table a data question was answered over. */
export const askDataSchema = z.strictObject({
  nodeId: z.string().max(200),
  /** The node's label or title, e.g. "houses.csv". */
  label: z.string().max(500),
  rows: z.number().int().nonnegative(),
  /** The table comes from the latest run of a graph that has changed since. */
  stale: z.boolean(),
});
export type AskData = z.infer<typeof askDataSchema>;

/**
 * What a question gave: always how it was read (`intent`); then an answer (data, model and what-if
 * questions), a graph edit for the renderer to apply as one undoable command (build and edit questions),
 * or the coded reason there is no answer (no model yet, a value of the wrong type…).
 */
export const askResponseSchema = z.strictObject({
  intent: intentSchema,
  answer: answerSchema.optional(),
  edit: graphEditSchema.optional(),
  error: errorInfoSchema.optional(),
  data: askDataSchema.optional(),
  /** The history entry the question was recorded as. */
  entry: queryHistoryEntrySchema.optional(),
});
export type AskResponse = z.infer<typeof askResponseSchema>;

export const pinQueryRequestSchema = z.strictObject({
  projectPath: hostPath,
  id: z.string().min(1).max(100),
  pinned: z.boolean(),
  /** The answer to keep with the entry (pinning); dropped when unpinning. */
  answer: pinnedAnswerSchema.optional(),
});
export type PinQueryRequest = z.infer<typeof pinQueryRequestSchema>;

// ---------------------------------------------------------------------------------------------------
// The method table: one generic dispatcher validates both directions from it in every host.

export const hostMethods = {
  getInfo: { request: noRequest, response: hostInfoSchema },

  run: { request: runRequestSchema, response: runStartedSchema },
  cancel: { request: cancelRequestSchema, response: noResponse },

  inspectFile: { request: inspectFileRequestSchema, response: dataFileSummarySchema },
  beginImport: { request: beginImportRequestSchema, response: beginImportResponseSchema },
  importChunk: { request: importChunkRequestSchema, response: importChunkResponseSchema },
  finishImport: { request: finishImportRequestSchema, response: dataFileSummarySchema },
  abortImport: { request: abortImportRequestSchema, response: noResponse },
  importPath: { request: importPathRequestSchema, response: dataFileSummarySchema },

  newProject: { request: newProjectRequestSchema, response: openedProjectSchema },
  openProject: { request: openProjectRequestSchema, response: openedProjectSchema },
  saveProject: { request: saveProjectRequestSchema, response: projectRefSchema },
  saveProjectAs: { request: saveProjectAsRequestSchema, response: projectRefSchema },
  listRecentProjects: { request: noRequest, response: z.array(recentProjectSchema) },
  listProjects: { request: noRequest, response: z.array(projectRefSchema) },
  autosave: { request: autosaveRequestSchema, response: autosaveResponseSchema },
  checkRecovery: { request: projectPathRequestSchema, response: recoveryInfoSchema },
  restoreAutosave: { request: projectPathRequestSchema, response: restoreAutosaveResponseSchema },
  discardAutosave: { request: projectPathRequestSchema, response: noResponse },

  listExamples: { request: noRequest, response: z.array(exampleInfoSchema) },
  openExample: { request: openExampleRequestSchema, response: openedProjectSchema },

  ask: { request: askRequestSchema, response: askResponseSchema },
  listQueries: { request: projectPathRequestSchema, response: z.array(queryHistoryEntrySchema) },
  pinQuery: { request: pinQueryRequestSchema, response: z.array(queryHistoryEntrySchema) },

  // The run store (issue 8): engine/runstore/schema.ts
  ...runStoreHostMethods,

  // Reports (issue 6): engine/report/contract.ts
  ...reportHostMethods,
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type HostMethod = keyof typeof hostMethods;
export const hostMethodNames = Object.keys(hostMethods) as HostMethod[];
export type HostRequest<M extends HostMethod> = z.infer<(typeof hostMethods)[M]['request']>;
export type HostResponse<M extends HostMethod> = z.infer<(typeof hostMethods)[M]['response']>;

export function isHostMethod(name: unknown): name is HostMethod {
  return typeof name === 'string' && Object.hasOwn(hostMethods, name);
}

/**
 * The renderer's view of the host. Each call rejects with an error carrying an ErrorInfo
 * (see `HostError`); run progress arrives through `onEvent`.
 */
export interface HostApi {
  /** Version, mode, backend in use and the workspace folder. */
  getInfo(): Promise<HostInfo>;

  /** Starts a run of the graph (or up to one node) in the engine worker; events follow on `onEvent`. */
  run(request: RunRequest): Promise<RunStarted>;
  /** Cancels a run; it ends with a `run-finished` event of status `cancelled`. Unknown ids are ignored. */
  cancel(request: CancelRequest): Promise<void>;
  /** Subscribes to every run's events; returns the unsubscribe function. */
  onEvent(listener: (event: RunEvent) => void): () => void;

  /** Reads a CSV and summarises it (schema, column statistics, first rows) without adding it anywhere. */
  inspectFile(request: InspectFileRequest): Promise<DataFileSummary>;
  /** Browser mode upload, step 1: announces a file; returns the id the chunks refer to. */
  beginImport(request: BeginImportRequest): Promise<HostResponse<'beginImport'>>;
  /** Step 2, repeated: appends bytes (in order); returns the bytes received so far, for a progress bar. */
  importChunk(request: ImportChunkRequest): Promise<HostResponse<'importChunk'>>;
  /** Step 3: checks the size, moves the file into the project's `data/` folder and summarises it. */
  finishImport(request: HostRequest<'finishImport'>): Promise<DataFileSummary>;
  /** Drops an unfinished upload and its temp file. */
  abortImport(request: HostRequest<'abortImport'>): Promise<void>;
  /** Electron: imports a file by its real path (copied into `data/`, or read in place). */
  importPath(request: ImportPathRequest): Promise<DataFileSummary>;

  /** Creates a project folder in the workspace with an empty graph. */
  newProject(request: HostRequest<'newProject'>): Promise<OpenedProject>;
  /** Opens a project folder; a damaged project file fails with MW_PROJECT_CORRUPT and nothing is written. */
  openProject(request: HostRequest<'openProject'>): Promise<OpenedProject>;
  /** Writes the graph atomically and clears the autosave. */
  saveProject(request: HostRequest<'saveProject'>): Promise<ProjectRef>;
  /** Saves under a new name or folder, copying the data/ folder along; the new project becomes current. */
  saveProjectAs(request: SaveProjectAsRequest): Promise<ProjectRef>;
  /** Recently opened projects, most recent first (missing folders dropped). */
  listRecentProjects(): Promise<RecentProject[]>;
  /** Projects in the workspace folder, by name. */
  listProjects(): Promise<ProjectRef[]>;
  /** Writes the crash-recovery backup; call it within 2 s of an edit (debounced). */
  autosave(request: HostRequest<'autosave'>): Promise<HostResponse<'autosave'>>;
  checkRecovery(request: HostRequest<'checkRecovery'>): Promise<RecoveryInfo>;
  /** Returns the autosaved graph (the backup stays until the project is saved or it is discarded). */
  restoreAutosave(request: HostRequest<'restoreAutosave'>): Promise<HostResponse<'restoreAutosave'>>;
  discardAutosave(request: HostRequest<'discardAutosave'>): Promise<void>;

  /** Example projects (iris classification, houses regression). */
  listExamples(): Promise<ExampleInfo[]>;
  /** Copies an example's graph and CSVs into a new workspace project and opens it. */
  openExample(request: HostRequest<'openExample'>): Promise<OpenedProject>;

  /**
   * Reads a plain-text question against the graph's data, its latest trained model, or the graph itself,
   * and answers it (in the engine worker; the text is only ever read, never executed). Recorded in the
   * project's query history unless `record` is false.
   */
  ask(request: AskRequest): Promise<AskResponse>;
  /** The project's query history, most recent first. */
  listQueries(request: HostRequest<'listQueries'>): Promise<HostResponse<'listQueries'>>;
  /** Pins (with its answer) or unpins a history entry; returns the updated history. */
  pinQuery(request: PinQueryRequest): Promise<HostResponse<'pinQuery'>>;

  /** Whether the project's run store can be written, read only or not at all, and why; runs marked interrupted at open. */
  runStoreState(request: HostRequest<'runStoreState'>): Promise<HostResponse<'runStoreState'>>;
  /** The runs table: filtered, sorted and paged in the run store (indexed queries). */
  listRuns(request: HostRequest<'listRuns'>): Promise<HostResponse<'listRuns'>>;
  /** Everything recorded about one run (graph, params, metrics, history, artifacts and whether they still exist). */
  getRun(request: HostRequest<'getRun'>): Promise<HostResponse<'getRun'>>;
  /** 2–10 runs side by side: parameters that differ, metrics with deltas, training curves to overlay. */
  compareRuns(request: HostRequest<'compareRuns'>): Promise<HostResponse<'compareRuns'>>;
  setRunNotes(request: HostRequest<'setRunNotes'>): Promise<void>;
  /** Replaces a run's tags. */
  setRunTags(request: HostRequest<'setRunTags'>): Promise<void>;
  /** The graph exactly as it was when the run started (the renderer replaces the canvas with it as one undoable edit). */
  restoreGraph(request: HostRequest<'restoreGraph'>): Promise<HostResponse<'restoreGraph'>>;
  /** Makes the run's model the project's champion (the previous one is retired; history is kept). */
  promoteRun(request: HostRequest<'promoteRun'>): Promise<HostResponse<'promoteRun'>>;
  getChampion(request: HostRequest<'getChampion'>): Promise<HostResponse<'getChampion'>>;
  /** Writes the run as an MLflow run directory (`mlruns` layout; docs/mlops.md). */
  exportRunMlflow(request: HostRequest<'exportRunMlflow'>): Promise<HostResponse<'exportRunMlflow'>>;

  /**
   * Runs the graph up to its Report node (adding one after Evaluate when it has none; after a run every
   * step is a cache hit) and returns the report as self-contained, script-free HTML to preview.
   */
  previewReport(request: PreviewReportRequest): Promise<PreviewReportResponse>;
  /**
   * Writes the report (HTML, its companion CSVs and, for 'pdf', the PDF) inside the project, by default to
   * `<project>/reports/<title>.html`. Electron asks where with a save dialog instead.
   */
  exportReport(request: ExportReportRequest): Promise<ExportReportResponse>;
}

/** The request/response methods of HostApi (everything but `onEvent`), checked against `hostMethods`. */
export type HostCalls = Omit<HostApi, 'onEvent'>;
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type TableCall<M extends HostMethod> = (typeof hostMethods)[M]['request'] extends z.ZodVoid ? () => Promise<HostResponse<M>> : (request: HostRequest<M>) => Promise<HostResponse<M>>;
type Agrees<M extends HostMethod> = Exact<Parameters<HostCalls[M]>, Parameters<TableCall<M>>> extends true
  ? Exact<Awaited<ReturnType<HostCalls[M]>>, Awaited<ReturnType<TableCall<M>>>>
  : false;
/** Methods whose interface signature disagrees with the table (never, when all agree). */
type Mismatched = Exact<keyof HostCalls, HostMethod> extends true ? { [M in HostMethod]: Agrees<M> extends true ? never : M }[HostMethod] : 'method names differ';
/** Compile-time proof that the interface and the table agree: a mismatch names the method in a type error here. */
export const contractMatchesTable: [Mismatched] extends [never] ? true : Mismatched = true;

// ---------------------------------------------------------------------------------------------------
// Wire messages (WebSocket; Electron uses the same payloads on ipcMain channels)

export const requestMessageSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  params: z.unknown().optional(),
});
export type RequestMessage = z.infer<typeof requestMessageSchema>;

export const responseMessageSchema = z.union([
  z.strictObject({ id: z.number().int().nonnegative(), result: z.unknown().optional() }),
  z.strictObject({ id: z.number().int().nonnegative().nullable(), error: errorInfoSchema }),
]);
export type ResponseMessage = z.infer<typeof responseMessageSchema>;

export const eventMessageSchema = z.strictObject({ event: z.literal('run'), data: runEventSchema });
export type EventMessage = z.infer<typeof eventMessageSchema>;

export const serverMessageSchema = z.union([eventMessageSchema, responseMessageSchema]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/**
 * What a failed HostApi call rejects with: an Error whose `info` is the coded ErrorInfo from the host
 * (or MW_HOST_DISCONNECTED / MW_IPC_BAD_PAYLOAD raised on the caller's side).
 */
export class HostError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'HostError';
    this.info = info;
  }
  get code(): ErrorInfo['code'] {
    return this.info.code;
  }
}

/** Validates a request's params for `method`; returns the parsed params or an ErrorInfo (MW_IPC_BAD_PAYLOAD). */
export function parseRequest<M extends HostMethod>(method: M, params: unknown): { ok: true; value: HostRequest<M> } | { ok: false; error: ErrorInfo } {
  const parsed = hostMethods[method].request.safeParse(params);
  if (parsed.success) return { ok: true, value: parsed.data as HostRequest<M> };
  return { ok: false, error: badPayload(`${method} request`, parsed.error) };
}

/** Validates a response for `method` (the caller checks what the host sends back, too). */
export function parseResponse<M extends HostMethod>(method: M, result: unknown): { ok: true; value: HostResponse<M> } | { ok: false; error: ErrorInfo } {
  const parsed = hostMethods[method].response.safeParse(result);
  if (parsed.success) return { ok: true, value: parsed.data as HostResponse<M> };
  return { ok: false, error: badPayload(`${method} response`, parsed.error) };
}

/** An MW_IPC_BAD_PAYLOAD ErrorInfo naming the first offending field. */
export function badPayload(what: string, error?: z.ZodError): ErrorInfo {
  const issue = error?.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  return new MwError('MW_IPC_BAD_PAYLOAD', {
    message: `The ${what} is invalid${field === '' ? '' : ` at "${field}"`}${issue === undefined ? '' : `: ${issue.message}`}.`,
    location: field === '' ? {} : { field },
  }).toInfo();
}

// ---------------------------------------------------------------------------------------------------
// Binary frames: importChunk travels as one binary WebSocket message, not base64 in JSON:
//   [u32 little-endian: header length][header: UTF-8 JSON {id, method, params without data}][data bytes]
// The receiver puts the bytes back as `params.data` and validates the whole request as usual.

export function encodeBinaryRequest(header: { id: number; method: string; params: Record<string, unknown> }, data: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const frame = new Uint8Array(4 + head.byteLength + data.byteLength);
  new DataView(frame.buffer).setUint32(0, head.byteLength, true);
  frame.set(head, 4);
  frame.set(data, 4 + head.byteLength);
  return frame;
}

/** The request carried by a binary frame (params.data = the bytes, not copied), or null if malformed. */
export function decodeBinaryRequest(frame: Uint8Array): { id: unknown; method: unknown; params: unknown } | null {
  if (frame.byteLength < 4) return null;
  const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  if (length > frame.byteLength - 4 || length > 64 * 1024) return null;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + length)));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return null;
  const { id, method, params } = header as Record<string, unknown>;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return { id, method, params };
  return { id, method, params: { ...params, data: frame.subarray(4 + length) } };
}
