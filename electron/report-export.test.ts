import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MwError } from '../engine/errors';
import { emptyGraph, type Graph } from '../engine/graph/schema';
import type { HostCalls } from '../engine/host/contract';
import { createNodeFileAccess } from '../engine/io/node-files';
import type { ExportReportRequest, ExportReportResponse } from '../engine/report/contract';
import type { PdfPrinter } from '../engine/report/pdf';
import { defaultReportPath, htmlTitle, reportTitleOf, withReportExport, type ReportExportDeps } from './report-export';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-electron-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const graph: Graph = {
  ...emptyGraph('Houses: predict the price'),
  nodes: [{ id: 'report', kind: 'report', version: 1, params: { title: 'Q3 pricing & <risk>' }, position: { x: 0, y: 0 } }],
};
const HTML = '<!doctype html><html><head><title>Q3 pricing &amp; &lt;risk&gt;</title></head><body><p>r</p></body></html>';

/** Writes the HTML where the request says, as the engine does, and answers like it. */
async function writeLikeEngine(path: string): Promise<ExportReportResponse> {
  await writeFile(path, HTML);
  return { runId: 'r1', html: { path, bytes: HTML.length, sha256: createHash('sha256').update(HTML).digest('hex') }, pdf: null, pdfError: null, attachments: [] };
}

function harness(options: { choose?: string | null; printer?: PdfPrinter } = {}) {
  const calls: { via: 'page' | 'dialog'; request: ExportReportRequest; path?: string }[] = [];
  const dialogs: { defaultPath: string; format: string }[] = [];
  const printed: { html: string; title: string }[] = [];
  const api = {
    async exportReport(request: ExportReportRequest) {
      calls.push({ via: 'page', request });
      return writeLikeEngine(join(dir, request.path ?? 'page.html'));
    },
  } as unknown as HostCalls;
  const deps: ReportExportDeps = {
    workspace: '/home/u/Modelwright',
    async chooseReportPath(defaultPath, format) {
      dialogs.push({ defaultPath, format });
      return options.choose === undefined ? join(dir, `chosen.${format}`) : options.choose;
    },
    async exportReportTo(request, path) {
      calls.push({ via: 'dialog', request, path });
      return writeLikeEngine(path.replace(/\.pdf$/, '.html'));
    },
    printer: options.printer ?? {
      async print(html, { title }) {
        printed.push({ html, title });
        return new TextEncoder().encode('%PDF-1.7 fake');
      },
    },
    files: (folder) => createNodeFileAccess(folder),
  };
  return { exporting: withReportExport(api, deps), calls, dialogs, printed };
}

describe('desktop report export', () => {
  it('names the default file after the Report node’s title, in the project’s reports folder', () => {
    expect(reportTitleOf(graph)).toBe('Q3 pricing & <risk>');
    expect(reportTitleOf({ ...graph, nodes: [] })).toBe('Houses: predict the price');
    const request: ExportReportRequest = { graph, projectPath: '/p/Houses', format: 'pdf' };
    expect(defaultReportPath(request, '/w')).toBe('/p/Houses/reports/q3-pricing-&-risk.pdf');
    expect(defaultReportPath({ graph: { ...graph, nodes: [] }, format: 'html' }, '/w')).toBe('/w/reports/houses-predict-the-price.html');
    expect(htmlTitle(HTML)).toBe('Q3 pricing & <risk>');
  });

  it('asks where with the save dialog, has the engine write the HTML there and prints the PDF beside it', async () => {
    const { exporting, calls, dialogs, printed } = harness();
    const response = await exporting.exportReport({ graph, projectPath: '/p/Houses', format: 'pdf' });
    expect(dialogs).toEqual([{ defaultPath: '/p/Houses/reports/q3-pricing-&-risk.pdf', format: 'pdf' }]);
    // The engine is asked for the HTML only; main prints.
    expect(calls).toEqual([{ via: 'dialog', request: { graph, projectPath: '/p/Houses', format: 'html' }, path: join(dir, 'chosen.pdf') }]);
    expect(printed).toEqual([{ html: HTML, title: 'Q3 pricing & <risk>' }]);
    const pdfPath = join(dir, 'chosen.pdf');
    expect(response.html.path).toBe(join(dir, 'chosen.html'));
    expect(response.pdf).toEqual({ path: pdfPath, bytes: 13, sha256: createHash('sha256').update('%PDF-1.7 fake').digest('hex') });
    expect(response.pdfError).toBeNull();
    expect(await readFile(pdfPath, 'utf8')).toBe('%PDF-1.7 fake');
  });

  it('exports HTML without printing, and a closed dialog is MW_DIALOG_CANCELLED with nothing written', async () => {
    const html = harness();
    const response = await html.exporting.exportReport({ graph, projectPath: '/p', format: 'html' });
    expect(response.pdf).toBeNull();
    expect(html.printed).toEqual([]);
    const cancelled = harness({ choose: null });
    await expect(cancelled.exporting.exportReport({ graph, projectPath: '/p', format: 'pdf' })).rejects.toMatchObject({ code: 'MW_DIALOG_CANCELLED' });
    expect(cancelled.calls).toEqual([]);
  });

  it('a path from the page goes to the host service (which keeps it inside the project), no dialog', async () => {
    const { exporting, calls, dialogs } = harness();
    await exporting.exportReport({ graph, projectPath: '/p', format: 'pdf', path: 'page.html' });
    expect(dialogs).toEqual([]);
    expect(calls.map((c) => [c.via, c.request.format])).toEqual([['page', 'html']]);
    expect(existsSync(join(dir, 'page.pdf'))).toBe(true);
  });

  it('a PDF that cannot be printed leaves the HTML and says why', async () => {
    const failing: PdfPrinter = {
      async print() {
        throw new MwError('MW_PDF_FAILED', { message: 'The report could not be printed: gone' });
      },
    };
    const { exporting } = harness({ printer: failing });
    const response = await exporting.exportReport({ graph, projectPath: '/p', format: 'pdf' });
    expect(response.pdf).toBeNull();
    expect(response.pdfError?.code).toBe('MW_PDF_FAILED');
    expect(existsSync(response.html.path)).toBe(true);
    expect(existsSync(join(dir, 'chosen.pdf'))).toBe(false);
  });
});
