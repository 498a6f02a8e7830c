import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { electronPdfPrinter, PRINT_PARTITION, printOptions, type PrintElectron, type PrintSession, type PrintWindow } from './pdf-printer';

/** Electron's BrowserWindow and session, faked: records what the printer does with them. */
function fakeElectron(behaviour: { load?: (path: string) => Promise<void>; print?: () => Promise<Uint8Array> } = {}) {
  const log = {
    windows: [] as { options: BrowserWindowConstructorOptions; loaded: string[]; html: string[]; printed: PrintToPDFOptions[]; destroyed: boolean }[],
    partitions: [] as string[],
    requestFilter: null as ((url: string) => boolean) | null,
    permission: null as boolean | null,
  };
  class FakeWindow implements PrintWindow {
    readonly record: (typeof log.windows)[number];
    readonly webContents: PrintWindow['webContents'];
    constructor(options: BrowserWindowConstructorOptions) {
      this.record = { options, loaded: [], html: [], printed: [], destroyed: false };
      log.windows.push(this.record);
      const record = this.record;
      this.webContents = {
        async printToPDF(o) {
          record.printed.push(o);
          return behaviour.print === undefined ? new TextEncoder().encode('%PDF-fake') : behaviour.print();
        },
      };
    }
    async loadFile(path: string) {
      this.record.loaded.push(path);
      this.record.html.push(readFileSync(path, 'utf8'));
      // Requests the page would make go through the session's filter.
      if (behaviour.load !== undefined) await behaviour.load(path);
    }
    destroy() {
      this.record.destroyed = true;
    }
    isDestroyed() {
      return this.record.destroyed;
    }
  }
  const ses: PrintSession = {
    webRequest: {
      onBeforeRequest(listener) {
        log.requestFilter = (url) => {
          let cancel = false;
          listener({ url }, (response) => (cancel = response.cancel === true));
          return !cancel;
        };
      },
    },
    setPermissionRequestHandler(handler) {
      handler(null, 'media', (granted) => (log.permission = granted));
    },
  };
  const electron: PrintElectron = {
    BrowserWindow: FakeWindow,
    session: {
      fromPartition(partition) {
        log.partitions.push(partition);
        return ses;
      },
    },
  };
  return { electron, log };
}

describe('desktop PDF printer', () => {
  it('prints the HTML in a hidden, script-less window of its own session and cleans up', async () => {
    let allowedDuringLoad: boolean[] = [];
    const { electron, log } = fakeElectron({
      load: async (path) => {
        allowedDuringLoad = [log.requestFilter?.(pathToFileURL(path).href) ?? false, log.requestFilter?.('https://example.com/x.png') ?? true, log.requestFilter?.('file:///etc/passwd') ?? true];
      },
    });
    const printer = electronPdfPrinter(electron);
    const bytes = await printer.print('<!doctype html><title>T</title><p>hello</p>', { title: 'Q3 & <risk>' });
    expect(new TextDecoder().decode(bytes)).toBe('%PDF-fake');
    const [window] = log.windows;
    expect(window?.options.show).toBe(false);
    expect(window?.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, partition: PRINT_PARTITION });
    expect(log.partitions).toEqual([PRINT_PARTITION]);
    expect(window?.html).toEqual(['<!doctype html><title>T</title><p>hello</p>']);
    // Only the report file itself may load; permissions are refused.
    expect(allowedDuringLoad).toEqual([true, false, false]);
    expect(log.permission).toBe(false);
    // The same page as browser mode prints: A4, backgrounds, the footer with the escaped title.
    expect(window?.printed[0]).toMatchObject({ pageSize: 'A4', printBackground: true, displayHeaderFooter: true });
    expect(window?.printed[0]?.footerTemplate).toContain('Q3 &amp; &lt;risk&gt;');
    expect(window?.destroyed).toBe(true);
    expect(existsSync(dirname(window?.loaded[0] ?? '/nonexistent/x'))).toBe(false);
    // After the print, its file is no longer allowed either.
    expect(log.requestFilter?.(pathToFileURL(window?.loaded[0] ?? '').href)).toBe(false);
  });

  it('a print that fails or hangs is MW_PDF_FAILED, and the window still goes', async () => {
    const failing = fakeElectron({ print: () => Promise.reject(new Error('printing failed')) });
    await expect(electronPdfPrinter(failing.electron).print('<p>x</p>', { title: 'T' })).rejects.toMatchObject({ code: 'MW_PDF_FAILED' });
    expect(failing.log.windows[0]?.destroyed).toBe(true);
    const hanging = fakeElectron({ load: () => new Promise<void>(() => undefined) });
    await expect(electronPdfPrinter(hanging.electron, 30).print('<p>x</p>', { title: 'T' })).rejects.toMatchObject({ code: 'MW_PDF_FAILED' });
    expect(hanging.log.windows[0]?.destroyed).toBe(true);
  });

  it('uses margins in inches equal to browser mode’s millimetres', () => {
    const margins = printOptions('T').margins;
    expect(margins?.top).toBeCloseTo(16 / 25.4, 9);
    expect(margins?.left).toBeCloseTo(15 / 25.4, 9);
  });
});
