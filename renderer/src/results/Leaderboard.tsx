/**
 * Auto's leaderboard: the candidates the Train node tried, their validation score, time and parameters,
 * the chosen one highlighted. Read from the Model summary's `leaderboard` (engine/ml/summary.ts).
 */
import type { Leaderboard as LeaderboardData, LeaderboardEntry } from '../../../engine/ml/model';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown): value is LeaderboardEntry {
  return isRecord(value) && typeof value['candidate'] === 'string' && (value['score'] === null || typeof value['score'] === 'number') && typeof value['ms'] === 'number' && isRecord(value['params']);
}

/** The leaderboard of the first Model summary among a step's outputs that has one. */
export function leaderboardOf(outputs: Readonly<Record<string, unknown>> | undefined): LeaderboardData | undefined {
  for (const value of Object.values(outputs ?? {})) {
    if (!isRecord(value) || value['type'] !== 'Model' || !isRecord(value['leaderboard'])) continue;
    const board = value['leaderboard'];
    if (!Array.isArray(board['entries']) || !board['entries'].every(isEntry)) continue;
    return board as unknown as LeaderboardData;
  }
  return undefined;
}

const SELECTION: Record<LeaderboardData['selection'], string> = {
  'cross-validation': 'cross-validation on the training rows',
  partition: 'the validation partition',
  'held-out': 'training rows held out',
  none: 'no comparison (no time budget)',
};

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params).filter(([k]) => k !== 'model').map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ');
}

export function Leaderboard({ board }: { board: LeaderboardData }) {
  const metric = board.metricName === 'r2' ? 'R²' : 'accuracy';
  return (
    <div className="mw-leaderboard" data-testid="leaderboard">
      <div className="mw-leaderboard-head">
        Auto leaderboard: {metric} on {SELECTION[board.selection]}{board.folds > 0 ? ` (${board.folds} folds)` : ''}, {seconds(board.searchMs)} of {board.budgetSeconds} s
      </div>
      <table className="mw-table">
        <thead>
          <tr><th>#</th><th>candidate</th><th>{metric}</th><th>time</th><th>parameters</th></tr>
        </thead>
        <tbody>
          {board.entries.map((e, i) => (
            <tr key={`${i}-${e.candidate}`} className={e.chosen ? 'mw-leaderboard-chosen' : undefined} data-testid={e.chosen ? 'leaderboard-chosen' : undefined}>
              <td>{i + 1}</td>
              <td>{e.candidate}{e.chosen ? ' ★' : ''}</td>
              <td>{e.score === null ? <span title={e.note}>{e.status}</span> : e.score.toFixed(4)}</td>
              <td>{seconds(e.ms)}</td>
              <td>{paramsText(e.params)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
