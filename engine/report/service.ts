/**
 * The engine side of `previewReport` and `exportReport` (./contract.ts): run the graph up to its Report node
 * with the engine's output cache (after a run, every step is a cache hit), then render or write the
 * document. engine-serve calls these with its cache, file access and event port.
 */
import { join } from 'node:path';
import { MwError, type ErrorInfo } from '../errors';
import type { Graph } from '../graph/schema';
import type { FileAccess } from '../io/files';
import type { OutputCache } from '../run/cache';
import type { RunEvent } from '../run/events';
import { runGraph } from '../run/run-graph';
import { withReportNode } from './auto-wire';
import type { ExportReportRequest, ExportReportResponse, PreviewReportResponse } from './contract';
import { summarizeReport, type ReportDocument } from './document';
import { exportReport } from './export';
import { renderReportHtml } from './html';
import type { PdfPrinter } from './pdf';
import { fileStemFromTitle } from './sanitize';

export interface ReportServiceDeps {
  /** File access rooted at the project folder. */
  readonly files: FileAccess;
  readonly cache: OutputCache;
  readonly onEvent: (event: RunEvent) => void;
  readonly signal?: AbortSignal;
  readonly runId?: string;
  readonly runInfo?: Record<string, unknown>;
}

export interface BuiltReport {
  readonly runId: string;
  readonly nodeId: string;
  readonly added: boolean;
  readonly document: ReportDocument;
}

/** Runs the graph up to its Report node (adding one if needed) and returns the document. */
export async function buildReportFromGraph(graph: Graph, nodeId: string | undefined, deps: ReportServiceDeps): Promise<BuiltReport> {
  const wiring = withReportNode(graph, nodeId === undefined ? {} : { nodeId });
  const runId = deps.runId ?? globalThis.crypto.randomUUID();
  const outcome = await runGraph(wiring.graph, {
    files: deps.files,
    cache: deps.cache,
    onEvent: deps.onEvent,
    upTo: wiring.nodeId,
    runId,
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    ...(deps.runInfo === undefined ? {} : { runInfo: deps.runInfo }),
  });
  if (!outcome.ok) throw errorFrom(outcome.errors[0] ?? new MwError('MW_REPORT_NOT_FOUND').toInfo());
  const value = outcome.result.outputs.get(wiring.nodeId)?.['report'];
  if (value?.type !== 'Report') {
    const error = outcome.result.errors.get(wiring.nodeId) ?? outcome.result.error;
    throw error === undefined ? new MwError('MW_REPORT_NOT_FOUND', { message: 'The Report node did not produce a report.' }) : errorFrom(error);
  }
  return { runId, nodeId: wiring.nodeId, added: wiring.added, document: value.value };
}

/** A step's ErrorInfo thrown again as the coded error it was. */
function errorFrom(info: ErrorInfo): MwError {
  return new MwError(info.code, { message: info.message, hint: info.hint, location: info.location, ...(info.details === undefined ? {} : { details: info.details }) });
}

export async function previewReportFromGraph(graph: Graph, nodeId: string | undefined, deps: ReportServiceDeps): Promise<PreviewReportResponse> {
  const built = await buildReportFromGraph(graph, nodeId, deps);
  const html = renderReportHtml(built.document, { fileStem: fileStemFromTitle(built.document.title) });
  return { runId: built.runId, nodeId: built.nodeId, added: built.added, summary: summarizeReport(built.document), html };
}

/**
 * Writes the report where the request says (or `<project>/reports/<title>.html`); `printer` prints the PDF
 * for format 'pdf' (browser mode: chromiumPrinter; Electron's main process prints the HTML itself).
 */
export async function exportReportFromGraph(request: ExportReportRequest, deps: ReportServiceDeps & { readonly printer?: PdfPrinter }): Promise<ExportReportResponse> {
  const built = await buildReportFromGraph(request.graph, request.nodeId, deps);
  const stem = fileStemFromTitle(built.document.title);
  let htmlPath: string;
  if (request.path !== undefined) htmlPath = request.path.replace(/\.pdf$/i, '.html');
  else if (request.projectPath !== undefined) htmlPath = join(request.projectPath, 'reports', `${stem}.html`);
  else throw new MwError('MW_IPC_BAD_PAYLOAD', { message: 'Exporting a report needs a target path or a project.', location: { field: 'path' } });
  const printer = request.format === 'pdf' ? deps.printer : undefined;
  const written = await exportReport(built.document, { htmlPath, files: deps.files, ...(printer === undefined ? {} : { printer }) });
  const pdfError = request.format === 'pdf' && printer === undefined ? new MwError('MW_PDF_NO_CHROMIUM').toInfo() : written.pdfError;
  return { runId: built.runId, html: written.html, pdf: written.pdf, pdfError, attachments: [...written.attachments] };
}
