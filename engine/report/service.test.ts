import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../graph/schema';
import { createNodeFileAccess } from '../io/node-files';
import { createLruCache } from '../run/cache';
import type { RunEvent } from '../run/events';
import { withReportNode } from './auto-wire';
import { exportReportRequestSchema, exportReportResponseSchema, previewReportResponseSchema } from './contract';
import { exportReportFromGraph, previewReportFromGraph } from './service';
import { examplesDir, htmlParseErrors, quickExample, withoutReport } from './test-support';

describe('withReportNode', () => {
  it('wires a new Report node to Evaluate, its model, the Split table and Explain', () => {
    const { graph, nodeId, added } = withReportNode(withoutReport(quickExample('houses')));
    expect(added).toBe(true);
    const into = graph.edges.filter((e) => e.to.node === nodeId).map((e) => `${e.from.node}.${e.from.port}>${e.to.port}`).sort();
    expect(into).toEqual(['evaluate.metrics>metrics', 'explain.importance>importance', 'split.table>table', 'train.model>model']);
    expect(graph.nodes.find((n) => n.id === nodeId)?.params['title']).toBe('Houses: predict the price');
    // A graph that has one keeps it.
    expect(withReportNode(graph)).toMatchObject({ nodeId, added: false });
    expect(() => withReportNode(graph, { nodeId: 'split' })).toThrow(expect.objectContaining({ code: 'MW_REPORT_NOT_FOUND' }));
  });

  it('is how the examples’ own Report nodes are wired', () => {
    const wiring = (g: Graph, id: string) => g.edges.filter((e) => e.to.node === id).map((e) => `${e.id}: ${e.from.node}.${e.from.port}>${e.to.port}`).sort();
    for (const name of ['houses', 'breast-cancer'] as const) {
      const example = quickExample(name);
      const own = example.nodes.find((n) => n.kind === 'report');
      expect(own, `${name} has a Report node`).toBeDefined();
      const auto = withReportNode(withoutReport(example), { params: { title: example.metadata.name } });
      expect(auto.nodeId).toBe(own?.id);
      expect(wiring(example, own?.id ?? '')).toEqual(wiring(auto.graph, auto.nodeId));
      expect(own?.params['title']).toBe(example.metadata.name);
    }
    expect(quickExample('houses').nodes.find((n) => n.kind === 'report')?.params['targetUnit']).toBe('$');
  });
});

describe('previewReport / exportReport on the engine side', () => {
  it('previews, then exports from the cache, in the contract’s shapes', async () => {
    const files = createNodeFileAccess(examplesDir);
    const cache = createLruCache();
    const events: RunEvent[] = [];
    const graph = withoutReport(quickExample('houses'));
    const preview = await previewReportFromGraph(graph, undefined, { files, cache, onEvent: (e) => events.push(e) });
    expect(previewReportResponseSchema.parse(preview)).toEqual(preview);
    expect(preview.added).toBe(true);
    expect(preview.summary.sections.map((s) => s.id)).toEqual(['summary', 'data', 'pipeline', 'model', 'metrics', 'lineage']);
    expect(htmlParseErrors(preview.html)).toEqual([]);

    const project = mkdtempSync(join(tmpdir(), 'mw-report-project-'));
    events.length = 0;
    const request = exportReportRequestSchema.parse({ graph, projectPath: project, format: 'pdf' });
    const response = await exportReportFromGraph(request, { files, cache, onEvent: (e) => events.push(e) });
    expect(exportReportResponseSchema.parse(response)).toEqual(response);
    expect(response.html.path).toBe(join(project, 'reports', 'houses-predict-the-price.html'));
    expect(existsSync(response.html.path)).toBe(true);
    // No printer was given (Electron prints in its main process): the HTML is written, the PDF error says why.
    expect(response.pdf).toBeNull();
    expect(response.pdfError?.code).toBe('MW_PDF_NO_CHROMIUM');
    // Everything came from the cache the preview filled.
    const finished = events.filter((e) => e.type === 'step-finished');
    expect(finished.length).toBeGreaterThan(5);
    expect(finished.every((e) => e.type === 'step-finished' && e.cached)).toBe(true);
  }, 120_000);
});
