/**
 * MLOps commands (issue 8): the run store, the champion, model export, drift monitoring and serving.
 *
 *   modelwright runs list|show|compare|mlflow …   recorded runs of a project (runs/runs.sqlite)
 *   modelwright promote RUN                        make a run's model the project champion
 *   modelwright export [RUN] --out DIR             a model folder with predict.js and a README (default: the champion)
 *   modelwright monitor MODEL_DIR new.csv          drift of new data against the model's training data
 *   modelwright serve MODEL_DIR                    predictions over HTTP on 127.0.0.1
 *
 * RUN is a run id, a unique prefix of one (4+ characters), a run number (7 or #7), `latest` or `champion`.
 * MODEL_DIR is a model folder, or a project folder (its champion's model is used).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MwError, toErrorInfo } from '../errors';
import { ensureBackend } from '../ml/backend/select';
import { loadModel } from '../ml/model-files/index';
import { MODEL_MANIFEST } from '../ml/model-files/format';
import type { DriftReport } from '../mlops/drift';
import { exportModelFolder, readReference } from '../mlops/export';
import { exportRunToMlflow } from '../mlops/mlflow';
import { monitorModelFolder } from '../mlops/monitor';
import { DEFAULT_MAX_BODY, startServer } from '../mlops/serve';
import { recordedRunStatusSchema, type ListRunsQuery, type RunComparison, type RunDetail, type RunList } from '../runstore/schema';
import { RunStore } from '../runstore/store';
import { formatDuration, formatError, formatNumber, textTable, truncate } from './format';
import { ExitCode, type CliIo } from './io';

export const MLOPS_USAGE = `  modelwright runs list [--project DIR] [--status S[,S]] [--tag T] [--search TEXT]
                       [--sort started|duration|status|name|number|PARTITION.METRIC] [--asc] [--limit N] [--json]
      List the recorded runs of a project (default: the current folder), newest first.
  modelwright runs show RUN [--project DIR] [--json]
      Everything recorded about a run: status, inputs (SHA-256), params, steps, metrics, artifacts.
  modelwright runs compare RUN RUN... [--project DIR] [--json]
      Runs side by side: parameters that differ, metrics with deltas against the first run.
  modelwright runs mlflow RUN [--project DIR] [--out MLRUNS]
      Export a run as an MLflow run directory (default: <project>/mlruns; see docs/mlops.md).
  modelwright promote RUN [--project DIR] [--model NODE] [--note TEXT]
      Make the run's model the project champion (the previous one is kept in the history).
  modelwright export [RUN] --out DIR [--project DIR] [--model NODE]
      Export a run's model (default: the champion) with predict.js and a README.
  modelwright monitor MODEL_DIR <new.csv> [--json] [--fail-on-drift] [--psi X] [--alpha X]
      Check new data for drift against the model's training data; --fail-on-drift exits 3 when
      retraining is suggested.
  modelwright serve MODEL_DIR [--port 8080] [--host 127.0.0.1] [--max-body BYTES]
      Serve predictions over HTTP: POST /predict {"rows": [...]}, GET /schema, GET /health.
  RUN: an id, a unique id prefix, a number (7 or #7), latest or champion. MODEL_DIR: a model
  folder, or a project folder (its champion).`;

/** Exit code of a check that failed: a threshold gate (modelwright run) or drift (monitor --fail-on-drift). */
export const CHECK_FAILED = 3;

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`${problem}\n\nUsage:\n${MLOPS_USAGE}\n`);
  return ExitCode.usage;
}

function fail(io: CliIo, thrown: unknown): number {
  io.stderr.write(`${formatError(toErrorInfo(thrown))}\n`);
  return ExitCode.runError;
}

function openStore(io: CliIo, project: string | undefined, readOnly: boolean): RunStore {
  const dir = resolve(io.cwd, project ?? '.');
  const store = RunStore.open(dir, { readOnly });
  if (store.state.mode === 'unavailable') {
    store.close();
    const problem = store.state.problem;
    throw new MwError(problem?.code ?? 'MW_RUNSTORE_CORRUPT', { message: problem?.message ?? `The run database of "${dir}" cannot be read.` });
  }
  if (store.state.problem !== null) io.stderr.write(`${formatError(store.state.problem, 'warning')}\n`);
  return store;
}

/** Resolves RUN (id, prefix, number, latest, champion) to a run id. */
export function resolveRun(store: RunStore, ref: string): string {
  const text = ref.trim();
  if (text === 'champion') {
    const current = store.championState().current;
    if (current === null) throw new MwError('MW_RUN_NOT_FOUND', { message: 'This project has no champion yet: promote a run first.' });
    return current.runId;
  }
  const list = store.listRuns({ sort: { by: 'number', direction: 'desc' }, limit: 20_000 });
  if (text === 'latest') {
    const latest = list.runs[0];
    if (latest === undefined) throw new MwError('MW_RUN_NOT_FOUND', { message: 'This project has no runs yet.' });
    return latest.id;
  }
  const number = /^#?(\d+)$/.exec(text);
  if (number !== null) {
    const run = list.runs.find((r) => r.number === Number(number[1]));
    if (run !== undefined) return run.id;
  }
  const exact = list.runs.find((r) => r.id === text);
  if (exact !== undefined) return exact.id;
  const prefixed = text.length >= 4 ? list.runs.filter((r) => r.id.startsWith(text)) : [];
  if (prefixed.length === 1) return prefixed[0]!.id;
  throw new MwError('MW_RUN_NOT_FOUND', {
    message: prefixed.length > 1 ? `"${text}" matches ${prefixed.length} runs; give more of the id.` : `There is no run "${text}" in this project.`,
    details: { run: text },
  });
}

function metricText(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : formatNumber(v);
}

function renderList(list: RunList, sortMetric: string | undefined): string {
  if (list.runs.length === 0) return 'No runs match.';
  const header = ['#', 'id', 'started', 'status', 'duration', 'headline', ...(sortMetric === undefined ? [] : [sortMetric]), 'tags', 'graph'];
  const rows = list.runs.map((r) => [
    `${r.number}${r.champion ? '★' : ''}`,
    r.id.slice(0, 8),
    r.startedAt.replace('T', ' ').slice(0, 19),
    r.status,
    r.durationMs === null ? '' : formatDuration(r.durationMs),
    r.headline === null ? '' : `${r.headline.partition} ${r.headline.metric} ${metricText(r.headline.value)}`,
    ...(sortMetric === undefined ? [] : [metricText(r.metrics[sortMetric])]),
    truncate(r.tags.join(', '), 24),
    truncate(r.name, 30),
  ]);
  const shown = list.runs.length < list.total ? `\n${list.runs.length} of ${list.total} runs shown (--limit).` : `\n${list.total} run${list.total === 1 ? '' : 's'}.`;
  return `${textTable(header, rows, ['r', 'l', 'l', 'l', 'r', 'l', ...(sortMetric === undefined ? [] : ['r' as const]), 'l', 'l'])}${shown}${list.runs.some((r) => r.champion) ? ' ★ champion.' : ''}`;
}

function renderDetail(run: RunDetail): string {
  const lines = [
    `Run ${run.number} (${run.id})${run.champion ? ' ★ champion' : ''}: ${run.status}`,
    `  graph      ${run.name}  (hash ${run.graphHash.slice(0, 12)}…)${run.upTo === null ? '' : `, up to ${run.upTo}`}`,
    `  started    ${run.startedAt}${run.durationMs === null ? '' : `, took ${formatDuration(run.durationMs)}`}`,
    `  backend    ${run.backend ?? '—'}   ${Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  if (run.tags.length > 0) lines.push(`  tags       ${run.tags.join(', ')}`);
  if (run.notes !== '') lines.push(`  notes      ${run.notes.split('\n').join('\n             ')}`);
  if (run.error !== null) lines.push('', formatError(run.error));
  if (run.inputs.length > 0) lines.push('', 'Inputs', ...run.inputs.map((i) => `  ${i.nodeId}: ${i.path}  sha256 ${i.sha256}`));
  lines.push('', 'Steps', textTable(['node', 'kind', 'status', 'time', 'error'], run.steps.map((s) => [s.nodeId, s.kind, s.status, formatDuration(s.durationMs), s.errorCode ?? '']), ['l', 'l', 'l', 'r', 'l']));
  for (const [nodeId, m] of Object.entries(run.metrics)) {
    const names = [...new Set(Object.values(m.scores).flatMap((s) => Object.keys(s ?? {})))];
    lines.push('', `Metrics of ${nodeId} (headline ${m.headline.partition} ${m.headline.metric} ${metricText(m.headline.value)})`);
    lines.push(textTable(['partition', ...names], Object.entries(m.scores).map(([p, s]) => [p, ...names.map((n) => metricText(s?.[n]))]), ['l', ...names.map(() => 'r' as const)]));
  }
  for (const gate of run.gates) lines.push('', `Gate ${gate.nodeId}: ${gate.passed ? 'passed' : 'FAILED'}`, ...gate.conditions.map((c) => `  ${c.passed ? '✓' : '✗'} ${c.label} (${metricText(c.actual)})`));
  for (const [nodeId, epochs] of Object.entries(run.history)) {
    const last = epochs.at(-1);
    if (last !== undefined) lines.push('', `Training ${nodeId}: ${epochs.length} epochs, last loss ${metricText(last.loss)}${last.valLoss === null ? '' : `, validation loss ${metricText(last.valLoss)}`}`);
  }
  lines.push('', `Artifacts (${run.folder}${run.folderExists ? '' : ': folder deleted'})`, ...run.artifacts.map((a) => `  ${a.kind.padEnd(11)} ${a.path}${a.exists === false ? '  (missing)' : ''}`));
  const params = Object.entries(run.params).filter(([, p]) => Object.keys(p.params).length > 0);
  lines.push('', 'Parameters', ...params.map(([id, p]) => `  ${id} (${p.kind}): ${Object.entries(p.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`));
  return lines.join('\n');
}

function renderComparison(cmp: RunComparison): string {
  const heads = cmp.runs.map((r) => `run ${r.number}`);
  const lines = [`Comparing ${cmp.runs.map((r) => `run ${r.number} (${r.status})`).join(', ')}`];
  const differing = cmp.params.filter((p) => p.differs);
  lines.push('', differing.length === 0 ? 'Parameters: all the same.' : 'Parameters that differ');
  if (differing.length > 0) lines.push(textTable(['node', 'param', ...heads], differing.map((p) => [p.nodeId, p.param, ...p.values.map((v) => (v === undefined ? '—' : truncate(JSON.stringify(v), 30)))])));
  const inputs = cmp.inputs.filter((i) => i.differs);
  if (inputs.length > 0) lines.push('', 'Input files that differ', textTable(['node', 'path', ...heads], inputs.map((i) => [i.nodeId, i.path, ...i.sha256.map((s) => (s === null ? '—' : s.slice(0, 12)))])));
  if (cmp.metrics.length > 0) {
    lines.push('', `Metrics (Δ against run ${cmp.runs[0]?.number ?? ''}; * best)`);
    lines.push(
      textTable(
        ['node', 'partition', 'metric', ...heads],
        cmp.metrics.map((m) => [
          m.nodeId,
          m.partition,
          m.metric,
          ...m.values.map((v, i) => {
            const delta = m.deltas[i];
            const star = m.best === i ? '*' : '';
            return i === 0 || delta === null || delta === undefined ? `${metricText(v)}${star}` : `${metricText(v)} (${delta >= 0 ? '+' : ''}${formatNumber(delta)})${star}`;
          }),
        ]),
        ['l', 'l', 'l', ...heads.map(() => 'r' as const)],
      ),
    );
  }
  for (const h of cmp.history) {
    const last = h.epochs.at(-1);
    lines.push(`${h.nodeId} in run ${cmp.runs.find((r) => r.id === h.runId)?.number ?? h.runId}: ${h.epochs.length} epochs, final loss ${metricText(last?.loss)}`);
  }
  return lines.join('\n');
}

function renderDrift(report: DriftReport): string {
  const rows = [...report.columns, ...(report.prediction === null ? [] : [report.prediction])].map((c) => [
    c.role === 'prediction' ? '(predictions)' : c.column,
    c.kind,
    c.drifted ? 'DRIFT' : 'ok',
    metricText(c.psi),
    c.ks !== null ? `KS ${formatNumber(c.ks.statistic)} p=${formatNumber(c.ks.pValue)}` : c.chi2 !== null ? `χ² p=${formatNumber(c.chi2.pValue)} JS ${formatNumber(c.jsDistance ?? 0)}` : '',
    `${formatNumber(Math.round(c.missingRate.reference * 1000) / 10)}% → ${formatNumber(Math.round(c.missingRate.current * 1000) / 10)}%`,
    truncate(c.reasons.join('; '), 60),
  ]);
  return [
    `Drift of ${report.currentRows} new rows against ${report.referenceRows} reference rows`,
    '',
    textTable(['column', 'kind', 'verdict', 'PSI', 'test', 'missing', 'why'], rows, ['l', 'l', 'l', 'r', 'l', 'r', 'l']),
    '',
    ...report.notes.map((n) => `note: ${n}`),
    report.summary,
  ].join('\n');
}

/** A model folder: MODEL_DIR itself, or the champion's model of a project folder. */
export function resolveModelDir(io: CliIo, path: string): string {
  const dir = resolve(io.cwd, path);
  if (existsSync(join(dir, MODEL_MANIFEST))) return dir;
  if (existsSync(join(dir, 'runs', 'runs.sqlite'))) {
    const store = RunStore.open(dir, { readOnly: true });
    try {
      const current = store.state.mode === 'unavailable' ? null : store.championState().current;
      if (current !== null) return join(dir, current.modelPath);
    } finally {
      store.close();
    }
    throw new MwError('MW_RUN_NO_MODEL', { message: `"${dir}" is a project without a champion: promote a run, or give a model folder.` });
  }
  throw new MwError('MW_MODEL_FILE_INVALID', { message: `"${dir}" is not a model folder (no ${MODEL_MANIFEST}) nor a project with a champion.`, details: { path: dir } });
}

async function runsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: [...rest],
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      json: { type: 'boolean', default: false },
      status: { type: 'string' },
      tag: { type: 'string' },
      search: { type: 'string' },
      sort: { type: 'string' },
      asc: { type: 'boolean', default: false },
      limit: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const print = (value: unknown, text: () => string) => io.stdout.write(`${values.json ? JSON.stringify(value, null, 2) : text()}\n`);
  switch (sub) {
    case 'list': {
      if (positionals.length > 0) return usage(io, 'runs list takes no positional arguments (use --project DIR).');
      const statuses = values.status?.split(',').map((s) => s.trim()) ?? [];
      const bad = statuses.filter((s) => !recordedRunStatusSchema.safeParse(s).success);
      if (bad.length > 0) return usage(io, `Unknown status ${bad.join(', ')}: use ${recordedRunStatusSchema.options.join(', ')}.`);
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) return usage(io, '--limit takes a whole number.');
      const direction = values.asc ? 'asc' : 'desc';
      const sortText = values.sort ?? 'started';
      const metric = /^(test|train|validation|cv)\.(.+)$/.exec(sortText);
      const keys = ['started', 'duration', 'status', 'name', 'number'] as const;
      if (metric === null && !keys.includes(sortText as (typeof keys)[number])) return usage(io, `--sort takes ${keys.join(', ')} or PARTITION.METRIC (e.g. test.rmse).`);
      const column = metric === null ? undefined : { partition: metric[1] as 'test', metric: metric[2] ?? '' };
      const query: ListRunsQuery = {
        limit,
        sort: column === undefined ? { by: sortText as (typeof keys)[number], direction } : { by: 'metric', direction, metric: column },
        ...(column === undefined ? {} : { columns: [column] }),
        ...(statuses.length > 0 ? { status: statuses as ('succeeded' | 'failed')[] } : {}),
        ...(values.tag === undefined ? {} : { tag: values.tag }),
        ...(values.search === undefined ? {} : { search: values.search }),
      };
      const store = openStore(io, values.project, true);
      try {
        const list = store.listRuns(query);
        print(list, () => renderList(list, column === undefined ? undefined : `${column.partition}.${column.metric}`));
      } finally {
        store.close();
      }
      return ExitCode.ok;
    }
    case 'show': {
      const [ref, ...extra] = positionals;
      if (ref === undefined || extra.length > 0) return usage(io, 'runs show takes one RUN.');
      const store = openStore(io, values.project, true);
      try {
        const run = store.getRun(resolveRun(store, ref));
        print(run, () => renderDetail(run));
      } finally {
        store.close();
      }
      return ExitCode.ok;
    }
    case 'compare': {
      if (positionals.length < 2 || positionals.length > 10) return usage(io, 'runs compare takes 2 to 10 runs.');
      const store = openStore(io, values.project, true);
      try {
        const cmp = store.compareRuns(positionals.map((p) => resolveRun(store, p)));
        print(cmp, () => renderComparison(cmp));
      } finally {
        store.close();
      }
      return ExitCode.ok;
    }
    case 'mlflow': {
      const [ref, ...extra] = positionals;
      if (ref === undefined || extra.length > 0) return usage(io, 'runs mlflow takes one RUN.');
      const project = resolve(io.cwd, values.project ?? '.');
      const store = openStore(io, values.project, true);
      try {
        const run = store.getRun(resolveRun(store, ref));
        const mlruns = values.out === undefined ? join(project, 'mlruns') : resolve(io.cwd, values.out);
        const out = await exportRunToMlflow(run, { mlrunsDir: mlruns, projectDir: project });
        print(out, () => `Exported run ${run.number} to ${out.runDir}\n  ${out.params} params, ${out.metrics} metrics, ${out.tags} tags, ${out.artifacts} artifacts.\n  View it with: mlflow ui --backend-store-uri ${mlruns}`);
      } finally {
        store.close();
      }
      return ExitCode.ok;
    }
    default:
      return usage(io, sub === undefined ? 'runs needs a subcommand: list, show, compare or mlflow.' : `Unknown runs subcommand "${sub}".`);
  }
}

async function promoteCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { project: { type: 'string' }, model: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const [ref, ...extra] = positionals;
  if (ref === undefined || extra.length > 0) return usage(io, 'promote takes one RUN.');
  const store = openStore(io, values.project, false);
  try {
    const champion = await store.promote(resolveRun(store, ref), { ...(values.model === undefined ? {} : { modelNode: values.model }), ...(values.note === undefined ? {} : { note: values.note }) });
    const headline = champion.headline === null ? '' : ` (${champion.headline.partition} ${champion.headline.metric} ${metricText(champion.headline.value)})`;
    io.stdout.write(values.json ? `${JSON.stringify(champion, null, 2)}\n` : `Run ${champion.number} is now the champion${headline}.\n  model: ${champion.modelPath}\n`);
  } finally {
    store.close();
  }
  return ExitCode.ok;
}

async function exportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { project: { type: 'string' }, model: { type: 'string' }, out: { type: 'string' } } });
  const [ref = 'champion', ...extra] = positionals;
  if (extra.length > 0) return usage(io, 'export takes at most one RUN.');
  if (values.out === undefined || values.out === '') return usage(io, 'export needs --out DIR.');
  const project = resolve(io.cwd, values.project ?? '.');
  const store = openStore(io, values.project, true);
  try {
    const run = store.getRun(resolveRun(store, ref));
    const model = run.artifacts.find((a) => a.kind === 'model' && (values.model === undefined || a.nodeId === values.model));
    if (model === undefined) throw new MwError('MW_RUN_NO_MODEL', { message: `Run ${run.number} has no saved model${values.model === undefined ? '' : ` from node "${values.model}"`}.` });
    if (model.exists !== true) throw new MwError('MW_RUN_ARTIFACTS_MISSING', { message: `The model folder "${model.path}" of run ${run.number} was deleted.` });
    const out = resolve(io.cwd, values.out);
    const written = await exportModelFolder(join(project, model.path), out, { origin: `run ${run.number} of "${run.name}"`, metrics: Object.values(run.metrics)[0] ?? null });
    io.stdout.write(`Exported the model of run ${run.number} to ${out}:\n  ${written.join(', ')}\n  Try: node ${join(isAbsolute(values.out) ? out : values.out, 'predict.js')} input.csv > predictions.csv\n`);
  } finally {
    store.close();
  }
  return ExitCode.ok;
}

async function monitorCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'fail-on-drift': { type: 'boolean', default: false }, psi: { type: 'string' }, alpha: { type: 'string' }, 'no-predictions': { type: 'boolean', default: false } },
  });
  const [modelPath, csv, ...extra] = positionals;
  if (modelPath === undefined || csv === undefined || extra.length > 0) return usage(io, 'monitor takes a model folder and a CSV file.');
  const number = (text: string | undefined, name: string) => {
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!Number.isFinite(v)) throw new MwError('MW_NODE_INVALID_PARAMS', { message: `--${name} takes a number, not "${text}".`, location: { field: name } });
    return v;
  };
  const psi = number(values.psi, 'psi');
  const alpha = number(values.alpha, 'alpha');
  const report = await monitorModelFolder(resolveModelDir(io, modelPath), csv, io.files(io.cwd), {
    thresholds: { ...(psi === undefined ? {} : { psi }), ...(alpha === undefined ? {} : { alpha }) },
    skipPredictions: values['no-predictions'],
  });
  io.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : renderDrift(report)}\n`);
  return values['fail-on-drift'] && report.retrainingSuggested ? CHECK_FAILED : ExitCode.ok;
}

async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { port: { type: 'string' }, host: { type: 'string' }, 'max-body': { type: 'string' } } });
  const [modelPath, ...extra] = positionals;
  if (modelPath === undefined || extra.length > 0) return usage(io, 'serve takes one model folder.');
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(io, '--port takes a port number (0 picks a free one).');
  const maxBody = values['max-body'] === undefined ? DEFAULT_MAX_BODY : Number(values['max-body']);
  if (!Number.isInteger(maxBody) || maxBody < 1) return usage(io, '--max-body takes a number of bytes.');
  const host = values.host ?? '127.0.0.1';
  const dir = resolveModelDir(io, modelPath);
  await ensureBackend();
  const model = await loadModel(dir, io.files(io.cwd));
  const reference = await readReference(dir);
  const server = await startServer(model, { host, port, maxBodyBytes: maxBody, inputTypes: reference?.inputTypes ?? {}, log: (line) => io.stderr.write(`${line}\n`) });
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') io.stderr.write(`warning: listening on ${host}, not only on this computer; anyone who can reach it can query the model.\n`);
  io.stdout.write(`Serving ${model.kind} (${model.task} of "${model.target}") from ${dir}\n  ${server.url}/predict  (POST {"rows": [...]}); ${server.url}/schema; ${server.url}/health\n  Ctrl-C stops.\n`);
  await new Promise<void>((done) => {
    if (io.signal.aborted) done();
    else io.signal.addEventListener('abort', () => done(), { once: true });
  });
  await server.close();
  io.stderr.write('Stopped.\n');
  return ExitCode.ok;
}

/** Dispatches the MLOps commands; returns null for a command that is not one of them. */
export async function mlopsMain(command: string, args: readonly string[], io: CliIo): Promise<number | null> {
  const commands: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
    runs: runsCommand,
    promote: promoteCommand,
    export: exportCommand,
    monitor: monitorCommand,
    serve: serveCommand,
  };
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (run === undefined) return null;
  try {
    return await run(args, io);
  } catch (thrown) {
    if (thrown instanceof TypeError && 'code' in thrown && String(thrown.code).startsWith('ERR_PARSE_ARGS')) return usage(io, thrown.message);
    return fail(io, thrown);
  }
}
