/**
 * HTML → PDF through Chromium's print-to-PDF, behind a small interface: browser mode and the CLI use
 * playwright-core with the system Chromium (here); Electron will implement `PdfPrinter` with
 * `webContents.printToPDF` on a hidden window. Both print the same self-contained HTML, so the PDF matches
 * what the user previewed. The page is loaded with every network request refused.
 */
import { existsSync } from 'node:fs';
import { MwError } from '../errors';
import { escapeHtml } from './sanitize';

export interface PdfOptions {
  /** Shown in the page footer beside the page number. */
  readonly title: string;
}

export interface PdfPrinter {
  /** The PDF bytes of an HTML document. */
  print(html: string, options: PdfOptions): Promise<Uint8Array>;
}

/** Environment variable naming the Chromium binary. */
export const CHROMIUM_ENV_VAR = 'MODELWRIGHT_CHROMIUM';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

/** The Chromium to print with: $MODELWRIGHT_CHROMIUM if set (and present), else a usual install path, else null. */
export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env, exists: (path: string) => boolean = existsSync): string | null {
  const forced = env[CHROMIUM_ENV_VAR];
  if (forced !== undefined && forced !== '') return exists(forced) ? forced : null;
  return CANDIDATES.find((path) => exists(path)) ?? null;
}

/** The footer Chromium prints on every page: title and "page n of m" (its template classes fill them in). */
export function footerTemplate(title: string): string {
  return (
    '<div style="font-family: system-ui, sans-serif; font-size: 8px; color: #667085; width: 100%; padding: 0 15mm; display: flex; justify-content: space-between;">' +
    `<span>${escapeHtml(title)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
  );
}

/**
 * A printer that launches Chromium headless through playwright-core for each document. Throws
 * MW_PDF_NO_CHROMIUM when no Chromium is found (callers still write the HTML).
 */
export function chromiumPrinter(executablePath: string | null = findChromium()): PdfPrinter {
  return {
    async print(html, options) {
      if (executablePath === null) throw new MwError('MW_PDF_NO_CHROMIUM');
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      });
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        const page = await context.newPage();
        // The report needs nothing from anywhere; refuse every request a stray reference could make.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: footerTemplate(options.title),
          margin: { top: '16mm', bottom: '18mm', left: '15mm', right: '15mm' },
        });
        return new Uint8Array(pdf);
      } catch (thrown) {
        throw new MwError('MW_PDF_FAILED', { message: `Chromium could not print the report: ${thrown instanceof Error ? thrown.message : String(thrown)}`, cause: thrown });
      } finally {
        await browser.close().catch(() => undefined);
      }
    },
  };
}

/** Number of pages of a PDF (counts `/Type /Page` objects; enough to check our own output). */
export function pdfPageCount(bytes: Uint8Array): number {
  const text = Buffer.from(bytes).toString('latin1');
  return (text.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}
