/** Small constructors for document blocks, so section builders read as prose. */
import type { ChartSpec } from '../charts/theme';
import type { Block, CalloutBlock, Cell, ChartBlock, TableBlock } from './document';

export const heading = (text: string, level: 3 | 4 = 3): Block => ({ kind: 'heading', text, level });
export const paragraph = (text: string, lead = false): Block => ({ kind: 'paragraph', text, ...(lead ? { lead } : {}) });
export const list = (items: readonly string[]): Block => ({ kind: 'list', items: [...items] });
export const callout = (tone: CalloutBlock['tone'], title: string, text: string): CalloutBlock => ({ kind: 'callout', tone, title, text });

export function keyValue(rows: readonly (readonly [string, Cell])[], title?: string): Block {
  return { kind: 'key-value', ...(title === undefined ? {} : { title }), rows: rows.map(([key, value]) => ({ key, value })) };
}

export function table(
  columns: readonly (string | { name: string; align: 'left' | 'right' })[],
  rows: readonly (readonly Cell[])[],
  extra: { title?: string; caption?: string; id?: string; rowKeys?: string[] } = {},
): TableBlock {
  return {
    kind: 'table',
    columns: columns.map((c) => (typeof c === 'string' ? { name: c, align: 'left' as const } : c)),
    rows: rows.map((r) => [...r]),
    ...extra,
  };
}

/** A number cell: shown as `text`, with the exact value kept for checking. */
export function num(text: string, value: number | null | undefined, tone?: 'good' | 'bad' | 'muted'): Cell {
  return value === null || value === undefined || !Number.isFinite(value) ? { text, ...(tone === undefined ? {} : { tone }) } : { text, value, ...(tone === undefined ? {} : { tone }) };
}

/** A chart block; its SVG is rendered once the document is complete (build.ts). */
export function chart(id: string, title: string, spec: ChartSpec, alt: string, extra: { caption?: string; half?: boolean } = {}): ChartBlock {
  return { kind: 'chart', id, title, alt, spec: { ...spec }, svg: null, ...(extra.caption === undefined ? {} : { caption: extra.caption }), ...(extra.half === true ? { half: true } : {}) };
}
