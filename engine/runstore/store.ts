/**
 * The run store of one project: one row per run in SQLite (./database.ts), artifacts in runs/<id>/.
 * Writes happen at two moments of a run (begin, finish), each one transaction, so a killed app leaves
 * either no row or a `running` row, which the next open marks `interrupted`.
 *
 * Reads return plain JSON shaped by ./schema.ts, ready to cross to the renderer.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MwError, type ErrorInfo } from '../errors';
import { parseGraphValue } from '../graph/load';
import type { Graph } from '../graph/schema';
import type { EpochRecord } from '../ml/model';
import { metricInfo } from '../ml/metrics/catalog';
import { graphHash } from '../report/lineage';
import { compareRunDetails } from './compare';
import { openDatabase, storeError, type SqliteDatabase } from './database';
import { CHAMPION_FILE, DATABASE_FILE, checkRunId, runFolder } from './paths';
import { writeChampionFile } from './champion-file';
import {
  listRunsQuerySchema,
  type Champion,
  type ChampionState,
  type ListRunsQuery,
  type MetricColumn,
  type RecordedRunStatus,
  type RunArtifact,
  type RunComparison,
  type RunDetail,
  type RunGate,
  type RunHeadline,
  type RunInput,
  type RunList,
  type RunListItem,
  type RunMetrics,
  type RunNodeParams,
  type RunStep,
  type RunStoreState,
} from './schema';

export interface OpenRunStoreOptions {
  /** Wall clock in ms since the epoch (tests pass a fake). */
  readonly now?: () => number;
  readonly busyTimeoutMs?: number;
  readonly readOnly?: boolean;
  /** Whether the process that started a `running` run is still alive (default: signal 0 on this host). */
  readonly isAlive?: (pid: number, host: string) => boolean;
  /** This process, as recorded on the runs it starts. */
  readonly pid?: number;
  readonly host?: string;
}

export interface BeginRunInput {
  readonly id: string;
  readonly name: string;
  readonly startedAt: number;
  readonly graph: Graph;
  readonly upTo: string | null;
  readonly inputs: readonly RunInput[];
  readonly params: Readonly<Record<string, RunNodeParams>>;
}

export type FinalRunStatus = Exclude<RecordedRunStatus, 'running' | 'interrupted'>;

export interface FinishRunInput {
  readonly status: FinalRunStatus;
  readonly endedAt: number;
  readonly durationMs: number;
  readonly steps: readonly RunStep[];
  /** Evaluate node id → summary; the first key (plan order) is the run's primary metrics. */
  readonly metrics: Readonly<Record<string, RunMetrics>>;
  readonly history: Readonly<Record<string, readonly EpochRecord[]>>;
  readonly gates: readonly RunGate[];
  readonly backend: string | null;
  readonly versions: Readonly<Record<string, string>>;
  readonly artifacts: readonly RunArtifact[];
  readonly error: ErrorInfo | null;
}

interface RunRow {
  id: string;
  seq: number;
  name: string;
  status: RecordedRunStatus;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  graph_hash: string;
  headline_metric: string | null;
  headline_partition: string | null;
  headline_value: number | null;
  higher_is_better: number | null;
  error_code: string | null;
  backend: string | null;
}

interface DetailRow extends RunRow {
  graph_json: string;
  up_to: string | null;
  inputs_json: string;
  params_json: string;
  steps_json: string;
  metrics_json: string;
  history_json: string;
  gates_json: string;
  versions_json: string;
  artifacts_json: string;
  error_json: string | null;
  notes: string;
}

interface ChampionRow {
  id: number;
  run_id: string;
  model_node: string;
  model_path: string;
  promoted_at: number;
  retired_at: number | null;
  note: string;
  seq: number;
  name: string;
  headline_metric: string | null;
  headline_partition: string | null;
  headline_value: number | null;
  higher_is_better: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const SEP = '\u001f';

/** The graph hash runs are recorded and found by: the one a report's lineage shows (engine/report/lineage.ts). */
export { graphHash };

function defaultIsAlive(pid: number, host: string): boolean {
  if (host !== hostname()) return true; // another machine's run (shared folder): leave it alone
  try {
    process.kill(pid, 0);
    return true;
  } catch (thrown) {
    return (thrown as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function headlineOf(row: Pick<RunRow, 'headline_metric' | 'headline_partition' | 'headline_value' | 'higher_is_better'>): RunHeadline | null {
  if (row.headline_metric === null || row.headline_partition === null) return null;
  return {
    metric: row.headline_metric,
    partition: row.headline_partition as RunHeadline['partition'],
    value: row.headline_value,
    higherIsBetter: row.higher_is_better === 1,
  };
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class RunStore {
  readonly projectDir: string;
  readonly file: string;
  private readonly db: SqliteDatabase | null;
  private readonly stateValue: RunStoreState;
  private readonly now: () => number;
  private readonly pid: number;
  private readonly host: string;

  private constructor(projectDir: string, db: SqliteDatabase | null, state: RunStoreState, options: OpenRunStoreOptions) {
    this.projectDir = projectDir;
    this.file = join(projectDir, DATABASE_FILE);
    this.db = db;
    this.stateValue = state;
    this.now = options.now ?? (() => Date.now());
    this.pid = options.pid ?? process.pid;
    this.host = options.host ?? hostname();
  }

  /**
   * Opens the project's run store, creating runs/ and the database when missing. Never throws for a damaged,
   * locked or too-new database: the store opens read-only or unavailable and `state.problem` says why.
   */
  static open(projectDir: string, options: OpenRunStoreOptions = {}): RunStore {
    const file = join(projectDir, DATABASE_FILE);
    const readOnly = options.readOnly === true || (!existsSync(file) && !existsSync(projectDir));
    if (!readOnly) mkdirSync(join(projectDir, 'runs'), { recursive: true });
    if (readOnly && !existsSync(file)) {
      const problem = new MwError('MW_RUN_NOT_FOUND', { message: `There is no run database in "${projectDir}" yet.`, details: { path: file } }).toInfo();
      return new RunStore(projectDir, null, { mode: 'unavailable', problem, interrupted: [] }, options);
    }
    const opened = openDatabase(file, { readOnly, ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }) });
    let interrupted: string[] = [];
    if (opened.mode === 'read-write') {
      try {
        interrupted = markInterrupted(opened.db, options.isAlive ?? defaultIsAlive, (options.now ?? Date.now)());
      } catch (thrown) {
        opened.db.close();
        const error = storeError(thrown, file);
        if (!(error instanceof MwError)) throw thrown;
        return RunStore.open(projectDir, { ...options, readOnly: true }).withProblem(error.toInfo());
      }
    }
    return new RunStore(projectDir, opened.db, { mode: opened.mode, problem: opened.problem, interrupted }, options);
  }

  private withProblem(problem: ErrorInfo): RunStore {
    return new RunStore(this.projectDir, this.db, { ...this.stateValue, problem }, { now: this.now, pid: this.pid, host: this.host });
  }

  get state(): RunStoreState {
    return this.stateValue;
  }

  get writable(): boolean {
    return this.stateValue.mode === 'read-write';
  }

  close(): void {
    if (this.db === null || !this.db.open) return;
    // Lets SQLite refresh its planner statistics when they are stale (cheap; recommended before closing).
    if (this.writable) {
      try {
        this.db.pragma('optimize');
      } catch {
        // Statistics are an optimisation; closing must not fail over them.
      }
    }
    this.db.close();
  }

  private reader(): SqliteDatabase {
    if (this.db === null) throw new MwError(this.stateValue.problem?.code ?? 'MW_RUNSTORE_CORRUPT', { message: this.stateValue.problem?.message ?? 'The run database is unavailable.', details: { path: this.file } });
    return this.db;
  }

  private writer(): SqliteDatabase {
    const db = this.reader();
    if (!this.writable) {
      throw new MwError('MW_RUNSTORE_READ_ONLY', {
        message: `The run database is open read-only${this.stateValue.problem === null ? '' : `: ${this.stateValue.problem.message}`}`,
        details: { path: this.file, cause: this.stateValue.problem?.code ?? null },
      });
    }
    return db;
  }

  /** Runs `fn` and turns SQLite failures into coded errors. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (thrown) {
      throw storeError(thrown, this.file);
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Writing runs

  /** Records a run as `running` (one transaction). */
  beginRun(input: BeginRunInput): void {
    checkRunId(input.id);
    const db = this.writer();
    this.guard(() =>
      db
        .prepare(
          `INSERT INTO runs (id, seq, name, status, started_at, graph_hash, graph_json, up_to, inputs_json, params_json, owner_pid, owner_host)
           VALUES (@id, (SELECT coalesce(max(seq), 0) + 1 FROM runs), @name, 'running', @startedAt, @graphHash, @graph, @upTo, @inputs, @params, @pid, @host)`,
        )
        .run({
          id: input.id,
          name: input.name,
          startedAt: input.startedAt,
          graphHash: graphHash(input.graph),
          graph: JSON.stringify(input.graph),
          upTo: input.upTo,
          inputs: JSON.stringify(input.inputs),
          params: JSON.stringify(input.params),
          pid: this.pid,
          host: this.host,
        }),
    );
  }

  /** Records how a run ended, its metrics, history and artifacts (one transaction). */
  finishRun(id: string, input: FinishRunInput): void {
    const db = this.writer();
    const entries = Object.entries(input.metrics);
    const primary = entries[0]?.[1];
    const headline = primary?.headline;
    this.guard(() =>
      db.transaction(() => {
        const changed = db
          .prepare(
            `UPDATE runs SET status = @status, ended_at = @endedAt, duration_ms = @durationMs, steps_json = @steps, metrics_json = @metrics,
               history_json = @history, gates_json = @gates, headline_metric = @hMetric, headline_partition = @hPartition, headline_value = @hValue,
               higher_is_better = @hHigher, backend = @backend, versions_json = @versions, artifacts_json = @artifacts, error_code = @errorCode,
               error_json = @error, owner_pid = NULL, owner_host = NULL
             WHERE id = @id`,
          )
          .run({
            id,
            status: input.status,
            endedAt: input.endedAt,
            durationMs: input.durationMs,
            steps: JSON.stringify(input.steps),
            metrics: JSON.stringify(input.metrics),
            history: JSON.stringify(input.history),
            gates: JSON.stringify(input.gates),
            hMetric: headline?.metric ?? null,
            hPartition: headline?.partition ?? null,
            hValue: headline?.value ?? null,
            hHigher: headline === undefined ? null : headline.higherIsBetter ? 1 : 0,
            backend: input.backend,
            versions: JSON.stringify(input.versions),
            artifacts: JSON.stringify(input.artifacts),
            errorCode: input.error?.code ?? null,
            error: input.error === null ? null : JSON.stringify(input.error),
          }).changes;
        if (changed === 0) throw new MwError('MW_RUN_NOT_FOUND', { message: `Run "${id}" was not begun in this store.`, details: { runId: id } });
        const insert = db.prepare('INSERT OR REPLACE INTO run_metrics (run_id, node_id, partition, metric, value, is_primary) VALUES (?, ?, ?, ?, ?, ?)');
        entries.forEach(([nodeId, metrics], index) => {
          for (const [partition, scores] of Object.entries(metrics.scores)) {
            for (const [metric, value] of Object.entries(scores ?? {})) insert.run(id, nodeId, partition, metric, value, index === 0 ? 1 : 0);
          }
        });
      }).immediate(),
    );
  }

  /** Inserts many finished runs at once (benchmarks and imports). */
  insertFinishedRuns(runs: readonly { begin: BeginRunInput; finish: FinishRunInput }[]): void {
    const db = this.writer();
    this.guard(() =>
      db.transaction(() => {
        for (const run of runs) {
          this.beginRun(run.begin);
          this.finishRun(run.begin.id, run.finish);
        }
      }).immediate(),
    );
  }

  setNotes(id: string, notes: string): void {
    const db = this.writer();
    this.requireRun(id);
    this.guard(() => db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(notes, id));
  }

  /** Replaces the run's tags (trimmed, duplicates dropped). */
  setTags(id: string, tags: readonly string[]): void {
    const db = this.writer();
    this.requireRun(id);
    const unique = [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
    this.guard(() =>
      db.transaction(() => {
        db.prepare('DELETE FROM run_tags WHERE run_id = ?').run(id);
        const insert = db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)');
        for (const tag of unique) insert.run(id, tag);
      }).immediate(),
    );
  }

  // -----------------------------------------------------------------------------------------------
  // Reading runs

  private requireRun(id: string): void {
    const found = this.guard(() => this.reader().prepare('SELECT 1 AS one FROM runs WHERE id = ?').get(id));
    if (found === undefined) throw new MwError('MW_RUN_NOT_FOUND', { message: `There is no run "${id}" in this project.`, details: { runId: id } });
  }

  /** The runs table: filtered, sorted, paged (see listRunsQuerySchema). */
  listRuns(query: ListRunsQuery = {}): RunList {
    const db = this.reader();
    const q = listRunsQuerySchema.parse(query);
    const where: string[] = [];
    const params: unknown[] = [];
    const joins: string[] = [];
    const joinParams: unknown[] = [];
    const addMetricJoin = (column: MetricColumn): string => {
      const alias = `m${joins.length}`;
      joins.push(`LEFT JOIN run_metrics ${alias} ON ${alias}.run_id = r.id AND ${alias}.is_primary = 1 AND ${alias}.metric = ? AND ${alias}.partition = ?`);
      joinParams.push(column.metric, column.partition);
      return alias;
    };

    if (q.status !== undefined && q.status.length > 0) {
      where.push(`r.status IN (${q.status.map(() => '?').join(', ')})`);
      params.push(...q.status);
    }
    if (q.tag !== undefined) {
      where.push('EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)');
      params.push(q.tag);
    }
    if (q.since !== undefined) {
      where.push('r.started_at >= ?');
      params.push(Date.parse(q.since));
    }
    if (q.until !== undefined) {
      where.push('r.started_at < ?');
      params.push(Date.parse(q.until));
    }
    if (q.graphHash !== undefined) {
      where.push('r.graph_hash = ?');
      params.push(q.graphHash);
    }
    if (q.search !== undefined && q.search.trim() !== '') {
      const pattern = likePattern(q.search.trim());
      where.push("(r.name LIKE ? ESCAPE '\\' OR r.notes LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag LIKE ? ESCAPE '\\'))");
      params.push(pattern, pattern, pattern);
    }
    const selected: { key: string; alias: string }[] = [];
    const columnAlias = (column: MetricColumn): string => {
      const key = `${column.partition}.${column.metric}`;
      const existing = selected.find((s) => s.key === key);
      if (existing !== undefined) return existing.alias;
      const alias = addMetricJoin(column);
      selected.push({ key, alias });
      return alias;
    };
    for (const column of q.columns) columnAlias(column);
    if (q.metric !== undefined) {
      const alias = columnAlias(q.metric);
      where.push(`${alias}.value IS NOT NULL`);
      if (q.metric.min !== undefined) {
        where.push(`${alias}.value >= ?`);
        params.push(q.metric.min);
      }
      if (q.metric.max !== undefined) {
        where.push(`${alias}.value <= ?`);
        params.push(q.metric.max);
      }
    }
    let order: string;
    const direction = q.sort.direction === 'asc' ? 'ASC' : 'DESC';
    switch (q.sort.by) {
      case 'started':
        order = `r.started_at ${direction}, r.seq ${direction}`;
        break;
      case 'duration':
        order = `(r.duration_ms IS NULL), r.duration_ms ${direction}, r.seq DESC`;
        break;
      case 'status':
        order = `r.status ${direction}, r.started_at DESC`;
        break;
      case 'name':
        order = `r.name COLLATE NOCASE ${direction}, r.seq DESC`;
        break;
      case 'number':
        order = `r.seq ${direction}`;
        break;
      case 'metric': {
        const column = q.sort.metric ?? q.metric;
        if (column === undefined) {
          order = `(r.headline_value IS NULL), r.headline_value ${direction}, r.seq DESC`;
        } else {
          const alias = columnAlias(column);
          order = `(${alias}.value IS NULL), ${alias}.value ${direction}, r.seq DESC`;
        }
        break;
      }
    }
    const whereSql = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const joinSql = joins.join(' ');
    const valueColumns = selected.map((s, i) => `, ${s.alias}.value AS c${i}`).join('');
    return this.guard(() => {
      // Only a metric filter needs its join to count; column and sort joins never drop rows.
      const filterAlias = q.metric === undefined ? undefined : selected.find((s) => s.key === `${q.metric?.partition}.${q.metric?.metric}`)?.alias;
      const filterIndex = filterAlias === undefined ? -1 : Number(filterAlias.slice(1));
      const countJoin = filterIndex < 0 ? '' : (joins[filterIndex] ?? '');
      const countParams = filterIndex < 0 ? [] : joinParams.slice(2 * filterIndex, 2 * filterIndex + 2);
      const total = (db.prepare(`SELECT count(*) AS n FROM runs r ${countJoin} ${whereSql}`).get(...countParams, ...params) as { n: number }).n;
      const rows = db
        .prepare(
          `SELECT r.id, r.seq, r.name, r.status, r.started_at, r.ended_at, r.duration_ms, r.graph_hash, r.headline_metric, r.headline_partition,
                  r.headline_value, r.higher_is_better, r.error_code, r.backend, length(r.notes) > 0 AS has_notes,
                  (SELECT group_concat(t.tag, '${SEP}') FROM run_tags t WHERE t.run_id = r.id) AS tags${valueColumns}
           FROM runs r ${joinSql} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
        )
        .all(...joinParams, ...params, q.limit, q.offset) as (RunRow & { has_notes: number; tags: string | null } & Record<string, number | null>)[];
      const championId = this.currentChampionRunId();
      const runs = rows.map((row): RunListItem => {
        const metrics: Record<string, number | null> = {};
        selected.forEach((s, i) => (metrics[s.key] = row[`c${i}`] ?? null));
        return {
          id: row.id,
          number: row.seq,
          name: row.name,
          status: row.status,
          startedAt: iso(row.started_at),
          endedAt: row.ended_at === null ? null : iso(row.ended_at),
          durationMs: row.duration_ms,
          headline: headlineOf(row),
          metrics,
          tags: row.tags === null ? [] : row.tags.split(SEP).sort(),
          hasNotes: row.has_notes === 1,
          champion: row.id === championId,
          errorCode: row.error_code,
          graphHash: row.graph_hash,
          backend: row.backend,
        };
      });
      const tags = (db.prepare('SELECT DISTINCT tag FROM run_tags ORDER BY tag').all() as { tag: string }[]).map((r) => r.tag);
      const metrics = db.prepare('SELECT DISTINCT metric, partition FROM run_metrics WHERE is_primary = 1 ORDER BY partition, metric').all() as MetricColumn[];
      return { total, runs, tags, metrics };
    });
  }

  /** Everything recorded about one run, with a check that its files still exist. */
  getRun(id: string): RunDetail {
    const db = this.reader();
    const row = this.guard(() => db.prepare('SELECT * FROM runs WHERE id = ?').get(id)) as DetailRow | undefined;
    if (row === undefined) throw new MwError('MW_RUN_NOT_FOUND', { message: `There is no run "${id}" in this project.`, details: { runId: id } });
    const tags = this.guard(() => (db.prepare('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((t) => t.tag));
    const folder = runFolder(row.id);
    const artifacts = parseJson<RunArtifact[]>(row.artifacts_json, []).map((a) => ({ ...a, exists: existsSync(join(this.projectDir, a.path)) }));
    return {
      id: row.id,
      number: row.seq,
      name: row.name,
      status: row.status,
      startedAt: iso(row.started_at),
      endedAt: row.ended_at === null ? null : iso(row.ended_at),
      durationMs: row.duration_ms,
      graphHash: row.graph_hash,
      graph: parseGraphValue(JSON.parse(row.graph_json)),
      upTo: row.up_to,
      inputs: parseJson(row.inputs_json, []),
      params: parseJson(row.params_json, {}),
      steps: parseJson(row.steps_json, []),
      metrics: parseJson(row.metrics_json, {}),
      history: parseJson(row.history_json, {}),
      headline: headlineOf(row),
      gates: parseJson(row.gates_json, []),
      backend: row.backend,
      versions: parseJson(row.versions_json, {}),
      artifacts,
      folder,
      folderExists: existsSync(join(this.projectDir, folder)),
      error: parseJson<ErrorInfo | null>(row.error_json, null),
      notes: row.notes,
      tags,
      champion: this.currentChampionRunId() === row.id,
    };
  }

  /** Side by side: parameters that differ, metrics with deltas, training curves to overlay. */
  compareRuns(ids: readonly string[]): RunComparison {
    if (ids.length < 2) throw new MwError('MW_IPC_BAD_PAYLOAD', { message: 'Choose at least two runs to compare.' });
    return compareRunDetails(ids.map((id) => this.getRun(id)));
  }

  /** The graph exactly as it was when the run started, migrated to the current format. */
  restoreGraph(id: string): { graph: Graph; runId: string; number: number } {
    const row = this.guard(() => this.reader().prepare('SELECT seq, graph_json FROM runs WHERE id = ?').get(id)) as { seq: number; graph_json: string } | undefined;
    if (row === undefined) throw new MwError('MW_RUN_NOT_FOUND', { message: `There is no run "${id}" in this project.`, details: { runId: id } });
    return { graph: parseGraphValue(JSON.parse(row.graph_json)), runId: id, number: row.seq };
  }

  // -----------------------------------------------------------------------------------------------
  // Champion

  private currentChampionRunId(): string | null {
    const row = this.reader().prepare('SELECT run_id FROM champions WHERE retired_at IS NULL').get() as { run_id: string } | undefined;
    return row?.run_id ?? null;
  }

  /**
   * Makes the run's model the project's champion (retiring the previous one; history is kept) and writes
   * runs/champion.json for the threshold gate. The run must have succeeded and its model folder must exist.
   */
  async promote(id: string, options: { modelNode?: string; note?: string } = {}): Promise<Champion> {
    const db = this.writer();
    const run = this.getRun(id);
    if (run.status !== 'succeeded') {
      throw new MwError('MW_RUN_NO_MODEL', { message: `Run ${run.number} did not succeed (${run.status}), so its model cannot be promoted.`, details: { runId: id, status: run.status } });
    }
    const models = run.artifacts.filter((a) => a.kind === 'model' && (options.modelNode === undefined || a.nodeId === options.modelNode));
    const model = models[0];
    if (model === undefined) {
      throw new MwError('MW_RUN_NO_MODEL', { message: `Run ${run.number} has no saved model${options.modelNode === undefined ? '' : ` from node "${options.modelNode}"`}.`, details: { runId: id } });
    }
    if (model.exists !== true) {
      throw new MwError('MW_RUN_ARTIFACTS_MISSING', { message: `The model folder "${model.path}" of run ${run.number} was deleted.`, details: { runId: id, path: model.path } });
    }
    const at = this.now();
    this.guard(() =>
      db.transaction(() => {
        db.prepare('UPDATE champions SET retired_at = ? WHERE retired_at IS NULL').run(at);
        db.prepare('INSERT INTO champions (run_id, model_node, model_path, promoted_at, note) VALUES (?, ?, ?, ?, ?)').run(id, model.nodeId, model.path, at, options.note ?? '');
      }).immediate(),
    );
    const champion = this.championState().current;
    if (champion === null) throw new MwError('MW_INTERNAL', { message: 'The champion was not recorded.' });
    const primary = Object.values(run.metrics)[0] ?? null;
    await writeChampionFile(join(this.projectDir, CHAMPION_FILE), champion, primary);
    return champion;
  }

  championState(): ChampionState {
    const rows = this.guard(
      () =>
        this.reader()
          .prepare(
            `SELECT c.*, r.seq, r.name, r.headline_metric, r.headline_partition, r.headline_value, r.higher_is_better
             FROM champions c JOIN runs r ON r.id = c.run_id ORDER BY c.id DESC`,
          )
          .all() as ChampionRow[],
    );
    const history = rows.map(
      (row): Champion => ({
        runId: row.run_id,
        number: row.seq,
        name: row.name,
        modelNode: row.model_node,
        modelPath: row.model_path,
        promotedAt: iso(row.promoted_at),
        retiredAt: row.retired_at === null ? null : iso(row.retired_at),
        note: row.note,
        headline: headlineOf(row),
      }),
    );
    return { current: history.find((c) => c.retiredAt === null) ?? null, history };
  }
}

/** Marks `running` runs whose process is gone as `interrupted`; returns their ids. */
function markInterrupted(db: SqliteDatabase, isAlive: (pid: number, host: string) => boolean, now: number): string[] {
  const running = db.prepare("SELECT id, owner_pid, owner_host FROM runs WHERE status = 'running'").all() as { id: string; owner_pid: number | null; owner_host: string | null }[];
  const dead = running.filter((r) => r.owner_pid === null || r.owner_host === null || !isAlive(r.owner_pid, r.owner_host)).map((r) => r.id);
  if (dead.length === 0) return [];
  const error = JSON.stringify(new MwError('MW_ENGINE_CRASHED', { message: 'Modelwright stopped while this run was in progress.' }).toInfo());
  db.transaction(() => {
    const update = db.prepare(
      "UPDATE runs SET status = 'interrupted', ended_at = coalesce(ended_at, ?), error_code = 'MW_ENGINE_CRASHED', error_json = ?, owner_pid = NULL, owner_host = NULL WHERE id = ? AND status = 'running'",
    );
    for (const id of dead) update.run(now, error, id);
  }).immediate();
  return dead;
}

/** The `higherIsBetter` of a metric name, or null when it is not in the catalog. */
export function higherIsBetter(metric: string): boolean | null {
  return metricInfo(metric)?.higherIsBetter ?? null;
}
