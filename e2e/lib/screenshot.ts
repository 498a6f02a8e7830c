/** Screenshots a reviewer can look at: test-results/e2e/<flow>--<name>.png. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './host';

export const screenshotDir = join(repoRoot, 'test-results', 'e2e');

export async function screenshot(page: Page, flow: string, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${flow}--${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
