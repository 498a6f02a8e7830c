/**
 * Reports end to end, as a user makes them: `modelwright report <example> --pdf` on the houses (regression)
 * and breast-cancer (classification, with a Predict node) examples. Checks the HTML opens in Chromium with
 * every request refused and needs none, that the PDF has pages, and turns the PDF into PNG pages with
 * `pdftoppm` (poppler-utils) for a reviewer: test-results/e2e/report-pdf--<example>-<page>.png.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseGraphValue } from '../../engine/graph/load';
import type { Graph } from '../../engine/graph/schema';
import { pdfPageCount } from '../../engine/report/pdf';
import { chromiumAvailable } from '../lib/browser';
import { check, equal } from '../lib/assert';
import type { FlowContext } from '../lib/context';
import { repoRoot } from '../lib/host';
import { screenshotDir } from '../lib/screenshot';

interface Example {
  readonly name: string;
  readonly graph: string;
  readonly csv: string;
  readonly args: readonly string[];
  readonly edit?: (graph: Graph) => Graph;
}

/**
 * Predictions on the example's own CSV, so the report has its predictions section and companion CSV; the
 * Predict node feeds the example's Report node, as a user would connect it.
 */
function withPredict(graph: Graph): Graph {
  const report = graph.nodes.find((n) => n.kind === 'report');
  return {
    ...graph,
    nodes: [...graph.nodes, { id: 'predict', kind: 'predict', version: 1, params: {}, position: { x: 1680, y: 240 } }],
    edges: [
      ...graph.edges,
      { id: 'predict-model', from: { node: 'train', port: 'model' }, to: { node: 'predict', port: 'model' } },
      { id: 'predict-table', from: { node: graph.nodes[0]!.id, port: 'table' }, to: { node: 'predict', port: 'table' } },
      ...(report === undefined ? [] : [{ id: 'predict-report', from: { node: 'predict', port: 'predictions' }, to: { node: report.id, port: 'predictions' } }]),
    ],
  };
}

const examples: readonly Example[] = [
  { name: 'houses', graph: 'houses.json', csv: 'houses.csv', args: ['--audience', 'plain', '--unit', '$'] },
  { name: 'breast-cancer', graph: 'breast-cancer.json', csv: 'breast_cancer.csv', args: ['--audience', 'technical'], edit: withPredict },
];

function cli(args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/modelwright.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function flow(ctx: FlowContext): Promise<void> {
  check(chromiumAvailable(), 'Chromium is needed to print reports (set MODELWRIGHT_CHROMIUM).');
  const havePdftoppm = spawnSync('pdftoppm', ['-v']).error === undefined;
  await mkdir(screenshotDir, { recursive: true });
  for (const old of await readdir(screenshotDir)) if (old.startsWith(`${ctx.name}--`)) await rm(join(screenshotDir, old));
  const work = await mkdtemp(join(tmpdir(), 'mw-e2e-report-'));
  try {
    for (const example of examples) {
      const dir = join(work, example.name);
      await mkdir(dir, { recursive: true });
      await copyFile(join(repoRoot, 'examples', example.csv), join(dir, example.csv));
      let graph = parseGraphValue(JSON.parse(await readFile(join(repoRoot, 'examples', example.graph), 'utf8')));
      if (example.edit !== undefined) graph = example.edit(graph);
      await writeFile(join(dir, 'graph.json'), JSON.stringify(graph));

      const started = performance.now();
      const r = await cli(['report', 'graph.json', '--out', `${example.name}.html`, '--pdf', ...example.args], dir);
      equal(r.code, 0, `modelwright report ${example.name} exit code (stderr: ${r.stderr.slice(-600)})`);
      ctx.log(`${example.name}: report and PDF in ${Math.round(performance.now() - started)} ms`);

      // The PDF: a real PDF with pages.
      const pdf = await readFile(join(dir, `${example.name}.pdf`));
      equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', `${example.name}.pdf header`);
      const pages = pdfPageCount(pdf);
      check(pages >= 5, `${example.name}.pdf has ${pages} pages`);

      // The HTML in Chromium: every request refused, none attempted but the page itself.
      const html = join(dir, `${example.name}.html`);
      const tab = await (await ctx.browser()).newPage();
      const requests: string[] = [];
      tab.on('request', (request) => {
        if (request.url() !== pathToFileURL(html).href) requests.push(request.url());
      });
      await tab.route('**/*', (route) => (route.request().url() === pathToFileURL(html).href ? route.continue() : route.abort()));
      await tab.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      equal(requests.length, 0, `${example.name}.html requests (${requests.join(', ')})`);
      const sections = await tab.locator('section.section').count();
      check(sections >= 6, `${example.name}.html shows ${sections} sections`);
      const charts = await tab.locator('figure.chart svg').count();
      check(charts >= 6, `${example.name}.html draws ${charts} charts`);
      await tab.setViewportSize({ width: 1000, height: 1300 });
      await ctx.screenshot(tab, `html-${example.name}`);
      await tab.close();

      // PNG pages for a reviewer.
      if (!havePdftoppm) {
        ctx.log('pdftoppm not found (apt-get install poppler-utils): PDF pages not rendered.');
        continue;
      }
      const prefix = join(screenshotDir, `${ctx.name}--${example.name}`);
      const png = spawnSync('pdftoppm', ['-png', '-r', '80', join(dir, `${example.name}.pdf`), prefix], { encoding: 'utf8' });
      equal(png.status, 0, `pdftoppm ${example.name} (${png.stderr})`);
      const made = (await readdir(screenshotDir)).filter((f) => f.startsWith(`${ctx.name}--${example.name}-`) && f.endsWith('.png'));
      equal(made.length, pages, `${example.name} PNG pages`);
      ctx.log(`${example.name}: ${pages} PDF pages → ${prefix}-*.png`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
