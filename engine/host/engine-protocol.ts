/**
 * Messages between a host and its engine worker (worker_threads here; Electron's utilityProcess later
 * carries the same messages). Both ends are our own code in one trust domain, so these are plain types;
 * the untrusted boundary (renderer ↔ host) is validated by contract.ts.
 */
import type { ErrorInfo } from '../errors';
import type { Graph } from '../graph/schema';
import type { RunEvent } from '../run/events';
import type { AskResponse, DataFileSummary } from './contract';
import type { ExportReportResponse, PreviewReportResponse, ReportFormat } from '../report/contract';

export interface EngineRunRequest {
  readonly runId: string;
  readonly graph: Graph;
  /** Folder that relative file paths resolve against (the project folder). */
  readonly baseDir: string;
  readonly upTo?: string;
}

export interface EngineInspectRequest {
  /** As given by the caller; absolute or relative to baseDir. */
  readonly path: string;
  readonly baseDir: string;
}

export interface EngineAskRequest {
  readonly graph: Graph;
  readonly baseDir: string;
  readonly text: string;
  readonly nodeId?: string;
  /** ISO date (the host's clock), to read years as ages. */
  readonly today?: string;
}

/** The engine's answer; the host adds the history entry. */
export type EngineAskResult = Omit<AskResponse, 'entry'>;

/** Build a report: a run up to the Report node (its events are the run `runId`'s), then render it. */
export interface EngineReportRequest {
  readonly runId: string;
  readonly graph: Graph;
  readonly baseDir: string;
  /** The Report node; omitted: the graph's first, or one added after its Evaluate node. */
  readonly nodeId?: string;
}

export interface EngineExportReportRequest extends EngineReportRequest {
  readonly format: ReportFormat;
  /** The HTML (or PDF) file to write, absolute; omitted: `<projectPath>/reports/<title>.html`. */
  readonly path?: string;
  readonly projectPath?: string;
}

export type ToEngine =
  | { readonly type: 'run'; readonly request: EngineRunRequest }
  | { readonly type: 'cancel'; readonly runId: string }
  | { readonly type: 'inspect'; readonly requestId: number; readonly request: EngineInspectRequest }
  | { readonly type: 'ask'; readonly requestId: number; readonly request: EngineAskRequest }
  | { readonly type: 'preview-report'; readonly requestId: number; readonly request: EngineReportRequest }
  | { readonly type: 'export-report'; readonly requestId: number; readonly request: EngineExportReportRequest }
  /** Test hook: makes the worker die at once, as a native crash or out-of-memory would. */
  | { readonly type: 'crash' };

export type FromEngine =
  | { readonly type: 'ready' }
  | { readonly type: 'event'; readonly event: RunEvent }
  /** The run is over (always after its run-finished event); `backend` is the TensorFlow.js backend it used, if any. */
  | { readonly type: 'run-done'; readonly runId: string; readonly backend: string | null }
  | { readonly type: 'inspect-result'; readonly requestId: number; readonly result: DataFileSummary }
  | { readonly type: 'inspect-error'; readonly requestId: number; readonly error: ErrorInfo }
  | { readonly type: 'ask-result'; readonly requestId: number; readonly result: EngineAskResult }
  | { readonly type: 'ask-error'; readonly requestId: number; readonly error: ErrorInfo }
  | { readonly type: 'preview-report-result'; readonly requestId: number; readonly result: PreviewReportResponse }
  | { readonly type: 'export-report-result'; readonly requestId: number; readonly result: ExportReportResponse }
  /** A report request failed; `runId` is the run it started (if it got that far, its events ended it). */
  | { readonly type: 'report-error'; readonly requestId: number; readonly runId: string; readonly error: ErrorInfo };
