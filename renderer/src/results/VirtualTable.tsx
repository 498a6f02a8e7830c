/**
 * A table that renders only the rows in view (fixed row height), so a preview of any length scrolls
 * smoothly. Column widths follow the header and a sample of the cells.
 */
import { useMemo, useState, type UIEvent } from 'react';

export type Cell = number | string | boolean | null;

export interface VirtualTableProps {
  readonly columns: readonly { readonly name: string; readonly type?: string; readonly role?: string }[];
  readonly rows: readonly (readonly Cell[])[];
  readonly height: number;
  readonly testId?: string;
  /** Column names to highlight (e.g. prediction columns). */
  readonly highlight?: ReadonlySet<string>;
}

const ROW = 26;
const OVERSCAN = 8;

export function formatCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 10_000) / 10_000);
  return String(v);
}

export function VirtualTable({ columns, rows, height, testId, highlight }: VirtualTableProps) {
  const [top, setTop] = useState(0);
  const widths = useMemo(() => columns.map((c, i) => {
    let longest = c.name.length + 2;
    for (let r = 0; r < Math.min(rows.length, 50); r++) longest = Math.max(longest, formatCell(rows[r]?.[i] ?? null).length);
    return Math.min(240, Math.max(72, longest * 7.5 + 20));
  }), [columns, rows]);
  const template = `48px ${widths.map((w) => `${w}px`).join(' ')}`;
  const total = widths.reduce((a, b) => a + b, 48);
  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + height) / ROW) + OVERSCAN);
  const onScroll = (e: UIEvent<HTMLDivElement>) => setTop(e.currentTarget.scrollTop);

  return (
    <div className="mw-vtable" style={{ height }} onScroll={onScroll} data-testid={testId}>
      <div className="mw-vtable-head" style={{ gridTemplateColumns: template, width: total }}>
        <div className="mw-vtable-cell mw-vtable-index">#</div>
        {columns.map((c) => (
          <div key={c.name} className={`mw-vtable-cell${highlight?.has(c.name) === true ? ' mw-hl' : ''}${c.role === 'target' ? ' mw-target' : ''}`} title={`${c.name}${c.type === undefined ? '' : ` · ${c.type}`}${c.role === undefined ? '' : ` · ${c.role}`}`}>
            <span className="mw-vtable-name">{c.name}</span>
            {c.type !== undefined && <span className="mw-vtable-type">{c.type}</span>}
          </div>
        ))}
      </div>
      <div style={{ height: rows.length * ROW, width: total, position: 'relative' }}>
        {rows.slice(first, last).map((row, k) => {
          const index = first + k;
          return (
            <div key={index} className="mw-vtable-row" style={{ gridTemplateColumns: template, top: index * ROW, height: ROW }}>
              <div className="mw-vtable-cell mw-vtable-index">{index + 1}</div>
              {columns.map((c, i) => {
                const v = row[i] ?? null;
                return <div key={c.name} className={`mw-vtable-cell${v === null ? ' mw-missing' : ''}${typeof v === 'number' ? ' mw-num' : ''}${highlight?.has(c.name) === true ? ' mw-hl' : ''}`}>{v === null ? 'missing' : formatCell(v)}</div>;
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
