/**
 * The desktop's PdfPrinter (engine/report/pdf.ts): the report's HTML in a hidden window, printed with
 * `webContents.printToPDF` — the same Chromium print pipeline browser mode and the CLI reach through
 * playwright-core, so the PDF matches the preview. The window is sandboxed with JavaScript off (the report
 * has none), lives in its own in-memory session whose every request but the report file is cancelled,
 * and is destroyed after each print. Electron comes in as a parameter (main passes its BrowserWindow and
 * session), so this file is unit-tested with fakes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';
import { MwError } from '../engine/errors';
import { footerTemplate, type PdfPrinter } from '../engine/report/pdf';

/** The print window's session: in memory (no `persist:`), shared with nothing the app shows. */
export const PRINT_PARTITION = 'modelwright-report-print';
/** A page that has not loaded by then is given up on (MW_PDF_FAILED). */
export const PRINT_TIMEOUT_MS = 60_000;

export interface PrintWindow {
  loadFile(path: string): Promise<void>;
  readonly webContents: { printToPDF(options: PrintToPDFOptions): Promise<Uint8Array> };
  destroy(): void;
  isDestroyed(): boolean;
}

export interface PrintSession {
  readonly webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
  };
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
}

/** What the printer needs of Electron: main passes `{ BrowserWindow, session }`. */
export interface PrintElectron {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => PrintWindow;
  readonly session: { fromPartition(partition: string): PrintSession };
}

/** The hidden print window: no script, no Node, sandboxed, its own session. */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 900,
    height: 1200,
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      images: true,
      spellcheck: false,
      devTools: false,
      partition: PRINT_PARTITION,
    },
  };
}

const MM_PER_INCH = 25.4;

/** The same page as browser mode prints (engine/report/pdf.ts): A4, backgrounds, 15–18 mm margins, a footer. */
export function printOptions(title: string): PrintToPDFOptions {
  return {
    pageSize: 'A4',
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: footerTemplate(title),
    margins: { top: 16 / MM_PER_INCH, bottom: 18 / MM_PER_INCH, left: 15 / MM_PER_INCH, right: 15 / MM_PER_INCH },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function electronPdfPrinter(electron: PrintElectron, timeoutMs = PRINT_TIMEOUT_MS): PdfPrinter {
  let guarded: PrintSession | null = null;
  /** The report files being printed: the only URLs the print session loads. */
  const allowed = new Set<string>();
  return {
    async print(html, options) {
      // A data: URL would cap the report at Chromium's 2 MB URL limit: load it from a private temp file.
      const dir = await mkdtemp(join(tmpdir(), 'mw-print-'));
      const file = join(dir, 'report.html');
      const url = pathToFileURL(file).href;
      let window: PrintWindow | null = null;
      try {
        await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
        if (guarded === null) {
          guarded = electron.session.fromPartition(PRINT_PARTITION);
          // The report needs nothing from anywhere (its own CSP says so too): refuse every other request.
          guarded.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !allowed.has(details.url) }));
          guarded.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
        }
        allowed.add(url);
        window = new electron.BrowserWindow(printWindowOptions());
        await withTimeout(window.loadFile(file), timeoutMs, 'Loading the report');
        return new Uint8Array(await withTimeout(window.webContents.printToPDF(printOptions(options.title)), timeoutMs, 'Printing the report'));
      } catch (thrown) {
        throw new MwError('MW_PDF_FAILED', { message: `The report could not be printed: ${thrown instanceof Error ? thrown.message : String(thrown)}`, cause: thrown });
      } finally {
        allowed.delete(url);
        if (window !== null && !window.isDestroyed()) window.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
