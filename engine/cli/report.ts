/**
 * `modelwright report graph.json [--out report.html] [--pdf] [--node ID] [--title T] [--audience plain|technical] [--unit U]`:
 * runs what the graph's Report node needs (adding one wired to the Evaluate node when the graph has none)
 * and writes the self-contained HTML report, its companion CSV files and, with --pdf, the PDF printed by
 * Chromium. Without Chromium the HTML is still written and the command says so (exit code 1).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { Graph } from '../graph/schema';
import { specForKind } from '../nodes/specs';
import { withReportNode } from '../report/auto-wire';
import { exportReport, type ReportExport } from '../report/export';
import { chromiumPrinter, findChromium, type PdfPrinter } from '../report/pdf';
import type { ReportParams } from '../report/params';
import { fileStemFromTitle } from '../report/sanitize';
import { loadGraphFile, runGraph } from '../run/run-graph';
import { formatError } from './format';
import { ExitCode, type CliIo } from './io';
import { createReporter } from './progress';

export interface ReportCommandOptions {
  readonly graphPath: string;
  /** The HTML file to write; by default `<title>.html` in the working directory. */
  readonly out?: string;
  readonly pdf: boolean;
  readonly nodeId?: string;
  readonly title?: string;
  readonly audience?: ReportParams['audience'];
  /** Unit of a regression target ("$", "kg"), so errors read "typical error $21,300". */
  readonly unit?: string;
  readonly json: boolean;
  /** Injected in tests; by default Chromium found on this machine. */
  readonly printer?: PdfPrinter;
}

export async function reportCommand(options: ReportCommandOptions, io: CliIo): Promise<number> {
  const graphPath = isAbsolute(options.graphPath) ? options.graphPath : resolve(io.cwd, options.graphPath);
  const files = io.files(dirname(graphPath));
  const fail = (errors: ErrorInfo[], code: number, labels: ReadonlyMap<string, string> = new Map()) => {
    if (options.json) io.stdout.write(`${JSON.stringify({ status: 'failed', errors }, null, 2)}\n`);
    else for (const e of errors) io.stderr.write(`${formatError(e, 'error', e.location.nodeId === undefined ? undefined : labels.get(e.location.nodeId))}\n`);
    return code;
  };
  let graph: Graph;
  let nodeId: string;
  let added: boolean;
  try {
    const params: Partial<ReportParams> = {
      ...(options.title === undefined ? {} : { title: options.title }),
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      ...(options.unit === undefined ? {} : { targetUnit: options.unit }),
    };
    const wiring = withReportNode(await loadGraphFile(files, graphPath), { ...(options.nodeId === undefined ? {} : { nodeId: options.nodeId }), params });
    ({ graph, nodeId, added } = wiring);
  } catch (thrown) {
    return fail([toErrorInfo(thrown)], ExitCode.usage);
  }
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label ?? specForKind(n.kind)?.title ?? n.kind]));
  if (added && !options.json) io.stderr.write('The graph has no Report node: reporting on its Evaluate node.\n');
  const report = createReporter(io.stderr, labels);
  const outcome = await runGraph(graph, { files, signal: io.signal, now: io.now, upTo: nodeId, onEvent: (e) => report(e) });
  if (!outcome.ok) return fail([...outcome.errors], ExitCode.usage, labels);
  const value = outcome.result.outputs.get(nodeId)?.['report'];
  if (value?.type !== 'Report') {
    return fail([outcome.result.errors.get(nodeId) ?? outcome.result.error ?? toErrorInfo(new Error('The Report node produced no report.'))], ExitCode.runError, labels);
  }
  const document = value.value;
  const out = options.out === undefined ? resolve(io.cwd, `${fileStemFromTitle(document.title)}.html`) : resolve(io.cwd, options.out);
  let written: ReportExport;
  try {
    const printer = options.pdf ? (options.printer ?? chromiumPrinter(findChromium())) : undefined;
    written = await exportReport(document, { htmlPath: out, files: io.files(io.cwd), ...(printer === undefined ? {} : { printer }) });
  } catch (thrown) {
    return fail([toErrorInfo(thrown)], ExitCode.runError);
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ status: written.pdfError === null ? 'succeeded' : 'pdf-failed', runId: document.runId, html: written.html, pdf: written.pdf, pdfError: written.pdfError, attachments: written.attachments }, null, 2)}\n`);
  } else {
    io.stdout.write(`Wrote ${written.html.path}\n`);
    for (const a of written.attachments) io.stdout.write(`Wrote ${a.path} (${a.rows} rows)\n`);
    if (written.pdf !== null) io.stdout.write(`Wrote ${written.pdf.path}\n`);
    if (written.pdfError !== null) io.stderr.write(`${formatError(written.pdfError, 'error')}\n`);
  }
  return written.pdfError === null ? ExitCode.ok : ExitCode.runError;
}
