/**
 * The Data tab: the focused node's table (its Table output, or its data file's summary before any run):
 * a header with counts, a suggested target with "Build a model for this", column statistics and a
 * virtualised preview of the first rows.
 */
import { useState } from 'react';
import { specForKind } from '../../../engine/nodes/specs';
import { filePathOf } from '../graph/file-field';
import { buildModel } from '../services/build-model';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { ColumnStats } from './ColumnStats';
import { formatCount, type TableSummary } from './summaries';
import { tableOutputOf } from './upstream';
import { VirtualTable } from './VirtualTable';

export function DataPanel({ nodeId, height }: { nodeId: string | null; height: number }) {
  const table = useStore((s: AppState) => (nodeId === null ? undefined : tableOutputOf(s, nodeId)));
  const file = useStore((s: AppState) => {
    const node = nodeId === null ? undefined : s.graph.nodes.find((n) => n.id === nodeId);
    const path = node === undefined ? undefined : filePathOf(node.data);
    return path === undefined ? undefined : s.project.files[path];
  });
  const hasDownstream = useStore((s: AppState) => nodeId !== null && s.graph.edges.some((e) => e.source === nodeId));
  const [view, setView] = useState<'columns' | 'rows'>('columns');

  if (nodeId === null) return <PanelEmpty text="Select a node with a table output (or drop a CSV on the canvas) to see its data." />;
  if (file?.error != null && table === undefined) {
    return (
      <div className="mw-callout mw-callout-error mw-pad" data-testid="data-file-error">
        <div><code>{file.error.code}</code> {file.error.message}</div>
        <div className="mw-small">{file.error.hint}</div>
      </div>
    );
  }
  if (table === undefined) return <PanelEmpty text="No table yet: run the graph up to this node to see its output." />;

  return (
    <div className="mw-data-panel" data-testid="data-panel">
      <div className="mw-data-head">
        <div className="mw-data-counts" data-testid="data-counts">
          <strong>{formatCount(table.rowCount)}</strong> rows × <strong>{table.columns.length}</strong> columns
          {table.partitions !== null && <span className="mw-muted"> · train {formatCount(table.partitions.train)} · validation {formatCount(table.partitions.validation)} · test {formatCount(table.partitions.test)}</span>}
          {file !== undefined && <span className="mw-muted"> · {file.path} · {(file.size / 1e6).toFixed(file.size < 1e6 ? 2 : 1)} MB</span>}
        </div>
        <div className="mw-seg">
          <button className={view === 'columns' ? 'mw-on' : ''} onClick={() => setView('columns')} data-testid="data-view-columns">Columns</button>
          <button className={view === 'rows' ? 'mw-on' : ''} onClick={() => setView('rows')} data-testid="data-view-rows">Rows</button>
        </div>
      </div>
      {file !== undefined && file.warnings.length > 0 && (
        <div className="mw-callout mw-callout-warn">{file.warnings.map((w, i) => <div key={i}><code>{w.code}</code> {w.message}</div>)}</div>
      )}
      {file !== undefined && !hasDownstream && file.suggestedTargets.length > 0 && (
        <BuildModel nodeId={nodeId} table={table} suggested={file.suggestedTargets} />
      )}
      <div className="mw-data-body">
        {view === 'columns'
          ? <ColumnStats table={table} />
          : <VirtualTable columns={table.columns} rows={table.rows} height={Math.max(120, height - 90)} testId="table-preview" />}
      </div>
    </div>
  );
}

function BuildModel({ nodeId, table, suggested }: { nodeId: string; table: TableSummary; suggested: readonly string[] }) {
  const [target, setTarget] = useState(suggested[0] ?? '');
  const column = table.columns.find((c) => c.name === target);
  const task = column === undefined ? '' : column.type === 'float' || (column.type === 'integer' && column.stats.distinct > 20) ? 'regression' : 'classification';
  return (
    <div className="mw-build" data-testid="build-model">
      <span className="mw-build-icon" aria-hidden="true">✦</span>
      <span>Predict</span>
      <select className="mw-input mw-input-inline" value={target} onChange={(e) => setTarget(e.target.value)} data-testid="build-model-target">
        {table.columns.map((c) => <option key={c.name} value={c.name}>{c.name}{suggested[0] === c.name ? ' (suggested)' : ''}</option>)}
      </select>
      {task !== '' && <span className="mw-muted mw-small">({task})</span>}
      <button className="mw-btn mw-btn-primary" disabled={target === '' || specForKind('select-columns') === undefined} onClick={() => buildModel(nodeId, target)} data-testid="build-model-button">
        Build a model for this
      </button>
    </div>
  );
}

export function PanelEmpty({ text }: { text: string }) {
  return <div className="mw-panel-empty mw-muted">{text}</div>;
}
