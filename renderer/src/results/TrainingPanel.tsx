/**
 * The Training tab: loss (and the training metric) per epoch, live while the model trains. The chart is
 * re-drawn at most a few times a second, whatever the epoch rate, to keep the main thread free.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { lossCurveSpec, metricCurveSpec } from '../../../engine/charts';
import { useStore } from '../store';
import type { NodeRun } from '../store/run-slice';
import type { AppState } from '../store/types';
import { PanelEmpty } from './DataPanel';
import { Leaderboard, leaderboardOf } from './Leaderboard';
import { formatMetric, metricLabel, modelHistory } from './summaries';
import { VegaChart } from './VegaChart';

const REDRAW_MS = 300;

/** Holds `value` back so it changes at most once per `ms` (the last value always lands). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastDraw = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return undefined;
    const wait = Math.max(0, lastDraw.current + ms - Date.now());
    const t = setTimeout(() => {
      lastDraw.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(t);
  }, [value, shown, ms]);
  return shown;
}

export function TrainingPanel({ nodeId }: { nodeId: string | null }) {
  const run = useStore((s: AppState) => (nodeId === null ? undefined : s.run.nodes[nodeId]));
  const history = useMemo(() => (run === undefined || run.epochs.length > 0 ? undefined : modelHistory(run.outputs)), [run]);
  if (nodeId === null || run === undefined || (run.epochs.length === 0 && history === undefined)) {
    return <PanelEmpty text={run?.status === 'running' ? 'Training is starting…' : 'Run a graph with a Train node to watch the loss fall, epoch by epoch.'} />;
  }
  // A cached Train step sends no epochs: its Model summary carries the history instead.
  return <TrainingCharts run={history === undefined ? run : { ...run, ...history }} />;
}

function TrainingCharts({ run }: { run: NodeRun }) {
  const epochs = useThrottled(run.epochs, REDRAW_MS);
  const input = useMemo(() => ({ epochs, totalEpochs: run.totalEpochs, metricName: run.metricName === undefined ? undefined : metricLabel(run.metricName) }), [epochs, run.totalEpochs, run.metricName]);
  const loss = useMemo(() => lossCurveSpec(input, { width: 'container', height: 170, title: 'Loss' }), [input]);
  const metric = useMemo(() => metricCurveSpec(input, { width: 'container', height: 170, ...(run.metricName === undefined ? {} : { title: metricLabel(run.metricName) }) }), [input, run.metricName]);
  const last = run.epochs[run.epochs.length - 1];
  const board = leaderboardOf(run.outputs);
  return (
    <div className="mw-training" data-testid="training-panel">
      <div className="mw-training-head">
        <span data-testid="training-epoch">Epoch <strong>{last?.epoch ?? 0}</strong>{run.totalEpochs === undefined ? '' : ` of ${run.totalEpochs}`}</span>
        <span>loss <strong>{formatMetric(last?.loss)}</strong></span>
        {last?.valLoss !== undefined && <span>validation loss <strong>{formatMetric(last.valLoss)}</strong></span>}
        {run.metricName !== undefined && last?.valMetric !== undefined && <span>validation {metricLabel(run.metricName)} <strong>{formatMetric(last.valMetric)}</strong></span>}
        {run.status === 'running' && <span className="mw-chip mw-chip-running">training</span>}
      </div>
      <div className="mw-chart-row">
        <VegaChart spec={loss} testId="training-loss-chart" className="mw-chart-grow" />
        {metric !== null && <VegaChart spec={metric} testId="training-metric-chart" className="mw-chart-grow" />}
      </div>
      {board !== undefined && <Leaderboard board={board} />}
    </div>
  );
}
