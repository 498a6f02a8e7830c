/**
 * Exporting a report from the desktop app. The engine (a utility process) builds and writes the HTML;
 * Electron's main process prints it to PDF (webContents.printToPDF: pdf-printer.ts), because only main
 * has windows. Without a path, the user picks the file with the system save dialog; a path the page
 * names goes to the host service, which writes inside the project only. No Electron import here, so
 * this is unit-tested with fakes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MwError, toErrorInfo } from '../engine/errors';
import type { Graph } from '../engine/graph/schema';
import type { HostCalls } from '../engine/host/contract';
import type { FileAccess } from '../engine/io/files';
import type { ExportReportRequest, ExportReportResponse, ReportFormat } from '../engine/report/contract';
import type { PdfPrinter } from '../engine/report/pdf';
import { fileStemFromTitle } from '../engine/report/sanitize';

export interface ReportExportDeps {
  /** The system save dialog, starting at `defaultPath`; null when the user cancelled. */
  chooseReportPath(defaultPath: string, format: ReportFormat): Promise<string | null>;
  /** Writes the report as the engine would, to a path the user chose (HostService.exportReportTo). */
  exportReportTo(request: ExportReportRequest, path: string): Promise<ExportReportResponse>;
  readonly printer: PdfPrinter;
  /** File access for writing the PDF (atomically) in a folder. */
  files(folder: string): FileAccess;
  /** Where the dialog starts when the graph has no project: the workspace. */
  readonly workspace: string;
}

/** The title the report will carry: its Report node's, else the graph's name (as auto-wiring uses). */
export function reportTitleOf(graph: Graph, nodeId?: string): string {
  const node = graph.nodes.find((n) => (nodeId === undefined ? n.kind === 'report' : n.id === nodeId));
  const title = node?.params['title'];
  if (typeof title === 'string' && title.trim() !== '') return title.trim();
  return graph.metadata.name.trim() === '' ? 'Model report' : graph.metadata.name;
}

/** The file the save dialog proposes: `<project>/reports/<title>.<html|pdf>`. */
export function defaultReportPath(request: ExportReportRequest, workspace: string): string {
  const stem = fileStemFromTitle(reportTitleOf(request.graph, request.nodeId));
  return join(request.projectPath ?? workspace, 'reports', `${stem}.${request.format}`);
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The report's title as text, from the `<title>` the HTML renderer escaped (for the PDF footer). */
export function htmlTitle(html: string): string {
  const match = /<title>([^<]*)<\/title>/i.exec(html);
  return (match?.[1] ?? 'Report').replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * The host API with the desktop's report export: the save dialog when no path is given, and the PDF
 * printed in main from the HTML the engine wrote (same stem, `.pdf`, beside it). A PDF that cannot be
 * printed leaves the HTML written and says why in `pdfError`, as in browser mode.
 */
export function withReportExport(api: HostCalls, deps: ReportExportDeps): HostCalls {
  return {
    ...api,
    async exportReport(request) {
      let written: ExportReportResponse;
      const asHtml: ExportReportRequest = { ...request, format: 'html' };
      if (request.path === undefined) {
        const chosen = await deps.chooseReportPath(defaultReportPath(request, deps.workspace), request.format);
        if (chosen === null) throw new MwError('MW_DIALOG_CANCELLED', { message: 'No file was chosen for the report.' });
        written = await deps.exportReportTo(asHtml, chosen);
      } else {
        written = await api.exportReport(asHtml);
      }
      if (request.format !== 'pdf') return written;
      const htmlPath = written.html.path;
      const pdfPath = join(dirname(htmlPath), `${basename(htmlPath).replace(/\.html?$/i, '')}.pdf`);
      try {
        const html = await readFile(htmlPath, 'utf8');
        const bytes = await deps.printer.print(html, { title: htmlTitle(html) });
        await deps.files(dirname(pdfPath)).writeAtomic(pdfPath, bytes);
        const pdf = { path: pdfPath, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
        return { ...written, pdf, pdfError: null };
      } catch (thrown) {
        return { ...written, pdf: null, pdfError: toErrorInfo(thrown) };
      }
    },
  };
}
