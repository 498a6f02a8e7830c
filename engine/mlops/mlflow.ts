/**
 * Exports a recorded run as an MLflow run directory, in the layout of MLflow's file store (`mlruns`), so a
 * team can point `mlflow ui --backend-store-uri file:///…/mlruns` at it. Layout (docs/mlops.md):
 *
 *   mlruns/<experiment id>/meta.yaml                 experiment: name, artifact_location, lifecycle_stage…
 *   mlruns/<experiment id>/<run id>/meta.yaml         run: run_id, run_name, status (3 finished, 4 failed,
 *                                                    5 killed), start_time, end_time (ms), artifact_uri…
 *   mlruns/<experiment id>/<run id>/params/<key>      one value per file, no newline (`<node>.<param>`)
 *   mlruns/<experiment id>/<run id>/metrics/<key>     lines "<timestamp ms> <value> <step>"
 *   mlruns/<experiment id>/<run id>/tags/<key>        one value per file (mlflow.runName, mlflow.note.content…)
 *   mlruns/<experiment id>/<run id>/artifacts/        the run's files (model, metrics, predictions, graph)
 *
 * The experiment is found by name (the project's name) or created with the next free numeric id; an empty
 * mlruns also gets MLflow's "Default" experiment 0, as MLflow itself creates it.
 */
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MwError } from '../errors';
import type { RecordedRunStatus, RunDetail } from '../runstore/schema';

/** MLflow's RunStatus enum as stored in meta.yaml. */
const STATUS: Record<RecordedRunStatus, number> = { running: 1, succeeded: 3, failed: 4, diverged: 4, interrupted: 4, cancelled: 5 };
/** MLflow's SourceType.LOCAL. */
const SOURCE_LOCAL = 4;

export interface MlflowExportOptions {
  /** The `mlruns` folder (created if missing). */
  readonly mlrunsDir: string;
  /** The project folder the run's artifact paths are relative to. */
  readonly projectDir: string;
  /** Experiment name (default: the run's graph name). */
  readonly experiment?: string;
  readonly user?: string;
  readonly now?: () => number;
}

export interface MlflowExport {
  readonly experimentId: string;
  readonly runDir: string;
  readonly params: number;
  readonly metrics: number;
  readonly tags: number;
  readonly artifacts: number;
}

/** YAML scalars: JSON strings are valid double-quoted YAML; numbers as they are. */
function yaml(entries: readonly [string, string | number | null | readonly never[]][]): string {
  return (
    entries
      .map(([key, value]) => `${key}: ${value === null ? 'null' : Array.isArray(value) ? '[]' : typeof value === 'number' ? String(value) : JSON.stringify(value)}`)
      .join('\n') + '\n'
  );
}

/** MLflow keys allow letters, digits, `_ - . /` and spaces; anything else becomes `_` (no `/`, it makes folders). */
export function mlflowKey(text: string): string {
  const key = text.replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '_');
  return key === '' ? '_' : key.slice(0, 250);
}

function paramValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/** Python-readable float text (`float()` accepts JS's NaN, Infinity and exponent forms). */
function metricValue(value: number): string {
  return Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
}

async function findOrCreateExperiment(mlruns: string, name: string, now: number): Promise<string> {
  await mkdir(mlruns, { recursive: true });
  await mkdir(join(mlruns, '.trash'), { recursive: true });
  const entries = await readdir(mlruns, { withFileTypes: true });
  const ids: number[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^\d+$/.test(entry.name)) continue;
    ids.push(Number(entry.name));
    const meta = join(mlruns, entry.name, 'meta.yaml');
    if (!existsSync(meta)) continue;
    const text = await readFile(meta, 'utf8');
    const match = /^name: (.*)$/m.exec(text);
    const found = match?.[1]?.trim();
    if (found !== undefined && (found === name || found === JSON.stringify(name) || found === `'${name}'`)) return entry.name;
  }
  const writeExperiment = async (id: string, experimentName: string) => {
    const dir = join(mlruns, id);
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'meta.yaml'),
      yaml([
        ['artifact_location', pathToFileURL(dir).href],
        ['creation_time', now],
        ['experiment_id', id],
        ['last_update_time', now],
        ['lifecycle_stage', 'active'],
        ['name', experimentName],
      ]),
    );
  };
  if (ids.length === 0) {
    await writeExperiment('0', 'Default');
    ids.push(0);
  }
  const id = String(Math.max(...ids) + 1);
  await writeExperiment(id, name);
  return id;
}

/** Writes the run in MLflow's file-store layout; returns where and how much. */
export async function exportRunToMlflow(run: RunDetail, options: MlflowExportOptions): Promise<MlflowExport> {
  const now = (options.now ?? Date.now)();
  const mlruns = resolve(options.mlrunsDir);
  const start = Date.parse(run.startedAt);
  const end = run.endedAt === null ? null : Date.parse(run.endedAt);
  try {
    const experimentId = await findOrCreateExperiment(mlruns, options.experiment ?? run.name, now);
    const runDir = join(mlruns, experimentId, run.id);
    const artifactsDir = join(runDir, 'artifacts');
    for (const sub of ['params', 'metrics', 'tags', 'artifacts']) await mkdir(join(runDir, sub), { recursive: true });
    await writeFile(
      join(runDir, 'meta.yaml'),
      yaml([
        ['artifact_uri', pathToFileURL(artifactsDir).href],
        ['end_time', end],
        ['entry_point_name', ''],
        ['experiment_id', experimentId],
        ['lifecycle_stage', 'active'],
        ['run_id', run.id],
        ['run_name', `run ${run.number}`],
        ['run_uuid', run.id],
        ['source_name', ''],
        ['source_type', SOURCE_LOCAL],
        ['source_version', ''],
        ['start_time', start],
        ['status', STATUS[run.status]],
        ['tags', []],
        ['user_id', options.user ?? 'modelwright'],
      ]),
    );

    // Params: every node's validated parameters, keyed "<node>.<param>".
    const params = new Map<string, string>();
    for (const [nodeId, node] of Object.entries(run.params)) {
      for (const [name, value] of Object.entries(node.params)) params.set(mlflowKey(`${nodeId}.${name}`), paramValue(value));
    }
    for (const [key, value] of params) await writeFile(join(runDir, 'params', key), value);

    // Metrics: the primary Evaluate node's scores as "<partition>_<metric>", others prefixed by node;
    // training curves per epoch as "<train node>.loss" etc. with step = epoch.
    const metrics = new Map<string, string[]>();
    const add = (key: string, value: number | null, step: number, timestamp: number) => {
      if (value === null) return;
      const k = mlflowKey(key);
      const lines = metrics.get(k) ?? [];
      lines.push(`${timestamp} ${metricValue(value)} ${step}`);
      metrics.set(k, lines);
    };
    const stamp = end ?? start;
    Object.entries(run.metrics).forEach(([nodeId, result], index) => {
      for (const [partition, scores] of Object.entries(result.scores)) {
        for (const [metric, value] of Object.entries(scores ?? {})) add(`${index === 0 ? '' : `${nodeId}.`}${partition}_${metric}`, value, 0, stamp);
      }
    });
    for (const [nodeId, epochs] of Object.entries(run.history)) {
      let t = start;
      for (const e of epochs) {
        t += e.ms;
        const at = Math.round(t);
        add(`${nodeId}.loss`, e.loss, e.epoch, at);
        add(`${nodeId}.val_loss`, e.valLoss, e.epoch, at);
        add(`${nodeId}.metric`, e.metric, e.epoch, at);
        add(`${nodeId}.val_metric`, e.valMetric, e.epoch, at);
      }
    }
    for (const [key, lines] of metrics) await writeFile(join(runDir, 'metrics', key), `${lines.join('\n')}\n`);

    // Tags: MLflow's own (run name, note, source) and Modelwright's lineage.
    const tags = new Map<string, string>([
      ['mlflow.runName', `run ${run.number}`],
      ['mlflow.source.name', 'modelwright'],
      ['mlflow.source.type', 'LOCAL'],
      ['mlflow.user', options.user ?? 'modelwright'],
      ['modelwright.status', run.status],
      ['modelwright.graph', run.name],
      ['modelwright.graphHash', run.graphHash],
    ]);
    if (run.notes !== '') tags.set('mlflow.note.content', run.notes);
    if (run.backend !== null) tags.set('modelwright.backend', run.backend);
    if (run.error !== null) tags.set('modelwright.error', `${run.error.code}: ${run.error.message}`);
    for (const [name, version] of Object.entries(run.versions)) tags.set(mlflowKey(`modelwright.version.${name}`), version);
    for (const input of run.inputs) tags.set(mlflowKey(`modelwright.input.${input.nodeId}`), `${input.path} sha256:${input.sha256}`);
    for (const gate of run.gates) tags.set(mlflowKey(`modelwright.gate.${gate.nodeId}`), gate.passed ? 'passed' : 'failed');
    for (const tag of run.tags) tags.set(mlflowKey(tag), 'true');
    for (const [key, value] of tags) await writeFile(join(runDir, 'tags', mlflowKey(key)), value);

    // Artifacts: the run's folder as it is, plus the full record.
    let artifacts = 0;
    for (const artifact of run.artifacts) {
      const from = join(options.projectDir, artifact.path);
      if (!existsSync(from)) continue;
      await cp(from, join(artifactsDir, artifact.path.split('/').at(-1) ?? artifact.path), { recursive: true });
      artifacts++;
    }
    await writeFile(join(artifactsDir, 'modelwright-run.json'), `${JSON.stringify(run, null, 2)}\n`);
    artifacts++;
    return { experimentId, runDir, params: params.size, metrics: metrics.size, tags: tags.size, artifacts };
  } catch (thrown) {
    if (thrown instanceof MwError) throw thrown;
    throw new MwError('MW_MLFLOW_EXPORT', { message: `The run could not be exported to "${mlruns}": ${thrown instanceof Error ? thrown.message : String(thrown)}.`, details: { path: mlruns }, cause: thrown });
  }
}
