import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeFileAccess } from '../io/node-files';
import { CHROMIUM_ENV_VAR } from '../report/pdf';
import { examplesDir, quickExample, withoutReport } from '../report/test-support';
import type { CliIo } from './io';
import { main } from './main';

async function inProcess(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
    files: (dir) => createNodeFileAccess(dir),
    cwd,
    signal: new AbortController().signal,
    now: () => performance.now(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A project folder with the quick breast-cancer graph (no Report node) and its CSV. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mw-cli-report-'));
  copyFileSync(join(examplesDir, 'breast_cancer.csv'), join(dir, 'breast_cancer.csv'));
  writeFileSync(join(dir, 'graph.json'), JSON.stringify(withoutReport(quickExample('breast-cancer'))));
  return dir;
}

const savedChromium = process.env['MODELWRIGHT_CHROMIUM'];
afterEach(() => {
  if (savedChromium === undefined) delete process.env['MODELWRIGHT_CHROMIUM'];
  else process.env['MODELWRIGHT_CHROMIUM'] = savedChromium;
});

describe('modelwright report', () => {
  it('adds a Report node after Evaluate and writes the HTML; without Chromium --pdf says so and exits 1', async () => {
    const dir = project();
    process.env[CHROMIUM_ENV_VAR] = join(dir, 'no-chromium-here');
    const r = await inProcess(['report', 'graph.json', '--out', 'out/cancer.html', '--pdf', '--audience', 'technical'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('reporting on its Evaluate node');
    expect(r.stderr).toMatch(/error MW_PDF_NO_CHROMIUM/);
    expect(r.stdout).toContain(`Wrote ${join(dir, 'out/cancer.html')}`);
    const html = readFileSync(join(dir, 'out/cancer.html'), 'utf8');
    expect(html).toContain('<h1>Breast cancer: benign or malignant</h1>');
    expect(html).toContain('technical readers');
    expect(existsSync(join(dir, 'out/cancer.pdf'))).toBe(false);
  }, 120_000);

  it('--json reports the written files; the default file name comes from the title', async () => {
    const dir = project();
    const r = await inProcess(['report', join(dir, 'graph.json'), '--json', '--title', 'Cells: a/b test'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { status: string; html: { path: string; sha256: string }; pdf: unknown };
    expect(out.status).toBe('succeeded');
    expect(out.html.path).toBe(join(dir, 'cells-a-b-test.html'));
    expect(out.pdf).toBeNull();
  }, 120_000);

  it('exits 2 on bad usage or a graph with nothing to report on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-cli-report-'));
    writeFileSync(join(dir, 'prep.json'), readFileSync(join(examplesDir, 'houses-prep.json')));
    const none = await inProcess(['report', 'prep.json'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/error MW_REPORT_NOT_FOUND/);
    expect((await inProcess(['report'], dir)).code).toBe(2);
    expect((await inProcess(['report', 'prep.json', '--audience', 'experts'], dir)).code).toBe(2);
    expect((await inProcess(['report', 'prep.json', '--out'], dir)).code).toBe(2);
    expect((await inProcess(['--help'], dir)).stdout).toContain('modelwright report <graph.json>');
  });
});
