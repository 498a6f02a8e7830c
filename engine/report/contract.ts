/**
 * HostApi methods for reports (issue 6), with their zod schemas; engine/host/contract.ts spreads
 * `reportHostMethods` into `hostMethods`.
 *
 * Both take the graph as the canvas holds it. The engine runs it up to the Report node (after a run every
 * step comes from the cache, so this is quick) — adding a Report node after the Evaluate node when the
 * graph has none — and renders the document: `previewReport` returns the self-contained HTML, which the
 * app sanitises again and draws in a shadow root (renderer/src/report/) before exporting; `exportReport`
 * writes the HTML, its companion CSV files and, for 'pdf', the PDF (browser mode: the engine worker prints
 * with playwright-core + system Chromium, inside the project only; Electron: main asks where with a save
 * dialog and prints the written HTML with `webContents.printToPDF`, electron/report-export.ts).
 *
 * Pure: zod and engine schemas only, so the renderer can import it by value.
 */
import { z } from 'zod';
import { errorInfoSchema } from '../errors';
import { graphSchema } from '../graph/schema';
import { reportSummarySchema } from './document';

const hostPath = z.string().min(1).max(4096);
const nodeId = z.string().min(1).max(200);

export const reportFormatSchema = z.enum(['html', 'pdf']);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

export const previewReportRequestSchema = z.strictObject({
  graph: graphSchema,
  /** The project folder (relative data paths resolve against it). */
  projectPath: hostPath.optional(),
  /** The Report node; omitted: the graph's first Report node, or one added after its Evaluate node. */
  nodeId: nodeId.optional(),
});
export type PreviewReportRequest = z.infer<typeof previewReportRequestSchema>;

/** Largest HTML a preview returns (charts are inline SVG; a report is typically 0.2–2 MB). */
export const MAX_REPORT_HTML = 64 * 1024 * 1024;

export const previewReportResponseSchema = z.strictObject({
  /** The run that (re)built the report; its events arrived on `onEvent` like any run's. */
  runId: z.string().min(1).max(100),
  nodeId,
  /** True when the graph had no Report node and one was added for the export. */
  added: z.boolean(),
  summary: reportSummarySchema,
  /** The report as one self-contained HTML document (no script, no network requests). */
  html: z.string().max(MAX_REPORT_HTML),
});
export type PreviewReportResponse = z.infer<typeof previewReportResponseSchema>;

export const exportReportRequestSchema = previewReportRequestSchema.extend({
  format: reportFormatSchema,
  /**
   * The HTML (or PDF) file to write; its name is sanitised. Electron: the path from the save dialog.
   * Omitted: `<project>/reports/<title>.html` (a project is then required).
   */
  path: hostPath.optional(),
});
export type ExportReportRequest = z.infer<typeof exportReportRequestSchema>;

const writtenFileSchema = z.strictObject({ path: hostPath, bytes: z.number().int().nonnegative(), sha256: z.string().length(64) });

export const exportReportResponseSchema = z.strictObject({
  runId: z.string().min(1).max(100),
  /** The HTML is always written, also for 'pdf' (the PDF is printed from it). */
  html: writtenFileSchema,
  pdf: writtenFileSchema.nullable(),
  /** Why the PDF is missing when 'pdf' was asked for: MW_PDF_NO_CHROMIUM or MW_PDF_FAILED. */
  pdfError: errorInfoSchema.nullable(),
  attachments: z.array(writtenFileSchema.extend({ rows: z.number().int().nonnegative() })),
});
export type ExportReportResponse = z.infer<typeof exportReportResponseSchema>;

/** The entries to add to `hostMethods`. */
export const reportHostMethods = {
  previewReport: { request: previewReportRequestSchema, response: previewReportResponseSchema },
  exportReport: { request: exportReportRequestSchema, response: exportReportResponseSchema },
} as const;
