/** The Predictions tab: the predicted rows, prediction columns highlighted. */
import { useMemo } from 'react';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { PanelEmpty } from './DataPanel';
import { formatCount, isPredictionsSummary, type PredictionsSummary } from './summaries';
import { VirtualTable } from './VirtualTable';

export function predictionsOf(state: AppState, nodeId: string | null): PredictionsSummary | undefined {
  if (nodeId === null) return undefined;
  return Object.values(state.run.nodes[nodeId]?.outputs ?? {}).find(isPredictionsSummary);
}

export function PredictionsPanel({ nodeId, height }: { nodeId: string | null; height: number }) {
  const predictions = useStore((s: AppState) => predictionsOf(s, nodeId));
  const highlight = useMemo(
    () => new Set([predictions?.predictionColumn ?? '', ...(predictions?.probabilityColumns ?? [])]),
    [predictions],
  );
  const columns = useMemo(() => (predictions?.columns ?? []).map((name) => ({ name })), [predictions]);
  if (predictions === undefined) return <PanelEmpty text="Run a graph with a Predict node to see its predictions here." />;
  return (
    <div className="mw-predictions" data-testid="predictions-panel">
      <div className="mw-data-head">
        <div><strong>{formatCount(predictions.rowCount)}</strong> rows predicted · target {predictions.target} · {predictions.model.description}{predictions.rows.length < predictions.rowCount ? ` · first ${predictions.rows.length} shown` : ''}</div>
      </div>
      <VirtualTable columns={columns} rows={predictions.rows} height={Math.max(120, height - 60)} highlight={highlight} testId="predictions-table" />
    </div>
  );
}
