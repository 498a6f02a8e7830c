import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../graph/schema';
import { findChromium } from '../report/pdf';
import { fileStemFromTitle } from '../report/sanitize';
import type { RunEvent } from '../run/events';
import { dispatch } from './dispatch';
import type { HostService } from './service';
import { runToEnd as runGraphToEnd, useExampleService } from './test-support/example-service';

const example = useExampleService('service-report');
let root: string;
let service: HostService;
const events: RunEvent[] = [];

beforeAll(() => {
  ({ root, service } = example());
  service.onEvent((event) => events.push(event));
});

/** The example with a small network and few resamples, so it trains in a couple of seconds. */
function quick(graph: Graph): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.kind === 'train') return { ...n, params: { ...n.params, model: 'neural-network', epochs: 12, hiddenLayers: [12] } };
      if (n.kind === 'evaluate') return { ...n, params: { ...n.params, resamples: 200 } };
      if (n.kind === 'explain') return { ...n, params: { ...n.params, repeats: 2 } };
      return n;
    }),
  };
}

const runToEnd = (graph: Graph, projectPath?: string) => runGraphToEnd(service, graph, projectPath);

const sha256 = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe('host service: reports', () => {
  it('previews a run’s report from the cache and exports it inside the project', async () => {
    const opened = await service.openExample({ id: 'houses' });
    const projectPath = opened.project.path;
    const graph = quick(opened.graph);
    const finished = await runToEnd(graph, projectPath);
    expect(finished.type === 'run-finished' && finished.status).toBe('succeeded');

    // Through the dispatcher, as the WebSocket and IPC do: both directions validated by the contract.
    events.length = 0;
    const reply = await dispatch(service, 'previewReport', { graph, projectPath });
    expect(reply.ok).toBe(true);
    const preview = await service.previewReport({ graph, projectPath });
    expect(preview.summary.sections.map((s) => s.id)).toEqual(['summary', 'data', 'pipeline', 'model', 'metrics', 'lineage']);
    expect(preview.summary.charts).toBeGreaterThanOrEqual(4);
    for (const id of ['summary', 'data', 'pipeline', 'model', 'metrics', 'lineage']) expect(preview.html).toContain(`id="${id}"`);
    expect(preview.html).not.toMatch(/<script/i);
    // The run behind the preview took every step from the cache the canvas run filled.
    const finishedSteps = events.filter((e) => e.runId === preview.runId && e.type === 'step-finished');
    expect(finishedSteps.length).toBeGreaterThan(5);
    expect(finishedSteps.every((e) => e.type === 'step-finished' && e.cached)).toBe(true);
    expect(events.some((e) => e.runId === preview.runId && e.type === 'run-finished' && e.status === 'succeeded')).toBe(true);

    // Export HTML: by default <project>/reports/<title>.html, with its hash.
    const html = await service.exportReport({ graph, projectPath, format: 'html' });
    expect(html.html.path).toBe(join(projectPath, 'reports', `${fileStemFromTitle(preview.summary.title)}.html`));
    expect(html.pdf).toBeNull();
    expect(html.pdfError).toBeNull();
    expect(await sha256(html.html.path)).toBe(html.html.sha256);
    const written = await readFile(html.html.path, 'utf8');
    for (const id of ['summary', 'data', 'pipeline', 'model', 'metrics', 'lineage']) expect(written).toContain(`id="${id}"`);

    // A path inside the project is fine; one outside it, or no project at all, is refused.
    const inside = await service.exportReport({ graph, projectPath, format: 'html', path: 'handover/for-finance.html' });
    expect(inside.html.path).toBe(join(projectPath, 'handover', 'for-finance.html'));
    expect(existsSync(inside.html.path)).toBe(true);
    for (const path of ['../elsewhere.html', '/tmp/mw-report-escape.html', '.']) {
      await expect(service.exportReport({ graph, projectPath, format: 'html', path })).rejects.toMatchObject({ code: 'MW_IPC_BAD_PAYLOAD' });
    }
    expect(existsSync('/tmp/mw-report-escape.html')).toBe(false);
    const noProject = await dispatch(service, 'exportReport', { graph, format: 'html' });
    expect(!noProject.ok && noProject.error.code).toBe('MW_IPC_BAD_PAYLOAD');

    // Electron's main process writes where its save dialog said, outside the project too.
    const chosen = join(root, 'chosen', 'Board pack.pdf');
    await mkdir(join(root, 'chosen'));
    const outside = await service.exportReportTo({ graph, projectPath, format: 'html' }, chosen);
    expect(outside.html.path).toBe(join(root, 'chosen', 'Board pack.html'));
    expect(existsSync(outside.html.path)).toBe(true);

    // PDF (browser mode): printed by the engine worker with the system Chromium, or a coded reason.
    const pdf = await service.exportReport({ graph, projectPath, format: 'pdf' });
    if (findChromium() === null) {
      expect(pdf.pdf).toBeNull();
      expect(pdf.pdfError?.code).toBe('MW_PDF_NO_CHROMIUM');
    } else {
      expect(pdf.pdfError).toBeNull();
      expect(pdf.pdf?.path).toBe(html.html.path.replace(/\.html$/, '.pdf'));
      expect((await readFile(pdf.pdf?.path ?? '')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  }, 180_000);

  it('is a run: refused while another runs, and a graph it cannot report on fails with a code', async () => {
    const opened = await service.openExample({ id: 'houses' });
    const projectPath = opened.project.path;
    const graph = quick(opened.graph);
    const running = runToEnd(graph, projectPath);
    await expect(service.previewReport({ graph, projectPath })).rejects.toMatchObject({ code: 'MW_RUN_BUSY' });
    await running;

    const noEvaluate: Graph = { ...graph, nodes: graph.nodes.filter((n) => n.kind === 'csv-source'), edges: [] };
    await expect(service.previewReport({ graph: noEvaluate, projectPath })).rejects.toMatchObject({ code: 'MW_REPORT_NOT_FOUND' });
    // The failed build left no run behind: the next one starts.
    const again = await service.previewReport({ graph, projectPath });
    expect(again.summary.sections.length).toBeGreaterThanOrEqual(6);
  }, 180_000);
});
