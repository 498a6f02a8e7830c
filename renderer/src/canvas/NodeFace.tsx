/**
 * A node on the canvas: icon, title, one-line summary of its params, status, key output, coloured ports,
 * progress while running and the error (coded, with its hint) when it fails or does not validate.
 * Memoised, with per-node selectors, so dragging one node does not re-render the others.
 */
import { Handle, Position, useStore as useFlowStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import type { ErrorInfo } from '../../../engine/errors';
import { portColors, type PortSpec } from '../../../engine/nodes/ports';
import { specForKind } from '../../../engine/nodes/specs';
import type { NodeSpec } from '../../../engine/nodes/spec';
import type { FlowNode } from '../graph/types';
import { filePathOf } from '../graph/file-field';
import { fileTable, formatCount, keyOutputLine } from '../results/summaries';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { displayStatus, outputsAreCurrent, statusLabels } from './status';
import { categoryColors } from '../ui/category';
import { GateVerdictBadge } from '../runs/GateVerdict';

const noIssues: readonly ErrorInfo[] = [];

/**
 * Below this zoom the text is unreadable anyway: nodes draw a compact face (icon, title, status) so a
 * zoomed-out canvas of hundreds of nodes stays cheap to paint. Components re-render only when the zoom
 * crosses the threshold, not on every zoom step.
 */
export const COMPACT_ZOOM = 0.4;
const selectCompact = (s: ReactFlowState) => s.transform[2] < COMPACT_ZOOM;

function summaryLine(spec: NodeSpec, params: Readonly<Record<string, unknown>>): string {
  const parsed = spec.params.safeParse(params);
  if (!parsed.success) return 'Check the parameters';
  try {
    return spec.summary(parsed.data);
  } catch {
    return '';
  }
}

function Port({ port, side }: { port: PortSpec; side: 'in' | 'out' }) {
  const color = portColors[port.type];
  return (
    <div className={`mw-port mw-port-${side}`} data-testid={`port-${side}-${port.name}`}>
      <Handle
        id={port.name}
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        className="mw-handle"
        style={{ background: color, borderColor: color }}
        title={`${port.label}: ${port.type}${port.optional === true ? ' (optional)' : ''}`}
      />
      <span className="mw-port-label">{port.label}</span>
    </div>
  );
}

function NodeFaceImpl({ id, data, selected }: NodeProps<FlowNode>) {
  const spec = specForKind(data.kind);
  const run = useStore((s: AppState) => s.run.nodes[id]);
  const key = useStore((s: AppState) => s.graph.validation.keys[id]);
  const issues = useStore((s: AppState) => s.graph.validation.byNode[id] ?? noIssues);
  const upload = useStore((s: AppState) => s.ui.imports[id]);
  const filePath = filePathOf(data);
  const file = useStore((s: AppState) => (filePath === undefined ? undefined : s.project.files[filePath]));
  const compact = useFlowStore(selectCompact);
  const status = displayStatus(run, key);
  const title = data.label ?? spec?.title ?? data.kind;

  if (spec === undefined) {
    return (
      <div className="mw-node mw-node-invalid" data-testid={`node-${id}`} data-kind={data.kind} data-status="failed">
        <div className="mw-node-head"><span className="mw-node-title">{data.kind}</span></div>
        <div className="mw-node-error">Unknown node kind "{data.kind}"</div>
      </div>
    );
  }

  const fileRows = fileTable(file);
  if (compact) {
    return (
      <div
        className={`mw-node mw-node-compact mw-status-${status}${selected === true ? ' mw-selected' : ''}${issues.length > 0 ? ' mw-node-invalid' : ''}`}
        data-testid={`node-${id}`}
        data-kind={data.kind}
        data-status={status}
        style={{ ['--mw-accent' as string]: categoryColors[spec.category] }}
      >
        {spec.inputs.map((p) => <Handle key={p.name} id={p.name} type="target" position={Position.Left} className="mw-handle" style={{ background: portColors[p.type] }} />)}
        <span className="mw-node-icon" aria-hidden="true">{spec.icon}</span>
        <span className="mw-node-title">{title}</span>
        {spec.outputs.map((p) => <Handle key={p.name} id={p.name} type="source" position={Position.Right} className="mw-handle" style={{ background: portColors[p.type] }} />)}
      </div>
    );
  }

  const error = (run?.status === 'failed' ? run.error : undefined) ?? (upload?.phase === 'failed' ? upload.error : undefined) ?? file?.error ?? undefined;
  const invalid = issues.length > 0;
  const runOutput = keyOutputLine(run?.outputs);
  const staleOutput = runOutput !== undefined && !outputsAreCurrent(status);
  const output = runOutput ?? (fileRows === undefined ? undefined : `${formatCount(fileRows.rowCount)} rows × ${fileRows.columns.length} columns`);
  const progress = status === 'running' ? run?.progress ?? null : null;
  const accent = categoryColors[spec.category];

  return (
    <div
      className={`mw-node mw-status-${status}${selected === true ? ' mw-selected' : ''}${invalid ? ' mw-node-invalid' : ''}`}
      data-testid={`node-${id}`}
      data-kind={data.kind}
      data-status={status}
      style={{ ['--mw-accent' as string]: accent }}
    >
      <div className="mw-node-head">
        <span className="mw-node-icon" aria-hidden="true">{spec.icon}</span>
        <span className="mw-node-title" title={title}>{title}</span>
        <span className={`mw-chip mw-chip-${status}`} data-testid={`node-status-${id}`}>{statusLabels[status]}</span>
      </div>
      <div className="mw-node-summary" title={summaryLine(spec, data.params)}>{summaryLine(spec, data.params)}</div>
      <GateVerdictBadge nodeId={id} kind={data.kind} status={status} error={run?.error} />
      {(spec.inputs.length > 0 || spec.outputs.length > 0) && (
        <div className="mw-ports">
          <div className="mw-ports-col">{spec.inputs.map((p) => <Port key={p.name} port={p} side="in" />)}</div>
          <div className="mw-ports-col mw-ports-out">{spec.outputs.map((p) => <Port key={p.name} port={p} side="out" />)}</div>
        </div>
      )}
      {upload !== undefined && (upload.phase === 'uploading' || upload.phase === 'reading') && (
        <div className="mw-node-upload" data-testid={`node-upload-${id}`}>
          <span>{upload.phase === 'uploading' ? `Importing ${upload.fileName} · ${Math.round(upload.fraction * 100)}%` : 'Reading file…'}</span>
          <div className="mw-progress"><div style={{ width: `${Math.round(upload.fraction * 100)}%` }} /></div>
        </div>
      )}
      {status === 'running' && (
        <div className={`mw-progress${progress === null ? ' mw-progress-indeterminate' : ''}`} data-testid={`node-progress-${id}`}>
          <div style={progress === null ? undefined : { width: `${Math.round(progress * 100)}%` }} />
        </div>
      )}
      {output !== undefined && error === undefined && (
        <div
          className={`mw-node-output${staleOutput ? ' mw-node-output-stale' : ''}`}
          data-testid={`node-output-${id}`}
          data-stale={staleOutput}
          title={staleOutput ? `${output} (from an earlier run)` : output}
        >
          {output}
        </div>
      )}
      {error !== undefined && <NodeError error={error} testId={`node-error-${id}`} />}
      {error === undefined && invalid && <NodeError error={issues[0] as ErrorInfo} more={issues.length - 1} testId={`node-issue-${id}`} warn />}
    </div>
  );
}

/** A failure (red) or, for validation issues, something to fix before running (amber). */
function NodeError({ error, more = 0, testId, warn = false }: { error: ErrorInfo; more?: number; testId: string; warn?: boolean }) {
  return (
    <div className={`mw-node-error${warn ? ' mw-node-error-warn' : ''}`} data-testid={testId} data-code={error.code} title={`${error.message}\n${error.hint}`}>
      <div className="mw-node-error-msg"><code>{error.code}</code> {error.message}</div>
      <div className="mw-node-error-hint">{error.hint}{more > 0 ? ` (+${more} more)` : ''}</div>
    </div>
  );
}

export const NodeFace = memo(NodeFaceImpl);
