/** One answer: its sentence, caveats, a table and a chart (Vega-Lite, drawn by the app's VegaChart). */
import { memo } from 'react';
import type { ChartSpec } from '../../../engine/charts';
import type { Answer, AnswerTable } from '../../../engine/query/intent';
import { VegaChart } from '../results/VegaChart';

/** Rows shown in the box (the sentence already says how many there are). */
const MAX_ROWS = 200;

export const AnswerView = memo(function AnswerView({ answer }: { answer: Answer }) {
  return (
    <div className="mw-query-answer">
      <div className="mw-query-sentence" data-testid="query-answer">{answer.sentence}</div>
      {answer.notes.length > 0 && (
        <ul className="mw-query-notes mw-small">
          {answer.notes.map((note) => <li key={note}>{note}</li>)}
        </ul>
      )}
      <div className="mw-query-body">
        {answer.table !== undefined && answer.table.columns.length > 0 && <AnswerTableView table={answer.table} />}
        {answer.chart !== undefined && <VegaChart spec={answer.chart as ChartSpec} testId="query-chart" className="mw-query-chart" />}
      </div>
    </div>
  );
});

function cell(value: string | number | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    const abs = Math.abs(value);
    return value.toLocaleString('en-US', abs >= 1000 ? { maximumFractionDigits: 1 } : abs >= 1 ? { maximumFractionDigits: 3 } : { maximumSignificantDigits: 4 });
  }
  return value;
}

function AnswerTableView({ table }: { table: AnswerTable }) {
  const rows = table.rows.slice(0, MAX_ROWS);
  const numeric = table.columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null));
  return (
    <div className="mw-query-table-wrap">
      <table className="mw-query-table" data-testid="query-table">
        <thead>
          <tr>{table.columns.map((c, i) => <th key={`${c}-${i}`} className={numeric[i] === true ? 'mw-num' : undefined}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((v, i) => <td key={i} className={numeric[i] === true ? 'mw-num' : undefined}>{cell(v)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      {table.rows.length > rows.length && <div className="mw-small mw-muted">First {rows.length} of {table.rows.length.toLocaleString('en-US')} rows.</div>}
    </div>
  );
}
