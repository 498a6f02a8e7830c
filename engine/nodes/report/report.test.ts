import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../graph/schema';
import { createNodeFileAccess } from '../../io/node-files';
import { buildRegressionResult } from '../../ml/metrics/result';
import { recordingContext } from '../../ml/testing/pipeline';
import { exportReport } from '../../report/export';
import { formatAmount } from '../../report/format';
import { renderReportHtml } from '../../report/html';
import { htmlParseErrors, resourceReferences, runReport } from '../../report/test-support';
import { portValue, requireInput } from '../values';
import { reportNode } from './execute';
import { reportSpec } from './spec';

const SCRIPT = '<script>alert(1)</script>';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

/** 80 rows: a numeric column named like markup, a category column with a formula value, a two-class target. */
function hostileCsv(): string {
  const lines = [`"${SCRIPT}",kind,y`];
  for (let i = 0; i < 80; i++) {
    const kind = i % 4 === 0 ? FORMULA : i % 4 === 1 ? 'plain' : i % 4 === 2 ? '@SUM(A1)' : '+1';
    lines.push(`${(i % 10) + (i % 2) * 3},"${kind.replace(/"/g, '""')}",${i % 2 === 0 ? 'cat' : 'dog'}`);
  }
  return `${lines.join('\n')}\n`;
}

function hostileGraph(): Graph {
  const node = (id: string, kind: string, params: Record<string, unknown> = {}) => ({ id, kind, version: 1, params, position: { x: 0, y: 0 } });
  const edge = (id: string, from: string, fromPort: string, to: string, toPort: string) => ({ id, from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
  return {
    format: 'modelwright.graph',
    version: 1,
    metadata: { name: `Hostile ${SCRIPT}` },
    nodes: [
      node('csv', 'csv-source', { path: 'hostile.csv' }),
      node('columns', 'select-columns', { target: 'y' }),
      node('split', 'split', { test: 0.3, validation: 0, stratify: true, seed: 1 }),
      node('encode', 'encode', { method: 'one-hot' }),
      node('train', 'train', { model: 'linear', epochs: 5, earlyStopping: false }),
      node('evaluate', 'evaluate', { resamples: 100 }),
      node('predict', 'predict', {}),
      node('gate', 'gate', { conditions: [{ metric: 'accuracy', op: '>=', value: 1.01 }] }),
    ],
    edges: [
      edge('e1', 'csv', 'table', 'columns', 'table'),
      edge('e2', 'columns', 'table', 'split', 'table'),
      edge('e3', 'split', 'table', 'encode', 'table'),
      edge('e4', 'encode', 'table', 'train', 'table'),
      edge('e5', 'train', 'model', 'evaluate', 'model'),
      edge('e6', 'encode', 'table', 'evaluate', 'table'),
      edge('e7', 'train', 'model', 'predict', 'model'),
      edge('e8', 'csv', 'table', 'predict', 'table'),
      edge('e9', 'train', 'model', 'gate', 'model'),
      edge('e10', 'evaluate', 'metrics', 'gate', 'metrics'),
    ],
  };
}

describe('Report node', () => {
  it('keeps a markup column name and a formula category inert in the HTML and the CSV, and flags the failed gate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-report-node-'));
    writeFileSync(join(dir, 'hostile.csv'), hostileCsv());
    const files = createNodeFileAccess(dir);
    const run = await runReport(hostileGraph(), files, { audience: 'technical', author: SCRIPT });
    const written = await exportReport(run.document, { htmlPath: join(dir, 'out', 'report.html'), files });
    const html = readFileSync(written.html.path, 'utf8');

    expect(htmlParseErrors(html)).toEqual([]);
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The formula and its URL are text only: nothing points at it.
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;');
    expect(resourceReferences(html).filter((r) => !r.startsWith('#'))).toEqual(['report-predictions.csv']);
    expect(html).not.toMatch(/\son\w+\s*=/i);

    const csv = readFileSync(join(dir, 'out', 'report-predictions.csv'), 'utf8');
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toMatch(/^<script>alert\(1\)<\/script>,kind,y,prediction,p\((cat|dog)\),p\((cat|dog)\)$/);
    expect(rows[0]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(rows[2]).toContain(`"'@SUM(A1)"`);
    expect(rows[3]).toContain(`"'+1"`);
    // No field of the CSV starts with a formula character once unquoted.
    for (const row of rows) for (const field of row.match(/("([^"]|"")*"|[^,]*)/g) ?? []) expect(field.replace(/^"/, '')).not.toMatch(/^[=+@\t\r]/);

    const summary = run.document.sections[0]!;
    expect(summary.blocks.some((b) => b.kind === 'callout' && b.title === 'The model failed its quality threshold')).toBe(true);
    expect(summary.blocks.some((b) => b.kind === 'callout' && b.title === 'Small test set')).toBe(true);
  }, 120_000);

  it('works from metrics alone (cross-validation), saying what to connect for the other sections', async () => {
    const yTrue = Float64Array.from({ length: 40 }, (_, i) => i);
    const yPred = Float64Array.from({ length: 40 }, (_, i) => i + ((i % 3) - 1) * 2);
    const fold = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const metrics = buildRegressionResult({ partitions: { cv: { yTrue, yPred, fold } }, protocol: { kind: 'cross-validation', folds: 4 }, bootstrap: { resamples: 100 } });
    const ctx = recordingContext({ nodeId: 'report' });
    const pinned = { question: 'How heavy is a <b>typical</b> parcel?', reading: 'median of weight', sentence: 'The median weight is 19.5 kg.', table: { columns: ['median'], rows: [[19.5]] } };
    const params = reportSpec.params.parse({ title: 'CV only', targetUnit: 'kg', pinnedAnswers: [pinned] });
    const out = await reportNode.execute({ metrics: portValue('Metrics', metrics) }, params, ctx);
    const doc = requireInput(out, 'report', 'Report');
    expect(doc.sections.map((s) => s.id)).toEqual(['summary', 'data', 'pipeline', 'model', 'metrics', 'answers', 'lineage']);
    const text = JSON.stringify(doc);
    expect(text).toContain('Estimated by 4-fold cross-validation over 40 rows');
    expect(text).toContain(`typically off by ${formatAmount(metrics.scores.cv!['mae']!, 'kg')}`);
    expect(text).toContain('No separate test set');
    expect(text).toContain('Connect the training table to the Report node');
    expect(text).toContain('built outside a recorded run');
    const html = renderReportHtml(doc, { fileStem: 'cv' });
    expect(htmlParseErrors(html)).toEqual([]);
    expect(html).toContain('Cross-validation (4 folds)');
    expect(html).toContain('<h4>How heavy is a &lt;b&gt;typical&lt;/b&gt; parcel?</h4>');
    expect(html).toContain('The median weight is 19.5 kg.');
  });

  it('fails with MW_REPORT_NO_METRICS when nothing is connected', async () => {
    await expect(reportNode.execute({}, reportSpec.params.parse({}), recordingContext())).rejects.toMatchObject({ code: 'MW_REPORT_NO_METRICS' });
  });
});
