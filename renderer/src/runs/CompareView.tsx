/**
 * Two or more runs side by side: the parameters (those that differ highlighted), the input files, the
 * metrics with their change against the first run (better in green, worse in red, the best in bold), and
 * the training curves of every run overlaid on one chart.
 */
import { useMemo, useState } from 'react';
import { overlaidCurvesSpec, type ChartSpec, type RunCurves } from '../../../engine/charts';
import type { RunComparison } from '../../../engine/runstore/schema';
import { closeComparison } from '../services/runs';
import { formatMetric, metricLabel } from '../results/summaries';
import { VegaChart } from '../results/VegaChart';
import { formatDelta, formatParamValue, formatStarted, statusLabels } from './format';

/** The overlaid loss chart and, when the runs recorded one, the training metric's. Pure. */
export function comparisonCharts(comparison: RunComparison): { id: string; spec: ChartSpec }[] {
  const numbers = new Map(comparison.runs.map((r) => [r.id, r.number]));
  const trainNodes = new Set(comparison.history.map((h) => h.nodeId));
  const curves: RunCurves[] = comparison.history.map((h) => ({
    label: `Run ${numbers.get(h.runId) ?? '?'}${trainNodes.size > 1 ? ` · ${h.nodeId}` : ''}`,
    epochs: h.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? undefined, metric: e.metric ?? undefined, valMetric: e.valMetric ?? undefined })),
  }));
  const out: { id: string; spec: ChartSpec }[] = [];
  const loss = overlaidCurvesSpec(curves, 'loss', { title: 'Loss per epoch (validation dashed)' });
  if (loss !== null) out.push({ id: 'loss', spec: loss });
  const metric = overlaidCurvesSpec(curves, 'metric', { title: 'Training metric per epoch', metricName: 'metric' });
  if (metric !== null) out.push({ id: 'metric', spec: metric });
  return out;
}

export function CompareView({ comparison }: { comparison: RunComparison }) {
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const charts = useMemo(() => comparisonCharts(comparison), [comparison]);
  const params = onlyDiffs ? comparison.params.filter((p) => p.differs) : comparison.params;
  const differing = comparison.params.filter((p) => p.differs).length;
  const columns = `minmax(200px, 1.2fr) repeat(${comparison.runs.length}, minmax(130px, 1fr))`;

  return (
    <div className="mw-compare" data-testid="compare-view">
      <div className="mw-compare-head">
        <button className="mw-btn mw-btn-small" onClick={closeComparison} data-testid="btn-compare-close">← Back to runs</button>
        <h3>Comparing {comparison.runs.length} runs</h3>
        <span className="mw-muted mw-small">{differing === 0 ? 'Same parameters' : `${differing} parameter${differing === 1 ? '' : 's'} differ`}</span>
      </div>

      <div className="mw-compare-grid" style={{ gridTemplateColumns: columns }}>
        <div className="mw-compare-corner" />
        {comparison.runs.map((r) => (
          <div key={r.id} className="mw-compare-run" data-testid={`compare-run-${r.number}`}>
            <div className="mw-strong">Run {r.number}</div>
            <div className="mw-muted mw-small">{r.name}</div>
            <div className="mw-small"><span className={`mw-chip mw-run-chip-${r.status}`}>{statusLabels[r.status]}</span> <span className="mw-muted">{formatStarted(r.startedAt)}</span></div>
          </div>
        ))}

        <div className="mw-compare-section" style={{ gridColumn: '1 / -1' }}>
          Metrics <span className="mw-muted mw-small">change against run {comparison.runs[0]?.number}</span>
        </div>
        {comparison.metrics.length === 0 && <div className="mw-muted mw-small" style={{ gridColumn: '1 / -1' }}>These runs recorded no metrics.</div>}
        {comparison.metrics.map((m) => (
          <div key={`${m.nodeId}:${m.partition}:${m.metric}`} className="mw-compare-row" data-testid={`compare-metric-${m.partition}-${m.metric}`}>
            <div className="mw-compare-label">{m.partition} {metricLabel(m.metric)} <span className="mw-muted mw-small">{m.nodeId}</span></div>
            {m.values.map((v, i) => {
              const delta = formatDelta(m.deltas[i] ?? null, m.higherIsBetter);
              return (
                <div key={i} className={`mw-compare-cell mw-num${m.best === i ? ' mw-compare-best' : ''}`}>
                  {formatMetric(v)}
                  {i > 0 && delta.text !== '' && <span className={`mw-delta mw-delta-${delta.tone}`}> {delta.text}</span>}
                </div>
              );
            })}
          </div>
        ))}

        <div className="mw-compare-section" style={{ gridColumn: '1 / -1' }}>
          Parameters
          <label className="mw-small mw-compare-toggle">
            <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} data-testid="compare-only-diffs" /> only those that differ
          </label>
        </div>
        {params.map((p) => (
          <div key={`${p.nodeId}:${p.param}`} className={`mw-compare-row${p.differs ? ' mw-compare-differs' : ''}`} data-testid={`compare-param-${p.nodeId}-${p.param}`} data-differs={p.differs}>
            <div className="mw-compare-label" title={`${p.kind} node "${p.nodeId}"`}>{p.label} · <span className="mw-strong">{p.param}</span></div>
            {p.values.map((v, i) => <div key={i} className="mw-compare-cell" title={formatParamValue(v)}>{formatParamValue(v)}</div>)}
          </div>
        ))}

        {comparison.inputs.length > 0 && <div className="mw-compare-section" style={{ gridColumn: '1 / -1' }}>Input files</div>}
        {comparison.inputs.map((input) => (
          <div key={`${input.nodeId}:${input.path}`} className={`mw-compare-row${input.differs ? ' mw-compare-differs' : ''}`} data-testid={`compare-input-${input.nodeId}`} data-differs={input.differs}>
            <div className="mw-compare-label">{input.path}</div>
            {input.sha256.map((sha, i) => <div key={i} className="mw-compare-cell mw-mono" title={sha ?? 'not read'}>{sha === null ? '—' : `${sha.slice(0, 10)}…`}</div>)}
          </div>
        ))}
      </div>

      <div className="mw-compare-section">Training curves</div>
      {charts.length === 0 ? (
        <div className="mw-muted mw-small mw-pad">None of these runs trained a network epoch by epoch.</div>
      ) : (
        <div className="mw-chart-row mw-chart-wrap">
          {charts.map((c) => <VegaChart key={c.id} spec={c.spec} testId={`compare-chart-${c.id}`} className="mw-chart-grow" />)}
        </div>
      )}
    </div>
  );
}
