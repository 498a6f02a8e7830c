/** Questions answered: answers pinned from the query box (issue 7), each with how the question was read. */
import { heading, paragraph, table } from './blocks';
import type { Block, ReportSection } from './document';
import type { PinnedAnswer } from './params';
import { formatNumber } from './format';

function cell(value: string | number | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

export function answersSection(answers: readonly PinnedAnswer[]): ReportSection | null {
  if (answers.length === 0) return null;
  const blocks: Block[] = [];
  answers.forEach((a, i) => {
    blocks.push(heading(a.question === '' ? `Question ${i + 1}` : a.question, 4), paragraph(a.sentence));
    if (a.reading !== '') blocks.push({ kind: 'paragraph', text: `Read as: ${a.reading}` });
    if (a.table !== undefined && a.table.columns.length > 0) blocks.push(table(a.table.columns, a.table.rows.map((r) => r.map(cell)), { id: `answer-${i + 1}` }));
  });
  return { id: 'answers', title: 'Questions answered', blocks };
}
