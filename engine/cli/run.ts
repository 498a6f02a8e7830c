/**
 * `modelwright run graph.json [--out DIR] [--json] [--up-to NODE]`: runs a saved graph headless.
 * Exit codes: 0 succeeded, 1 the run failed (the coded error is printed with its node), 2 bad usage or an
 * invalid graph (nothing ran).
 */
import { renderMlSummary } from './format-ml';
import { metricsSummarySchema, modelSummarySchema } from '../ml/summary';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { MwError, toErrorInfo, type ErrorInfo } from '../errors';
import { projectRecorder } from '../mlops/recording';
import { PROJECT_FILE } from '../project/project';
import { RunStore } from '../runstore/store';
import { CHECK_FAILED } from './mlops';
import type { Graph } from '../graph/schema';
import { specForKind } from '../nodes/specs';
import type { RunEvent, RunStatus } from '../run/events';
import { loadGraphFile, runGraph } from '../run/run-graph';
import { tableSummarySchema, type TableSummary } from '../run/summaries';
import { reportSummarySchema } from '../report/document';
import { ExitCode, type CliIo } from './io';
import { formatDate, formatDuration, formatError, formatNumber, textTable, truncate } from './format';
import { createReporter } from './progress';

export interface RunCommandOptions {
  readonly graphPath: string;
  readonly outDir?: string;
  readonly json: boolean;
  readonly upTo?: string;
  /**
   * Record the run in the project's run store (runs/ next to the graph). Default: when the graph is a
   * project (project.modelwright.json in its folder).
   */
  readonly record?: boolean;
}

export interface StepReport {
  nodeId: string;
  kind: string;
  label: string;
  status: 'done' | 'cached' | 'failed' | 'skipped';
  durationMs: number;
  warnings: ErrorInfo[];
  error?: ErrorInfo;
  reason?: string;
  /** Port name → summary (engine/run/summaries). */
  outputs: Record<string, unknown>;
}

export interface RunReport {
  graph: string;
  status: RunStatus | 'invalid';
  durationMs: number;
  steps: StepReport[];
  /** Compile errors (status "invalid") or the run's first error. */
  errors: ErrorInfo[];
}

export async function runCommand(options: RunCommandOptions, io: CliIo): Promise<number> {
  const graphPath = isAbsolute(options.graphPath) ? options.graphPath : resolve(io.cwd, options.graphPath);
  // Paths inside the graph (CSV files) are relative to the graph's folder: the project folder.
  const files = io.files(dirname(graphPath));
  let graph: Graph;
  try {
    graph = await loadGraphFile(files, graphPath);
  } catch (thrown) {
    return invalid(options, io, [toErrorInfo(thrown)], new Map());
  }
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label ?? specForKind(n.kind)?.title ?? n.kind]));
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const events: RunEvent[] = [];
  const report = createReporter(io.stderr, labels);
  const outDir = options.outDir === undefined ? undefined : resolve(io.cwd, options.outDir);
  if (outDir !== undefined) await io.files(io.cwd).mkdirp(outDir);

  const recording = openRecording(graphPath, options.record, io);
  const runId = randomUUID();
  const outcome = await runGraph(graph, {
    runId,
    files,
    signal: io.signal,
    now: io.now,
    ...(recording === null ? {} : { recorder: recording.recorder }),
    onEvent: (event) => {
      events.push(event);
      report(event);
    },
    ...(options.upTo === undefined ? {} : { upTo: options.upTo }),
    ...(outDir === undefined ? {} : { artifactsDir: outDir }),
  });
  const recorded = recording === null || !outcome.ok ? null : recording.summary(runId);
  recording?.store.close();
  if (!outcome.ok) return invalid(options, io, [...outcome.errors], labels);

  const steps = new Map<string, StepReport>();
  for (const step of outcome.plan.steps) {
    steps.set(step.nodeId, { nodeId: step.nodeId, kind: step.kind, label: labels.get(step.nodeId) ?? step.nodeId, status: 'skipped', durationMs: 0, warnings: [], outputs: {} });
  }
  for (const e of events) {
    const s = 'nodeId' in e && e.nodeId !== undefined ? steps.get(e.nodeId) : undefined;
    if (s === undefined) continue;
    if (e.type === 'step-finished') Object.assign(s, { status: e.cached ? 'cached' : 'done', durationMs: e.durationMs, warnings: e.warnings, outputs: e.outputs });
    else if (e.type === 'step-failed') Object.assign(s, { status: 'failed', durationMs: e.durationMs, error: e.error });
    else if (e.type === 'step-skipped') s.reason = e.reason;
  }
  const { result } = outcome;
  const runReport: RunReport = {
    graph: graph.metadata.name,
    status: result.status,
    durationMs: result.durationMs,
    steps: [...steps.values()],
    errors: result.error === undefined ? [] : [result.error],
  };

  if (outDir !== undefined) {
    const out = io.files(outDir);
    await out.writeAtomic(join(outDir, 'run.json'), `${JSON.stringify(runReport, null, 2)}\n`);
    await out.writeAtomic(join(outDir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }

  if (options.json) io.stdout.write(`${JSON.stringify(recorded === null ? runReport : { ...runReport, recorded }, null, 2)}\n`);
  else io.stdout.write(`${renderRun(runReport, outcome.plan.steps, kinds, outDir)}${recorded === null ? '' : `\n\nRecorded as run ${recorded.number} (${recorded.id}) in ${recorded.store}.`}\n`);
  if (result.status === 'succeeded') return ExitCode.ok;
  // A threshold gate that failed is a failed check, not a broken run: CI can tell them apart.
  return [...result.errors.values()].some((e) => e.code === 'MW_GATE_FAILED') ? CHECK_FAILED : ExitCode.runError;
}

/** The run store of the graph's project, when the run is to be recorded (null otherwise). */
function openRecording(graphPath: string, record: boolean | undefined, io: CliIo) {
  const projectDir = dirname(graphPath);
  if (record === false || (record === undefined && !existsSync(join(projectDir, PROJECT_FILE)))) return null;
  const store = RunStore.open(projectDir);
  if (!store.writable) {
    io.stderr.write(`${formatError(store.state.problem ?? new MwError('MW_RUNSTORE_READ_ONLY').toInfo(), 'warning')}\nThe run is not recorded.\n`);
    store.close();
    return null;
  }
  const recorder = projectRecorder(store, projectDir);
  return {
    store,
    recorder,
    /** The recorded run, or null when recording failed (the run itself went on). */
    summary(runId: string) {
      try {
        const run = store.getRun(runId);
        return { id: run.id, number: run.number, status: run.status, store: join(projectDir, 'runs') };
      } catch {
        return null;
      }
    },
  };
}

function invalid(options: RunCommandOptions, io: CliIo, errors: ErrorInfo[], labels: ReadonlyMap<string, string>): number {
  if (options.json) {
    const report: RunReport = { graph: options.graphPath, status: 'invalid', durationMs: 0, steps: [], errors };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stderr.write(`The graph ${options.graphPath} cannot run:\n`);
    for (const e of errors) io.stderr.write(`${formatError(e, 'error', e.location.nodeId === undefined ? undefined : labels.get(e.location.nodeId))}\n`);
  }
  return ExitCode.usage;
}

/** Human summary: the outcome, then what the last steps of each branch produced. */
function renderRun(report: RunReport, planSteps: readonly { nodeId: string; inputs: Readonly<Record<string, { node: string }>> }[], kinds: ReadonlyMap<string, string>, outDir: string | undefined): string {
  const lines: string[] = [];
  const verb = report.status === 'succeeded' ? 'succeeded' : report.status === 'cancelled' ? 'was cancelled' : report.status === 'diverged' ? 'diverged' : 'failed';
  const tally = (['done', 'cached', 'failed', 'skipped'] as const)
    .map((status) => [status, report.steps.filter((s) => s.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status === 'done' ? 'ran' : status}`);
  lines.push(`Run ${verb} in ${formatDuration(report.durationMs)}: ${report.steps.length} step${report.steps.length === 1 ? '' : 's'} (${tally.join(', ')}).`);
  for (const e of report.errors) {
    const label = e.location.nodeId === undefined ? undefined : report.steps.find((s) => s.nodeId === e.location.nodeId)?.label;
    lines.push(formatError(e, 'error', label));
  }
  const consumed = new Set(planSteps.flatMap((s) => Object.values(s.inputs).map((ref) => ref.node)));
  for (const step of report.steps) {
    if (step.status !== 'done' && step.status !== 'cached') continue;
    for (const [port, summary] of Object.entries(step.outputs)) {
      // Leaves show what the graph produced; models and metrics show even when consumed (a Report reads
      // them), so the backend and the test-set scores are always printed.
      if (consumed.has(step.nodeId) && !modelSummarySchema.safeParse(summary).success && !metricsSummarySchema.safeParse(summary).success) continue;
      lines.push('', `${step.label} (${kinds.get(step.nodeId) ?? step.kind}) → ${port}`);
      lines.push(...renderSummary(summary).map((l) => (l === '' ? '' : `  ${l}`)));
    }
  }
  if (outDir !== undefined) lines.push('', `Wrote ${join(outDir, 'run.json')} and events.jsonl.`);
  return lines.join('\n');
}

/** One port summary as text lines. */
function renderSummary(summary: unknown): string[] {
  const table = tableSummarySchema.safeParse(summary);
  if (table.success) return renderTable(table.data);
  const report = reportSummarySchema.safeParse(summary);
  if (report.success) {
    const { title, sections, charts } = report.data;
    return [`Report “${title}”: ${sections.map((s) => s.title).join(', ')}; ${charts} charts.`, 'Write it as HTML (and PDF) with: modelwright report <graph.json> [--pdf]'];
  }
  const ml = renderMlSummary(summary);
  if (ml !== undefined) return ml;
  const type = typeof summary === 'object' && summary !== null && 'type' in summary ? String(summary.type) : 'value';
  return [`${type} output`];
}

const MAX_COLUMNS_SHOWN = 40;

function renderTable(t: TableSummary): string[] {
  const parts = t.partitions === null ? 'no split' : `train ${t.partitions.train}, validation ${t.partitions.validation}, test ${t.partitions.test}`;
  const lines = [`${t.rowCount} rows × ${t.columns.length} columns · ${parts}`];
  if (t.recipe.length > 0) lines.push(`recipe: ${t.recipe.map((s) => s.kind).join(' → ')}`);
  const rows = t.columns.slice(0, MAX_COLUMNS_SHOWN).map(({ name, type, role, stats }) => {
    const date = type === 'datetime';
    const num = (v: number | null) => (date ? formatDate(v) : formatNumber(v));
    const top = stats.top.slice(0, 2).map((x) => `${x.value} (${x.count})`).join(', ');
    return [truncate(name, 30), type, role, String(stats.missing), date ? '' : formatNumber(stats.mean), date ? '' : formatNumber(stats.std), num(stats.min), num(stats.max), truncate(top, 30)];
  });
  lines.push('', ...textTable(['column', 'type', 'role', 'missing', 'mean', 'std', 'min', 'max', 'top'], rows, ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l']).split('\n'));
  if (t.columns.length > MAX_COLUMNS_SHOWN) lines.push(`… and ${t.columns.length - MAX_COLUMNS_SHOWN} more columns (--json lists all)`);
  return lines;
}
