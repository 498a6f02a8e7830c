/** Reports (issue 6): the document model, its builder, the HTML and PDF renderers, safe exports, the host methods. */
export {
  blockSchema,
  reportDocumentSchema,
  reportSectionIds,
  reportSummarySchema,
  summarizeReport,
  type Block,
  type ReportDocument,
  type ReportSection,
  type ReportSectionId,
  type ReportSummary,
} from './document';
export { reportParams, pinnedAnswerSchema, type PinnedAnswer, type ReportParams } from './params';
export { buildReport, type ReportBuildContext, type ReportInputs } from './build';
export { renderReportHtml, attachmentFileName, type HtmlOptions } from './html';
export { chromiumPrinter, findChromium, pdfPageCount, CHROMIUM_ENV_VAR, type PdfOptions, type PdfPrinter } from './pdf';
export { exportReport, reportHtmlPath, type ExportOptions, type ReportExport, type WrittenFile } from './export';
export { csvCell, toCsv, tableToSafeCsv, type CsvValue } from './csv-export';
export { escapeHtml, safeFileName, fileStemFromTitle } from './sanitize';
export { withReportNode, type ReportWiring } from './auto-wire';
export { graphHash, lineageOf, runLineage, RUN_LINEAGE_KEY, type RunLineage } from './lineage';
export {
  exportReportRequestSchema,
  exportReportResponseSchema,
  previewReportRequestSchema,
  previewReportResponseSchema,
  reportHostMethods,
  type ExportReportRequest,
  type ExportReportResponse,
  type PreviewReportRequest,
  type PreviewReportResponse,
} from './contract';
export { buildReportFromGraph, exportReportFromGraph, previewReportFromGraph, type ReportServiceDeps } from './service';
