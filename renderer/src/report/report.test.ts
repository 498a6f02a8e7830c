import fc from 'fast-check';
import { parse, parseFragment, serialize, type DefaultTreeAdapterMap } from 'parse5';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MwError } from '../../../engine/errors';
import type { Graph } from '../../../engine/graph/schema';
import { encodeBridgeError } from '../../../engine/host/bridge';
import type { DesktopHostApi } from '../../../engine/host/desktop-contract';
import type { ExportReportRequest, ExportReportResponse, PreviewReportRequest, PreviewReportResponse } from '../../../engine/report/contract';
import type { RunEvent } from '../../../engine/run/events';
import { handleMenuCommand } from '../services/desktop';
import { useStore } from '../store';
import { adaptReportCss, sanitizeTree, type CleanableElement } from './sanitize';
import { closeReport, exportReport, openReport } from './service';
import { useReportStore } from './store';

type P5Element = DefaultTreeAdapterMap['element'];
type P5Parent = DefaultTreeAdapterMap['parentNode'];

const isElement = (node: DefaultTreeAdapterMap['childNode']): node is P5Element => 'tagName' in node;
const attrName = (a: { name: string; prefix?: string }) => (a.prefix === undefined || a.prefix === '' ? a.name : `${a.prefix}:${a.name}`);

/** A parse5 element seen through the DOM methods the sanitiser uses (no DOM in these tests). */
class TreeElement implements CleanableElement {
  constructor(readonly node: P5Element) {}
  get localName() {
    return this.node.tagName;
  }
  get attributes() {
    return this.node.attrs.map((a) => ({ name: attrName(a), value: a.value }));
  }
  get children() {
    return this.node.childNodes.filter(isElement).map((n) => new TreeElement(n));
  }
  removeAttribute(name: string) {
    this.node.attrs = this.node.attrs.filter((a) => attrName(a) !== name);
  }
  remove() {
    const parent = this.node.parentNode as P5Parent | null;
    if (parent !== null) parent.childNodes = parent.childNodes.filter((c) => c !== this.node);
  }
}

/** Sanitises an HTML fragment and serialises what is left. */
function clean(html: string): string {
  const fragment = parseFragment(html);
  const root = { localName: '#root', attributes: [], removeAttribute: () => undefined, remove: () => undefined, get children() { return fragment.childNodes.filter(isElement).map((n) => new TreeElement(n)); } };
  sanitizeTree(root);
  return serialize(fragment);
}

describe('report preview sanitiser', () => {
  it('removes what could run, load or submit, and keeps the report’s own content and in-page links', () => {
    const out = clean(
      '<p onclick="x()">kept text</p><script>alert(1)</script><img src="https://evil.test/x.png" onerror="y()">' +
        '<a href="javascript:alert(1)">j</a><a href="#metrics">to metrics</a>' +
        '<svg><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><a xlink:href="javascript:z()"><text>label</text></a>' +
        '<foreignObject><div>html in svg</div></foreignObject><animate attributeName="href" to="javascript:alert(1)"/><use href="#g"/></svg>' +
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe><div style="background:url(https://evil.test/b.png)">styled</div>' +
        '<form action="https://evil.test"><input name="q"></form><object data="x.swf"></object>' +
        '<meta http-equiv="refresh" content="0;url=https://evil.test"><base href="https://evil.test/"><link rel="stylesheet" href="https://evil.test/x.css">' +
        '<table><tr><td ONMOUSEOVER="w()" data-value="3">3</td></tr></table>',
    );
    for (const bad of ['<script', 'onclick', 'onerror', 'onmouseover', 'javascript:', 'evil.test', 'foreignobject', '<iframe', '<form', '<input', '<object', '<meta', '<base', '<link', '<animate']) {
      expect(out.toLowerCase()).not.toContain(bad);
    }
    for (const kept of ['kept text', 'href="#metrics"', 'to metrics', 'fill="url(#g)"', 'label', 'href="#g"', 'data-value="3"', 'styled']) expect(out).toContain(kept);
  });

  it('leaves no dangerous element, handler or outside link in any tree (property)', () => {
    const tags = ['div', 'p', 'span', 'a', 'svg', 'script', 'iframe', 'img', 'object', 'form', 'table', 'td', 'foreignobject', 'animate', 'link', 'style'];
    const attrs = ['onclick', 'onload', 'OnError', 'href', 'src', 'xlink:href', 'style', 'class', 'id', 'action', 'srcdoc', 'data-x'];
    const values = ['#top', 'javascript:alert(1)', 'https://x.test/a', 'url(https://x.test)', 'url(#g)', 'plain', ' #inpage'];
    const element: fc.Memo<string> = fc.memo((depth) =>
      fc
        .tuple(fc.constantFrom(...tags), fc.array(fc.tuple(fc.constantFrom(...attrs), fc.constantFrom(...values)), { maxLength: 3 }), depth <= 1 ? fc.constant([]) : fc.array(element(depth - 1), { maxLength: 3 }))
        .map(([tag, as, children]) => `<${tag}${as.map(([n, v]) => ` ${n}="${v}"`).join('')}>t${children.join('')}</${tag}>`),
    );
    fc.assert(
      fc.property(fc.array(element(3), { maxLength: 4 }), (parts) => {
        const doc = parse(`<body>${clean(parts.join(''))}</body>`);
        const all: P5Element[] = [];
        const walk = (node: P5Parent) => node.childNodes.filter(isElement).forEach((e) => (all.push(e), walk(e)));
        walk(doc);
        for (const e of all) {
          expect(['script', 'iframe', 'object', 'form', 'foreignobject', 'animate', 'link']).not.toContain(e.tagName.toLowerCase());
          for (const a of e.attrs) {
            const name = attrName(a).toLowerCase();
            expect(name.startsWith('on') || name === 'srcdoc').toBe(false);
            if (['href', 'src', 'xlink:href', 'action'].includes(name)) expect(a.value.trim().startsWith('#')).toBe(true);
            if (name === 'style') expect(a.value).not.toMatch(/url\(\s*(?!#)/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('maps the report’s page-level selectors onto the shadow root', () => {
    const css = ':root { --ink: #101828; }\nhtml { -webkit-text-size-adjust: 100%; }\nbody { margin: 0; }\n.report { margin: 32px auto; }\n@media print { body { background: #fff; } html, body { height: auto; } }\n.tbody-like td { color: red; }';
    const adapted = adaptReportCss(css);
    expect(adapted).toContain(':host { --ink: #101828; }');
    expect(adapted).toContain('.mw-report-doc { margin: 0; }');
    expect(adapted).toContain('@media print { .mw-report-doc { background: #fff; } :host, .mw-report-doc { height: auto; } }');
    // Class names that merely contain the words are left alone.
    expect(adapted).toContain('.tbody-like td');
    expect(adapted).toContain('.report { margin: 32px auto; }');
  });
});

// ---------------------------------------------------------------------------------------------------
// The dialog's service against a fake desktop host.

const summary = { type: 'Report' as const, title: 'Houses', sections: [{ id: 'summary' as const, title: 'Summary' }], charts: 3, attachments: [] };
const listeners = new Set<(event: RunEvent) => void>();
const fns = {
  previewReport: vi.fn(async (_request: PreviewReportRequest): Promise<PreviewReportResponse> => {
    for (const l of listeners) l({ type: 'run-started', runId: 'p1', time: 1, steps: [] });
    return { runId: 'p1', nodeId: 'report', added: false, summary, html: '<p>report</p>' };
  }),
  exportReport: vi.fn(async (request: ExportReportRequest): Promise<ExportReportResponse> => ({
    runId: 'e1',
    html: { path: '/w/Houses/reports/houses.html', bytes: 10, sha256: 'a'.repeat(64) },
    pdf: request.format === 'pdf' ? { path: '/w/Houses/reports/houses.pdf', bytes: 10, sha256: 'b'.repeat(64) } : null,
    pdfError: null,
    attachments: [],
  })),
  cancel: vi.fn(async (_request: { runId: string }) => undefined),
  onEvent: vi.fn((listener: (event: RunEvent) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }),
};
vi.stubGlobal('window', { modelwright: fns as unknown as DesktopHostApi });

const graph: Graph = { format: 'modelwright.graph', version: 1, metadata: { name: 'Houses' }, nodes: [], edges: [] };

describe('report dialog service', () => {
  beforeEach(() => {
    const { graph: g, project } = useStore.getState();
    project.opened({ path: '/w/Houses', name: 'Houses', hasAutosave: false }, g.load(graph), null);
    useReportStore.getState().close();
    fns.previewReport.mockClear();
    fns.exportReport.mockClear();
  });

  it('previews the canvas’s graph of the open project, then exports the previewed Report node', async () => {
    await openReport();
    expect(fns.previewReport).toHaveBeenCalledWith({ graph: expect.objectContaining({ metadata: expect.objectContaining({ name: 'Houses' }) }), projectPath: '/w/Houses' });
    expect(useReportStore.getState()).toMatchObject({ open: true, building: false, preview: { html: '<p>report</p>' }, error: null });
    // The build was followed until it answered, then no longer.
    expect(listeners.size).toBe(0);

    await exportReport('pdf');
    expect(fns.exportReport.mock.calls[0]?.[0]).toMatchObject({ projectPath: '/w/Houses', format: 'pdf', nodeId: 'report' });
    expect(useReportStore.getState().exported?.pdf?.path).toBe('/w/Houses/reports/houses.pdf');
    expect(useStore.getState().ui.toasts.at(-1)).toMatchObject({ kind: 'success', hint: 'Written to /w/Houses/reports/houses.pdf' });
  });

  it('shows why there is no preview, says when the PDF is missing, and ignores a closed save dialog', async () => {
    fns.previewReport.mockRejectedValueOnce(encodeBridgeError(new MwError('MW_REPORT_NOT_FOUND').toInfo()));
    await openReport();
    expect(useReportStore.getState().error?.code).toBe('MW_REPORT_NOT_FOUND');

    await openReport();
    fns.exportReport.mockResolvedValueOnce({
      runId: 'e2',
      html: { path: '/w/Houses/reports/houses.html', bytes: 10, sha256: 'a'.repeat(64) },
      pdf: null,
      pdfError: new MwError('MW_PDF_NO_CHROMIUM').toInfo(),
      attachments: [],
    });
    await exportReport('pdf');
    expect(useStore.getState().ui.toasts.at(-1)).toMatchObject({ kind: 'error' });
    expect(useStore.getState().ui.toasts.at(-1)?.hint).toContain('/w/Houses/reports/houses.html');

    const toasts = useStore.getState().ui.toasts.length;
    fns.exportReport.mockRejectedValueOnce(encodeBridgeError(new MwError('MW_DIALOG_CANCELLED').toInfo()));
    await exportReport('html');
    expect(useStore.getState().ui.toasts.length).toBe(toasts);
    expect(useReportStore.getState()).toMatchObject({ exporting: null, error: null });
  });

  it('closing the dialog while the preview is built cancels its run', async () => {
    let finish: () => void = () => undefined;
    fns.previewReport.mockImplementationOnce(async () => {
      for (const l of listeners) l({ type: 'run-started', runId: 'slow', time: 1, steps: [{ nodeId: 'train', kind: 'train', cached: false }] });
      await new Promise<void>((resolve) => (finish = resolve));
      throw new MwError('MW_RUN_CANCELLED');
    });
    const building = openReport();
    await vi.waitFor(() => expect(useReportStore.getState().progress.total).toBe(1));
    closeReport();
    expect(fns.cancel).toHaveBeenCalledWith({ runId: 'slow' });
    finish();
    await building;
    // The cancelled build's failure is not shown: the dialog is closed.
    expect(useReportStore.getState()).toMatchObject({ open: false, error: null });
  });

  it('File ▸ Export Report… opens the preview', async () => {
    handleMenuCommand({ type: 'export-report' });
    await vi.waitFor(() => expect(useReportStore.getState().preview).not.toBeNull());
    expect(fns.previewReport).toHaveBeenCalledTimes(1);
  });
});
