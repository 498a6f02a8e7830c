/** What every flow gets: the running host, a lazily launched Chromium, screenshots, a host restart. */
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, type LaunchedBrowser } from './browser';
import { startHost, type HostProcess } from './host';
import { screenshot } from './screenshot';

export interface FlowContext {
  /** The flow's name (screenshots are prefixed with it). */
  readonly name: string;
  /** The host as currently running (a new object after restartHost). */
  readonly host: HostProcess;
  /** MODELWRIGHT_HOME of the host: a fresh temporary folder per e2e run. */
  readonly workspace: string;
  /** Chromium, launched on first use and shared by the flows of one run. */
  browser(): Promise<BrowserContext>;
  /** A new tab on the app's URL (with the token), loaded. */
  openApp(): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  /** Stops the host, waits `downMs`, starts it again on the same port and token (no rebuild). */
  restartHost(downMs?: number): Promise<void>;
  log(message: string): void;
}

export interface Harness {
  contextFor(name: string): FlowContext;
  close(): Promise<void>;
}

export async function createHarness(workspace: string): Promise<Harness> {
  let host = await startHost({ workspace, build: true });
  let browser: LaunchedBrowser | undefined;
  const getBrowser = async () => (browser ??= await launchChromium()).context;
  return {
    contextFor(name) {
      return {
        name,
        get host() {
          return host;
        },
        workspace,
        browser: getBrowser,
        async openApp() {
          const page = await (await getBrowser()).newPage();
          await page.goto(host.url, { waitUntil: 'load' });
          return page;
        },
        screenshot: (page, shot) => screenshot(page, name, shot),
        async restartHost(downMs = 0) {
          const { port, token } = host;
          await host.stop();
          if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
          host = await startHost({ workspace, port, token, build: false });
        },
        log: (message) => process.stdout.write(`    ${name}: ${message}\n`),
      };
    },
    async close() {
      await browser?.close();
      await host.stop();
    },
  };
}
