/**
 * The Metrics tab: the headline number with its confidence interval, every score on test and train
 * side by side (over-fitting shows as a gap), and the charts: confusion matrix, ROC, precision–recall
 * and calibration for classifiers; predicted-vs-actual and residuals for regressors.
 */
import { useMemo } from 'react';
import {
  calibrationSpec, confusionMatrixSpec, predictedVsActualSpec, prCurveSpec, residualsSpec, rocCurveSpec, type ChartSpec,
} from '../../../engine/charts';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { PanelEmpty } from './DataPanel';
import { formatCount, formatMetric, isMetricsSummary, metricLabel, type MetricsSummary } from './summaries';
import { VegaChart } from './VegaChart';

export function metricsOf(state: AppState, nodeId: string | null): MetricsSummary | undefined {
  if (nodeId === null) return undefined;
  return Object.values(state.run.nodes[nodeId]?.outputs ?? {}).find(isMetricsSummary);
}

/** The target's name, from the Model summary feeding this node (for axis titles), if it says. */
export function targetOf(state: AppState, nodeId: string | null): string | undefined {
  if (nodeId === null) return undefined;
  for (const edge of state.graph.edges) {
    if (edge.target !== nodeId) continue;
    const value = state.run.nodes[edge.source]?.outputs?.[edge.sourceHandle ?? ''];
    if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Model') {
      const target = (value as { target?: unknown }).target;
      if (typeof target === 'string') return target;
    }
  }
  return undefined;
}

const partitionOrder = ['test', 'validation', 'train', 'cv'] as const;

function charts(m: MetricsSummary, target: string): { id: string; spec: ChartSpec }[] {
  const size = { width: 230, height: 190 } as const;
  if (m.task === 'classification') {
    const c = m.curves;
    const label = (i: number) => m.classes[i] ?? String(i);
    const out = [{ id: 'confusion', spec: confusionMatrixSpec({ labels: m.classes, matrix: c.confusionMatrix }, { title: `Confusion matrix (${c.partition})`, width: Math.min(240, 50 * m.classes.length + 40), height: Math.min(240, 50 * m.classes.length + 40) }) }];
    if (c.roc.length > 0) {
      out.push({ id: 'roc', spec: rocCurveSpec(c.roc.map((r) => ({ label: label(r.classIndex), area: r.auc ?? undefined, points: r.points.map((p) => ({ x: p.fpr, y: p.tpr })) })), { ...size, title: 'ROC curve' }) });
    }
    if (c.pr.length > 0) {
      out.push({ id: 'pr', spec: prCurveSpec(c.pr.map((r) => ({ label: label(r.classIndex), area: r.averagePrecision ?? undefined, points: r.points.map((p) => ({ x: p.recall, y: p.precision })) })), { ...size, title: 'Precision–recall' }) });
    }
    const bins = c.calibration.bins.flatMap((b) => (b.meanPredicted === null || b.observed === null ? [] : [{ predicted: b.meanPredicted, observed: b.observed, count: b.count }]));
    if (bins.length > 0) out.push({ id: 'calibration', spec: calibrationSpec(bins, { ...size, title: 'Calibration' }) });
    return out;
  }
  const c = m.curves;
  const points = c.predictedVsActual;
  return [
    { id: 'pred-vs-actual', spec: predictedVsActualSpec({ target, points }, { ...size, title: `Predicted vs actual (${c.partition})` }) },
    { id: 'residuals', spec: residualsSpec({ target, points }, { ...size, title: 'Residuals' }) },
  ];
}

export function MetricsPanel({ nodeId }: { nodeId: string | null }) {
  const metrics = useStore((s: AppState) => metricsOf(s, nodeId));
  const target = useStore((s: AppState) => targetOf(s, nodeId)) ?? 'value';
  const specs = useMemo(() => (metrics === undefined ? [] : charts(metrics, target)), [metrics, target]);
  if (metrics === undefined) return <PanelEmpty text="Run a graph with an Evaluate node to see how well the model does on held-out rows." />;
  const h = metrics.headline;
  const partitions = partitionOrder.filter((p) => metrics.scores[p] !== undefined);
  const names = [...new Set(partitions.flatMap((p) => Object.keys(metrics.scores[p] ?? {})))];
  return (
    <div className="mw-metrics" data-testid="metrics-panel">
      <div className="mw-metrics-side">
        <div className="mw-headline" data-testid="metrics-headline" data-metric={h.metric} data-value={h.value ?? ''}>
          <div className="mw-headline-label">{metricLabel(h.metric)} on {h.partition === 'cv' ? 'cross-validation' : `${h.partition} rows`}</div>
          <div className="mw-headline-value">{formatMetric(h.value)}</div>
          {h.ci !== null && <div className="mw-muted mw-small">{Math.round(h.ci.level * 100)}% CI {formatMetric(h.ci.lower)} – {formatMetric(h.ci.upper)}</div>}
          <div className="mw-muted mw-small">
            {metrics.task} · {metrics.protocol.kind === 'holdout' ? 'held-out rows' : `${metrics.protocol.folds}-fold cross-validation`}
            {metrics.rowCounts[h.partition] !== undefined && ` · ${formatCount(metrics.rowCounts[h.partition] ?? 0)} rows`}
          </div>
        </div>
        <table className="mw-table mw-scores" data-testid="metrics-scores">
          <thead><tr><th>Metric</th>{partitions.map((p) => <th key={p} className="mw-num">{p}</th>)}</tr></thead>
          <tbody>
            {names.map((name) => (
              <tr key={name} data-testid={`metric-${name}`}>
                <td>{metricLabel(name)}</td>
                {partitions.map((p) => <td key={p} className="mw-num">{formatMetric(metrics.scores[p]?.[name])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
        {metrics.notes.length > 0 && <ul className="mw-notes">{metrics.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
      </div>
      <div className="mw-metrics-charts">
        {specs.map((c) => <VegaChart key={c.id} spec={c.spec} testId={`metrics-chart-${c.id}`} />)}
      </div>
    </div>
  );
}
