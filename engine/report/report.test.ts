import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeFileAccess } from '../io/node-files';
import type { MetricsResult } from '../ml/metrics/types';
import { graphHash as storeGraphHash } from '../runstore/store';
import { reportSectionIds } from './document';
import { exportReport } from './export';
import { renderReportHtml } from './html';
import { graphHash } from './lineage';
import { chromiumPrinter, findChromium, pdfPageCount } from './pdf';
import { examplesDir, htmlParseErrors, quickExample, resourceReferences, rowValues, runReport, withPredict, type ReportRun } from './test-support';

function metricsOf(run: ReportRun): MetricsResult {
  const value = run.outputs.get('evaluate')?.['metrics'];
  if (value?.type !== 'Metrics') throw new Error('no metrics');
  return value.value;
}

describe('reports from the example graphs', () => {
  const files = createNodeFileAccess(examplesDir);
  let houses: ReportRun;
  let cancer: ReportRun;
  let housesHtml: string;
  let cancerHtml: string;

  beforeAll(async () => {
    houses = await runReport(quickExample('houses'), files, { targetUnit: '$' });
    cancer = await runReport(withPredict(quickExample('breast-cancer')), files, { audience: 'technical', intendedUse: 'Triage <b>support</b>, not diagnosis.' });
    housesHtml = renderReportHtml(houses.document, { fileStem: 'houses' });
    cancerHtml = renderReportHtml(cancer.document, { fileStem: 'cancer' });
  }, 180_000);

  it('HTML parses, references nothing on the network and has every section in order', () => {
    for (const [run, html] of [
      [houses, housesHtml],
      [cancer, cancerHtml],
    ] as const) {
      expect(htmlParseErrors(html)).toEqual([]);
      expect(resourceReferences(html).filter((r) => !r.startsWith('#'))).toEqual(run === cancer ? ['cancer-predictions.csv'] : []);
      // Stronger than "no http(s) resource": the example reports hold no URL at all.
      expect(html).not.toMatch(/https?:/i);
      expect(html.toLowerCase()).not.toContain('<script');
      expect(html).toContain("default-src 'none'");
      const ids = [...html.matchAll(/<section id="([a-z]+)"/g)].map((m) => m[1]);
      const expected = reportSectionIds.filter((id) => id !== 'answers' && (id !== 'predictions' || run === cancer));
      expect(ids).toEqual(expected);
      // Every chart was drawn.
      expect(html).not.toContain('class="chart-missing"');
    }
    expect(housesHtml.match(/<figure class="chart"/g)?.length).toBeGreaterThanOrEqual(6);
    for (const id of ['confusion-matrix', 'roc', 'precision-recall', 'calibration', 'training-curves', 'feature-importance', 'predicted-classes']) expect(cancerHtml).toContain(`id="chart-${id}"`);
    for (const id of ['predicted-vs-actual', 'residuals', 'training-curves', 'feature-importance', 'target-distribution']) expect(housesHtml).toContain(`id="chart-${id}"`);
  });

  it('shows exactly the run’s metrics, train and test side by side, with intervals', () => {
    for (const [run, html] of [
      [houses, housesHtml],
      [cancer, cancerHtml],
    ] as const) {
      const metrics = metricsOf(run);
      const table = run.document.sections.find((s) => s.id === 'metrics')?.blocks.find((b) => b.kind === 'table');
      const keys = table?.kind === 'table' ? (table.rowKeys ?? []) : [];
      expect(keys.length).toBeGreaterThanOrEqual(4);
      for (const key of keys) {
        const expected = [metrics.scores.test?.[key], metrics.scores.train?.[key]].filter((v): v is number => typeof v === 'number');
        expect(rowValues(html, 'metrics', key)).toEqual(expected);
      }
      expect(metrics.headline.ci).not.toBeNull();
      // Every shown metric with a value has a 95% interval (recomputed by the report for all but the headline).
      const rows = [...html.slice(html.indexOf('data-table="metrics"')).split('</table>')[0]!.matchAll(/<tr data-key="[^"]+">(.*?)<\/tr>/gs)];
      for (const row of rows) expect(row[1]).toMatch(/ to /);
    }
    const m = metricsOf(houses);
    const ci = m.headline.ci!;
    expect(housesHtml).toContain(`${ci.lower.toFixed(4)} to ${ci.upper.toFixed(4)}`);
    expect(housesHtml).toContain(`data-value="${m.rowCounts.test}"`);
  });

  it('summarises in plain language, in the target’s units', () => {
    const summary = houses.document.sections[0]!;
    const text = summary.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : [])).join(' ');
    const mae = metricsOf(houses).scores.test!['mae']!;
    const typical = `$${new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 }).format(mae)}`;
    expect(text).toContain(`This model predicts “price” (a number) from 6 columns`);
    expect(text).toContain(`typically off by ${typical}`);
    expect(text).toContain(`Tested on 400 rows it had not seen`);
    const cancerText = cancer.document.sections[0]!.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : [])).join(' ');
    const cm = metricsOf(cancer);
    const correct = cm.task === 'classification' ? cm.curves.confusionMatrix.reduce((n, row, i) => n + row[i]!, 0) : 0;
    expect(cancerText).toMatch(new RegExp(`the right diagnosis for ${correct} of 114 rows`));
    expect(cancerHtml).toContain('Triage &lt;b&gt;support&lt;/b&gt;, not diagnosis.');
  });

  it('records lineage: graph hash as the run store has it, SHA-256 of the data file, versions', () => {
    expect(graphHash(houses.graph)).toBe(storeGraphHash(houses.graph));
    expect(housesHtml).toContain(graphHash(houses.graph));
    const sha = createHash('sha256').update(readFileSync(join(examplesDir, 'houses.csv'))).digest('hex');
    expect(housesHtml).toContain(sha);
    expect(housesHtml).toContain('test-run');
    expect(housesHtml).toContain(`Node.js</th><td>${process.versions.node}`);
  });

  it('writes the HTML with the predictions as a companion CSV, and prints a PDF with pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-report-'));
    const chromium = findChromium();
    const written = await exportReport(cancer.document, { htmlPath: join(dir, 'Cancer report?.html'), files: createNodeFileAccess(dir), printer: chromiumPrinter(chromium) });
    expect(written.html.path).toBe(join(dir, 'Cancer report-.html'));
    expect(existsSync(written.html.path)).toBe(true);
    expect(written.attachments).toHaveLength(1);
    const csv = readFileSync(written.attachments[0]!.path, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^mean_radius,.*,diagnosis,prediction,p\((malignant|benign)\),p\((malignant|benign)\)$/);
    expect(csv.trim().split('\r\n')).toHaveLength(570);
    if (chromium === null) {
      expect(written.pdfError?.code).toBe('MW_PDF_NO_CHROMIUM');
      return;
    }
    expect(written.pdfError).toBeNull();
    const pdf = readFileSync(written.pdf!.path);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
    expect(pdfPageCount(pdf)).toBeGreaterThan(5);
  }, 60_000);

  it('without Chromium still writes the HTML and says why there is no PDF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-report-'));
    const written = await exportReport(houses.document, { htmlPath: join(dir, 'houses.html'), files: createNodeFileAccess(dir), printer: chromiumPrinter(null) });
    expect(existsSync(join(dir, 'houses.html'))).toBe(true);
    expect(written.pdf).toBeNull();
    expect(written.pdfError?.code).toBe('MW_PDF_NO_CHROMIUM');
  });
});
