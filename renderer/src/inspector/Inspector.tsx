/**
 * The inspector: the selected node's params as a form generated from its zod schema, validated as
 * you type, with column pickers filled from the upstream table, its errors, and its docs paragraph.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { portColors } from '../../../engine/nodes/ports';
import { specForKind } from '../../../engine/nodes/specs';
import { importInto } from '../services/import';
import { refreshFile } from '../services/projects';
import { runGraph } from '../services/run';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { upstreamColumns } from '../results/upstream';
import { displayStatus, statusLabels } from '../canvas/status';
import { FieldControl, fieldHint } from './fields';
import { fieldErrors, formModel } from './form-model';
import { isActive } from '../store/run-slice';

const selectSelectedIds = (s: AppState) => s.graph.nodes.filter((n) => n.selected === true).map((n) => n.id);

export function Inspector() {
  const selectedIds = useStore(useShallow(selectSelectedIds));
  const only = selectedIds.length === 1 ? selectedIds[0] : undefined;
  return (
    <aside className="mw-inspector" data-testid="inspector">
      {only === undefined
        ? <InspectorEmpty count={selectedIds.length} />
        : <NodeInspector key={only} nodeId={only} />}
    </aside>
  );
}

function InspectorEmpty({ count }: { count: number }) {
  return (
    <div className="mw-inspector-empty" data-testid="inspector-empty">
      <div className="mw-panel-title">Inspector</div>
      <p className="mw-muted">{count > 1 ? `${count} nodes selected. Select one node to edit its settings.` : 'Select a node to see and edit its settings.'}</p>
    </div>
  );
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  // Only the node's data: dragging it moves its position, which the inspector does not show.
  const data = useStore((s: AppState) => s.graph.nodes.find((n) => n.id === nodeId)?.data);
  const issues = useStore((s: AppState) => s.graph.validation.byNode[nodeId]);
  const run = useStore((s: AppState) => s.run.nodes[nodeId]);
  const key = useStore((s: AppState) => s.graph.validation.keys[nodeId]);
  const running = useStore((s: AppState) => isActive(s.run.phase));
  const columnKeys = useStore(useShallow((s: AppState) => upstreamColumns(s, nodeId)?.map((c) => `${c.name}\u0000${c.type}\u0000${c.role}`) ?? null));
  const columns = useMemo(() => columnKeys?.map((k) => {
    const [name = '', type = '', role = ''] = k.split('\u0000');
    return { name, type, role };
  }), [columnKeys]);
  const spec = data === undefined ? undefined : specForKind(data.kind);
  const fields = useMemo(() => (spec === undefined ? [] : formModel(spec.params)), [spec]);
  if (data === undefined || spec === undefined) return <InspectorEmpty count={0} />;
  const params = data.params as Record<string, unknown>;
  const errors = fieldErrors(spec.params, params);
  const status = displayStatus(run, key);
  const { graph } = useStore.getState();

  return (
    <div className="mw-inspector-body" data-testid={`inspector-node-${nodeId}`}>
      <div className="mw-inspector-head">
        <span className="mw-node-icon" aria-hidden="true">{spec.icon}</span>
        <div className="mw-inspector-titles">
          <input
            className="mw-title-input"
            data-testid="inspector-label"
            value={data.label ?? spec.title}
            onChange={(e) => graph.setLabel(nodeId, e.target.value === spec.title ? undefined : e.target.value)}
            onBlur={() => useStore.getState().graph.endCoalescing()}
            aria-label="Node name"
          />
          <div className="mw-muted mw-small">{spec.title} · {spec.category} · <span className={`mw-chip mw-chip-${status}`}>{statusLabels[status]}</span></div>
        </div>
      </div>

      {run?.status === 'failed' && run.error !== undefined && (
        <div className="mw-callout mw-callout-error" data-testid="inspector-run-error">
          <div><code>{run.error.code}</code> {run.error.message}</div>
          <div className="mw-small">{run.error.hint}</div>
        </div>
      )}
      {issues !== undefined && issues.length > 0 && (
        <div className="mw-callout mw-callout-warn" data-testid="inspector-issues">
          {issues.map((i, n) => <div key={n}><code>{i.code}</code> {i.message}</div>)}
        </div>
      )}

      <section className="mw-section">
        <div className="mw-section-title">Settings</div>
        {fields.length === 0 && <p className="mw-muted mw-small">This node has no settings.</p>}
        <form className="mw-form" onSubmit={(e) => e.preventDefault()} data-testid="inspector-form">
          {fields.map((field) => {
            const hint = fieldHint(field);
            const error = errors[field.key];
            return (
              <div key={field.key} className={`mw-field${error !== undefined ? ' mw-field-invalid' : ''}`}>
                <label className="mw-field-label" title={field.description}>{field.label}</label>
                <FieldControl
                  field={field}
                  value={params[field.key]}
                  error={error}
                  columns={columns}
                  testId={`param-${field.key}`}
                  onChange={(value) => {
                    const current = useStore.getState().graph.nodes.find((n) => n.id === nodeId)?.data.params ?? {};
                    // An emptied optional field is left out, so the node falls back to its default.
                    const next = Object.fromEntries(Object.entries({ ...current, [field.key]: value }).filter(([, v]) => v !== undefined));
                    useStore.getState().graph.replaceParams(nodeId, next, `params:${nodeId}:${field.key}`);
                  }}
                  onCommitDone={() => {
                    useStore.getState().graph.endCoalescing();
                    const value = useStore.getState().graph.nodes.find((n) => n.id === nodeId)?.data.params[field.key];
                    if (field.kind === 'file' && typeof value === 'string' && useStore.getState().project.files[value] === undefined) void refreshFile(value);
                  }}
                  {...(field.kind === 'file' ? { onChooseFile: (file: File) => void importInto(nodeId, file) } : {})}
                />
                {error !== undefined
                  ? <div className="mw-field-error" data-testid={`param-error-${field.key}`}>{error}</div>
                  : (field.description !== undefined || hint !== undefined) && <div className="mw-field-help">{[field.description, hint === undefined ? undefined : `(${hint})`].filter(Boolean).join(' ')}</div>}
              </div>
            );
          })}
        </form>
      </section>

      <section className="mw-section">
        <div className="mw-section-title">Ports</div>
        <ul className="mw-port-list">
          {spec.inputs.map((p) => <li key={`in-${p.name}`}><span className="mw-dot" style={{ background: portColors[p.type] }} />in · {p.label} <span className="mw-muted">({p.type}{p.optional === true ? ', optional' : ''})</span></li>)}
          {spec.outputs.map((p) => <li key={`out-${p.name}`}><span className="mw-dot" style={{ background: portColors[p.type] }} />out · {p.label} <span className="mw-muted">({p.type})</span></li>)}
        </ul>
      </section>

      <section className="mw-section">
        <div className="mw-section-title">About this node</div>
        <p className="mw-docs" data-testid="inspector-docs">{spec.docs}</p>
      </section>

      <div className="mw-inspector-actions">
        <button className="mw-btn" disabled={running} onClick={() => void runGraph(nodeId)} data-testid="inspector-run-to">Run to here</button>
      </div>
    </div>
  );
}
