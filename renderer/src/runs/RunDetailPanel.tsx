/**
 * The details of the run clicked in the table: outcome, metrics, gates, inputs and artifacts; its notes
 * and tags (editable); and what can be done with it: restore its graph, promote it, export it for MLflow.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunDetail, RunMetrics } from '../../../engine/runstore/schema';
import { exportRunToMlflow, parseTags, promoteRunToChampion, restoreRunGraph, saveRunNotes, saveRunTags } from '../services/runs';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { formatMetric, metricLabel } from '../results/summaries';
import { formatDuration, formatHeadline, formatStarted, statusLabels } from './format';

const selectDetail = (s: AppState) => ({ focused: s.runs.focused, detail: s.runs.detail, busy: s.runs.busy, writable: s.runs.store?.mode !== 'read-only' && s.runs.store?.mode !== 'unavailable' });

const partitionOrder = ['test', 'validation', 'train', 'cv'] as const;

function MetricsTable({ nodeId, metrics }: { nodeId: string; metrics: RunMetrics }) {
  const partitions = partitionOrder.filter((p) => metrics.scores[p] !== undefined);
  const names = [...new Set(partitions.flatMap((p) => Object.keys(metrics.scores[p] ?? {})))];
  return (
    <table className="mw-runs-kv mw-runs-metrics" data-testid={`run-metrics-${nodeId}`}>
      <thead>
        <tr><th>{nodeId}</th>{partitions.map((p) => <th key={p} className="mw-num">{p}</th>)}</tr>
      </thead>
      <tbody>
        {names.map((name) => (
          <tr key={name}>
            <td>{metricLabel(name)}</td>
            {partitions.map((p) => <td key={p} className="mw-num">{formatMetric(metrics.scores[p]?.[name])}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Notes and tags keep their own draft until saved; remounted (keyed by run) when another run is shown. */
function NotesAndTags({ detail, writable }: { detail: RunDetail; writable: boolean }) {
  const [notes, setNotes] = useState(detail.notes);
  const [tags, setTags] = useState(detail.tags.join(', '));
  const tagsChanged = parseTags(tags).join('\u0000') !== detail.tags.join('\u0000');
  return (
    <div className="mw-runs-section">
      <label className="mw-runs-label" htmlFor="run-tags">Tags</label>
      <div className="mw-runs-inline">
        <input
          id="run-tags"
          className="mw-input"
          value={tags}
          placeholder="baseline, candidate…"
          disabled={!writable}
          onChange={(e) => setTags(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void saveRunTags(detail.id, parseTags(tags))}
          data-testid="run-tags"
        />
        <button className="mw-btn mw-btn-small" disabled={!writable || !tagsChanged} onClick={() => void saveRunTags(detail.id, parseTags(tags))} data-testid="btn-save-tags">Save</button>
      </div>
      <label className="mw-runs-label" htmlFor="run-notes">Notes</label>
      <textarea id="run-notes" className="mw-input" rows={3} value={notes} disabled={!writable} onChange={(e) => setNotes(e.target.value)} data-testid="run-notes" placeholder="What was tried, what was learnt" />
      <div className="mw-runs-inline mw-runs-end">
        <button className="mw-btn mw-btn-small" disabled={!writable || notes === detail.notes} onClick={() => void saveRunNotes(detail.id, notes)} data-testid="btn-save-notes">Save notes</button>
      </div>
    </div>
  );
}

export function RunDetailPanel() {
  const { focused, detail, busy, writable } = useStore(useShallow(selectDetail));
  if (focused === null) return <aside className="mw-runs-detail mw-runs-detail-empty mw-muted" data-testid="run-detail">Click a run to see its details. Tick two or more to compare them.</aside>;
  if (detail === null || detail.id !== focused) return <aside className="mw-runs-detail mw-muted" data-testid="run-detail">Loading…</aside>;
  const hasModel = detail.artifacts.some((a) => a.kind === 'model' && a.exists === true);
  const canPromote = writable && detail.status === 'succeeded' && hasModel && !detail.champion;
  const promoteWhy = detail.champion ? 'This run is the champion' : detail.status !== 'succeeded' ? 'Only a run that succeeded can be promoted' : !hasModel ? 'This run saved no model (or its folder was deleted)' : 'Make this run’s model the project’s champion';

  return (
    <aside className="mw-runs-detail" data-testid="run-detail" data-run={detail.id}>
      <div className="mw-runs-detail-head">
        <h3>Run {detail.number}</h3>
        <span className={`mw-chip mw-run-chip-${detail.status}`} data-testid="run-detail-status">{statusLabels[detail.status]}</span>
        {detail.champion && <span className="mw-champion" data-testid="champion-badge">★ Champion</span>}
      </div>
      <div className="mw-muted mw-small">{detail.name} · {formatStarted(detail.startedAt)} · {formatDuration(detail.durationMs)}{detail.backend === null ? '' : ` · ${detail.backend}`}</div>

      <div className="mw-runs-actions">
        <button className="mw-btn mw-btn-primary mw-btn-small" disabled={busy === 'restore'} onClick={() => void restoreRunGraph(detail.id)} data-testid="btn-restore-graph" title="Replace the canvas with the graph this run used (Undo brings yours back)">↺ Restore this graph</button>
        <button className="mw-btn mw-btn-small" disabled={!canPromote || busy === 'promote'} onClick={() => void promoteRunToChampion(detail.id)} data-testid="btn-promote" title={promoteWhy}>★ Promote to champion</button>
        <button className="mw-btn mw-btn-small" disabled={busy === 'mlflow'} onClick={() => void exportRunToMlflow(detail.id)} data-testid="btn-export-mlflow" title="Write this run as an MLflow run directory in the project's mlruns/ folder">Export MLflow</button>
      </div>

      {detail.error !== null && (
        <div className="mw-node-error" data-testid="run-detail-error" data-code={detail.error.code}>
          <div className="mw-node-error-msg"><code>{detail.error.code}</code> {detail.error.message}</div>
          <div className="mw-node-error-hint">{detail.error.hint}</div>
        </div>
      )}
      {!detail.folderExists && <div className="mw-banner mw-banner-warn">The folder {detail.folder} was deleted: the run's files are gone, its record stays.</div>}

      <div className="mw-runs-section">
        <div className="mw-runs-label">Headline</div>
        <div className="mw-strong" data-testid="run-detail-headline">{formatHeadline(detail.headline)}</div>
      </div>
      {Object.entries(detail.metrics).map(([nodeId, metrics]) => <MetricsTable key={nodeId} nodeId={nodeId} metrics={metrics} />)}

      {detail.gates.length > 0 && (
        <div className="mw-runs-section">
          <div className="mw-runs-label">Threshold gates</div>
          {detail.gates.map((gate) => (
            <div key={gate.nodeId} className={`mw-gate-verdict ${gate.passed ? 'mw-gate-pass' : 'mw-gate-fail'}`} data-testid={`run-gate-${gate.nodeId}`} data-passed={gate.passed}>
              <span className="mw-gate-mark" aria-hidden="true">{gate.passed ? '✓' : '✗'}</span>
              {gate.nodeId}: {gate.conditions.map((c) => `${gate.conditions.length > 1 ? (c.passed ? '✓ ' : '✗ ') : ''}${c.label} (${formatMetric(c.actual)})`).join(' · ') || (gate.passed ? 'passed' : 'failed')}
            </div>
          ))}
        </div>
      )}

      <NotesAndTags key={detail.id} detail={detail} writable={writable} />

      {detail.inputs.length > 0 && (
        <div className="mw-runs-section">
          <div className="mw-runs-label">Input files</div>
          {detail.inputs.map((i) => <div key={`${i.nodeId}:${i.path}`} className="mw-small" title={i.sha256}>{i.path} <span className="mw-muted">sha256 {i.sha256.slice(0, 12)}…</span></div>)}
        </div>
      )}
      {detail.artifacts.length > 0 && (
        <div className="mw-runs-section">
          <div className="mw-runs-label">Files</div>
          {detail.artifacts.map((a) => (
            <div key={a.path} className={`mw-small${a.exists === false ? ' mw-warn-text' : ''}`}>{a.kind} · {a.path}{a.exists === false ? ' (deleted)' : ''}</div>
          ))}
        </div>
      )}
    </aside>
  );
}
