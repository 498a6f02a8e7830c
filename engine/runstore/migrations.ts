/**
 * Run store schema, as numbered migrations. `PRAGMA user_version` holds how many have been applied; opening
 * the store applies the rest, each in its own transaction. Never edit a released migration: append one.
 *
 * Times are integer milliseconds since the epoch (UTC). JSON columns hold summaries only (scores, epochs,
 * params), never tensors or table data: those live in files under runs/<id>/.
 */
export const migrations: readonly string[] = [
  // 1: runs, their tags and metrics, and the champion history.
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'diverged', 'interrupted')),
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    duration_ms REAL,
    graph_hash TEXT NOT NULL,
    graph_json TEXT NOT NULL,
    up_to TEXT,
    inputs_json TEXT NOT NULL DEFAULT '[]',
    params_json TEXT NOT NULL DEFAULT '{}',
    steps_json TEXT NOT NULL DEFAULT '[]',
    metrics_json TEXT NOT NULL DEFAULT '{}',
    history_json TEXT NOT NULL DEFAULT '{}',
    gates_json TEXT NOT NULL DEFAULT '[]',
    headline_metric TEXT,
    headline_partition TEXT,
    headline_value REAL,
    higher_is_better INTEGER,
    backend TEXT,
    versions_json TEXT NOT NULL DEFAULT '{}',
    artifacts_json TEXT NOT NULL DEFAULT '[]',
    error_code TEXT,
    error_json TEXT,
    notes TEXT NOT NULL DEFAULT '',
    owner_pid INTEGER,
    owner_host TEXT
  );
  CREATE INDEX runs_started ON runs (started_at, seq);
  CREATE INDEX runs_status_started ON runs (status, started_at);
  CREATE INDEX runs_graph_hash ON runs (graph_hash, started_at);
  CREATE INDEX runs_headline ON runs (headline_metric, headline_partition, headline_value);

  CREATE TABLE run_tags (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (run_id, tag)
  ) WITHOUT ROWID;
  CREATE INDEX run_tags_tag ON run_tags (tag, run_id);

  CREATE TABLE run_metrics (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    partition TEXT NOT NULL,
    metric TEXT NOT NULL,
    value REAL,
    is_primary INTEGER NOT NULL,
    PRIMARY KEY (run_id, node_id, partition, metric)
  ) WITHOUT ROWID;
  -- Joining a run's metric columns (the runs table) and filtering or sorting runs by a metric value.
  CREATE INDEX run_metrics_by_run ON run_metrics (run_id, is_primary, metric, partition, value);
  CREATE INDEX run_metrics_by_value ON run_metrics (metric, partition, is_primary, value);

  CREATE TABLE champions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL REFERENCES runs (id),
    model_node TEXT NOT NULL,
    model_path TEXT NOT NULL,
    promoted_at INTEGER NOT NULL,
    retired_at INTEGER,
    note TEXT NOT NULL DEFAULT ''
  );
  -- One champion per project: at most one row that is not retired.
  CREATE UNIQUE INDEX champions_one_current ON champions ((1)) WHERE retired_at IS NULL;
  `,
];

export const SCHEMA_VERSION = migrations.length;
