/**
 * The engine's public API: graphs and their compiler, the executor, the node registry, tables and CSV,
 * the error catalog, the host contract and the run store. Named exports only (CONVENTIONS.md). Larger
 * areas keep their own index of named exports: ml/train, ml/metrics, ml/trees, ml/backend, ml/model-files,
 * report, query, export/tinyml, charts, data/csv.
 *
 * renderer/ must not import this file (it pulls in TensorFlow.js and Node); it imports the pure modules
 * allow-listed in eslint.config.js directly.
 */
export { MODELWRIGHT_VERSION } from './version';
export {
  catalogEntry,
  errorCodes,
  errorCodeSchema,
  errorInfoSchema,
  isMwError,
  MwError,
  toErrorInfo,
  type ErrorCode,
  type ErrorInfo,
  type ErrorLocation,
} from './errors';

export { emptyGraph, GRAPH_FORMAT, GRAPH_VERSION, graphSchema, type Graph, type GraphEdge, type GraphNode, type PortRef } from './graph/schema';
export { parseGraphText, parseGraphValue, serializeGraph } from './graph/load';
export { compile, validateParams, type CompileOptions, type CompileResult, type Plan, type PlanStep, type SpecLookup } from './graph/compile';

export { defineSpec, nodeCategories, type NodeCategory, type NodeSpec } from './nodes/spec';
export { defineNode, type NodeDefinition } from './nodes/node';
export { nodeSpecs, specForKind, type NodeKind } from './nodes/specs';
export { definitionForKind, nodeDefinitions } from './nodes/registry';
export { optionalInput, portValue, requireInput, type NodeInputs, type NodeOutputs, type PortValue } from './nodes/values';

export { executePlan, type RunOptions, type RunResult } from './run/executor';
export { loadGraphFile, runGraph, type RunGraphOptions, type RunGraphResult, type RunRecorder } from './run/run-graph';
export { runEventSchema, type RunEvent, type RunStatus, type StepStatus } from './run/events';
export { checkCancelled, type ExecContext } from './run/context';
export { createLruCache, type OutputCache } from './run/cache';
export { summarize, summarizeTable, type PortSummary, type TableSummary } from './run/summaries';

export { allRows, getColumn, Partition, type CategoricalColumn, type Column, type ColumnRole, type ColumnType, type NumericColumn, type Table } from './data/table';
export { readCsv, readCsvText, type CsvOptions, type CsvResult } from './data/csv/index';
export type { FileAccess, FileInfo } from './io/files';
export { createNodeFileAccess } from './io/node-files';

export type { ModelBundle } from './ml/model';
export type { Predictions } from './ml/predictions';

export type { HostApi } from './host/contract';
export type { DesktopHostApi } from './host/desktop-contract';
export { createHostService, type HostService, type HostServiceOptions } from './host/service';
export { RunStore, type OpenRunStoreOptions } from './runstore/store';
export { createRunRecorder, type RunRecorderOptions } from './runstore/recorder';
