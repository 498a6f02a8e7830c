/**
 * Writes a report to disk: the HTML file, its companion CSV files beside it, and optionally the PDF.
 * Shared by the CLI (`modelwright report`), the Report node (into the run's artifacts folder) and the
 * hosts' `exportReport`. When the PDF cannot be printed the HTML is still written and the coded error is
 * returned, not thrown.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { FileAccess } from '../io/files';
import type { ReportDocument } from './document';
import { attachmentFileName, renderReportHtml } from './html';
import type { PdfPrinter } from './pdf';
import { safeFileName } from './sanitize';

export interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ReportExport {
  readonly html: WrittenFile;
  readonly pdf: WrittenFile | null;
  /** Why the PDF is missing when one was asked for (MW_PDF_NO_CHROMIUM, MW_PDF_FAILED). */
  readonly pdfError: ErrorInfo | null;
  readonly attachments: readonly (WrittenFile & { readonly rows: number })[];
}

export interface ExportOptions {
  /** Where the HTML goes; its file name is sanitised, its folder is taken as given. */
  readonly htmlPath: string;
  /** Print a PDF beside the HTML (same name, .pdf) with this printer. */
  readonly printer?: PdfPrinter;
  readonly files: FileAccess;
}

function digest(data: string | Uint8Array): { bytes: number; sha256: string } {
  const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { bytes: buffer.byteLength, sha256: createHash('sha256').update(buffer).digest('hex') };
}

/** The HTML path with a safe file name and an .html extension. */
export function reportHtmlPath(path: string): string {
  const ext = extname(path).toLowerCase();
  const name = safeFileName(basename(path), 'report.html');
  const withExt = ext === '.html' || ext === '.htm' ? name : `${name}.html`;
  return join(dirname(path), withExt);
}

export async function exportReport(doc: ReportDocument, options: ExportOptions): Promise<ReportExport> {
  const htmlPath = reportHtmlPath(options.htmlPath);
  const folder = dirname(htmlPath);
  const stem = basename(htmlPath).replace(/\.html?$/i, '');
  await options.files.mkdirp(folder);
  const html = renderReportHtml(doc, { fileStem: stem });
  await options.files.writeAtomic(htmlPath, html);
  const attachments: (WrittenFile & { rows: number })[] = [];
  for (const a of doc.attachments) {
    const path = join(folder, attachmentFileName(stem, a.suffix));
    await options.files.writeAtomic(path, a.content);
    attachments.push({ path, rows: a.rows, ...digest(a.content) });
  }
  let pdf: WrittenFile | null = null;
  let pdfError: ErrorInfo | null = null;
  if (options.printer !== undefined) {
    try {
      const bytes = await options.printer.print(html, { title: doc.title });
      const path = join(folder, `${stem}.pdf`);
      await options.files.writeAtomic(path, bytes);
      pdf = { path, ...digest(bytes) };
    } catch (thrown) {
      pdfError = toErrorInfo(thrown);
    }
  }
  return { html: { path: htmlPath, ...digest(html) }, pdf, pdfError, attachments };
}
