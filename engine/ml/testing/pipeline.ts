/**
 * Test and benchmark support: an ExecContext that records what a node emits, and a prepared-table pipeline
 * that runs the real transform nodes (Select Columns → Split → Impute → Encode → Scale) on CSV text.
 * Not used by the app.
 */
import { readCsvText } from '../../data/csv/index';
import type { Table } from '../../data/table';
import type { ErrorInfo } from '../../errors';
import type { FileAccess } from '../../io/files';
import { encodeNode } from '../../nodes/encode/execute';
import { imputeNode } from '../../nodes/impute/execute';
import type { NodeDefinition } from '../../nodes/node';
import { scaleNode } from '../../nodes/scale/execute';
import { selectColumnsNode } from '../../nodes/select-columns/execute';
import { splitNode } from '../../nodes/split/execute';
import { portValue, requireInput, type NodeInputs, type NodeOutputs } from '../../nodes/values';
import type { ExecContext } from '../../run/context';
import type { StepEventInput } from '../../run/events';

export interface RecordingContext extends ExecContext {
  readonly events: StepEventInput[];
  readonly warnings: ErrorInfo[];
}

const noFiles: FileAccess = {
  resolve: (p) => p,
  stat: () => Promise.reject(new Error('no files in tests')),
  openRead: () => {
    throw new Error('no files in tests');
  },
  sha256: () => Promise.reject(new Error('no files in tests')),
  readText: () => Promise.reject(new Error('no files in tests')),
  writeAtomic: () => Promise.reject(new Error('no files in tests')),
  mkdirp: () => Promise.reject(new Error('no files in tests')),
  exists: () => Promise.resolve(false),
};

export function recordingContext(options: { nodeId?: string; signal?: AbortSignal; files?: FileAccess; runInfo?: Record<string, unknown> } = {}): RecordingContext {
  const events: StepEventInput[] = [];
  const warnings: ErrorInfo[] = [];
  return {
    nodeId: options.nodeId ?? 'node',
    runId: 'run',
    signal: options.signal ?? new AbortController().signal,
    files: options.files ?? noFiles,
    artifactsDir: undefined,
    emit: (e) => events.push(e),
    warn: (w) => warnings.push(w),
    now: () => performance.now(),
    runInfo: options.runInfo ?? {},
    events,
    warnings,
  };
}

/** Runs a node definition on a table input and returns its `table` output. */
export async function runTableNode(node: NodeDefinition, table: Table, params: Record<string, unknown>, nodeId: string): Promise<Table> {
  const inputs: NodeInputs = { table: portValue('Table', table) };
  const out: NodeOutputs = await node.execute(inputs, node.spec.params.parse(params) as Record<string, unknown>, recordingContext({ nodeId }));
  return requireInput(out, 'table', 'Table');
}

export interface PrepareOptions {
  readonly target: string;
  readonly ignored?: readonly string[];
  /** Split params, or null for no Split node. */
  readonly split?: { test: number; validation: number; seed?: number; stratify?: boolean } | null;
  readonly impute?: boolean;
  readonly encode?: boolean;
  readonly scale?: boolean;
}

export async function readTable(csv: string): Promise<Table> {
  return (await readCsvText(csv)).table;
}

/** Select Columns → (Split) → (Impute median) → (Encode one-hot) → (Scale standard), with the real nodes. */
export async function prepareTable(raw: Table, options: PrepareOptions): Promise<Table> {
  let table = await runTableNode(selectColumnsNode, raw, { target: options.target, ignored: [...(options.ignored ?? [])] }, 'select');
  if (options.split !== null && options.split !== undefined) table = await runTableNode(splitNode, table, { ...options.split }, 'split');
  return applyTransforms(table, options);
}

/** Impute (median) → Encode (one-hot) → Scale (standard) on a table that already has roles and partitions. */
export async function applyTransforms(table: Table, options: Pick<PrepareOptions, 'impute' | 'encode' | 'scale'>): Promise<Table> {
  let out = table;
  if (options.impute !== false) out = await runTableNode(imputeNode, out, { strategy: 'median' }, 'impute');
  if (options.encode !== false) out = await runTableNode(encodeNode, out, { method: 'one-hot', maxCategories: 1000 }, 'encode');
  if (options.scale !== false) out = await runTableNode(scaleNode, out, { method: 'standard' }, 'scale');
  return out;
}
