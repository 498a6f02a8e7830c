/**
 * The report document as one self-contained HTML file: inline CSS, inline SVG charts, no script, no
 * external font, image or link to the network. A Content-Security-Policy meta tag (`default-src 'none'`)
 * makes the browser refuse any request the page might still try, so it reads the same offline. Every
 * string from the document is HTML-escaped: column names, category values and titles are user data.
 */
import { MODELWRIGHT_VERSION } from '../version';
import type { Block, Cell, ChartBlock, ReportDocument, ReportSection, TableBlock } from './document';
import { formatDateTime, formatInteger } from './format';
import { pipelineSvg } from './pipeline-svg';
import { escapeHtml as esc } from './sanitize';
import { reportCss } from './styles';

export interface HtmlOptions {
  /** File name stem the companion files use ("houses" → "houses-predictions.csv"). */
  readonly fileStem: string;
}

/** The companion file name of an attachment for a report written as `<stem>.html`. */
export function attachmentFileName(stem: string, suffix: string): string {
  return `${stem}-${suffix}`;
}

function cellHtml(cell: Cell, numeric: boolean, tag: 'td' | 'th' = 'td'): string {
  const classes = [numeric ? 'num' : '', typeof cell === 'string' ? '' : (cell.tone ?? '')].filter((c) => c !== '');
  const cls = classes.length === 0 ? '' : ` class="${classes.join(' ')}"`;
  if (typeof cell === 'string') return `<${tag}${cls}>${esc(cell)}</${tag}>`;
  const value = cell.value === undefined ? '' : ` data-value="${String(cell.value)}"`;
  return `<${tag}${cls}${value}>${esc(cell.text)}</${tag}>`;
}

function tableHtml(block: TableBlock): string {
  const head = block.columns.map((c) => `<th${c.align === 'right' ? ' class="num"' : ''} scope="col">${esc(c.name)}</th>`).join('');
  const body = block.rows
    .map((row, r) => {
      const key = block.rowKeys?.[r];
      return `<tr${key === undefined ? '' : ` data-key="${esc(key)}"`}>${row.map((cell, i) => cellHtml(cell, block.columns[i]?.align === 'right')).join('')}</tr>`;
    })
    .join('\n');
  const title = block.title === undefined ? '' : `<div class="table-title">${esc(block.title)}</div>`;
  const caption = block.caption === undefined ? '' : `<caption>${esc(block.caption)}</caption>`;
  const id = block.id === undefined ? '' : ` data-table="${esc(block.id)}"`;
  return `${title}<table class="data"${id}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function chartHtml(block: ChartBlock): string {
  const body = block.svg === null ? `<div class="chart-missing">${esc(block.alt)}</div>` : `<div role="img" aria-label="${esc(block.alt)}">${block.svg}</div>`;
  const caption = block.caption === undefined ? '' : `<p class="caption">${esc(block.caption)}</p>`;
  return `<figure class="chart" id="chart-${esc(block.id)}"><div class="chart-title">${esc(block.title)}</div>${body}${caption}</figure>`;
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${esc(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p${block.lead === true ? ' class="lead"' : ''}>${esc(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'figures':
      return `<div class="figures">${block.items
        .map(
          (f) =>
            `<div class="tile"><div class="label">${esc(f.label)}</div><div class="value"${f.number === undefined ? '' : ` data-value="${String(f.number)}"`}>${esc(f.value)}</div>${f.detail === undefined ? '' : `<div class="detail">${esc(f.detail)}</div>`}</div>`,
        )
        .join('')}</div>`;
    case 'key-value': {
      const title = block.title === undefined ? '' : `<div class="table-title">${esc(block.title)}</div>`;
      return `${title}<table class="kv"><tbody>${block.rows.map((r) => `<tr><th scope="row">${esc(r.key)}</th>${cellHtml(r.value, false)}</tr>`).join('')}</tbody></table>`;
    }
    case 'table':
      return tableHtml(block);
    case 'chart':
      return chartHtml(block);
    case 'pipeline':
      return `<figure class="pipeline">${pipelineSvg(block)}</figure>`;
    case 'callout':
      return `<aside class="callout ${block.tone}"><strong>${esc(block.title)}</strong><p>${esc(block.text)}</p></aside>`;
  }
}

/** Blocks in order, with runs of half-width charts paired in a two-column grid. */
function blocksHtml(blocks: readonly Block[]): string {
  const out: string[] = [];
  let pending: ChartBlock[] = [];
  const flush = () => {
    for (let i = 0; i < pending.length; i += 2) out.push(`<div class="grid2">${pending.slice(i, i + 2).map(chartHtml).join('')}</div>`);
    pending = [];
  };
  for (const block of blocks) {
    if (block.kind === 'chart' && block.half === true) {
      pending.push(block);
      continue;
    }
    flush();
    out.push(blockHtml(block));
  }
  flush();
  return out.join('\n');
}

function sectionHtml(section: ReportSection, index: number, doc: ReportDocument, options: HtmlOptions): string {
  let extra = '';
  if (section.id === 'predictions' && doc.attachments.length > 0) {
    const items = doc.attachments.map((a) => {
      const name = attachmentFileName(options.fileStem, a.suffix);
      return `<li><a href="${esc(encodeURIComponent(name))}">${esc(name)}</a> — ${esc(a.description)} (${formatInteger(a.rows)} rows, CSV)</li>`;
    });
    extra = `<h3>Companion file</h3><ul class="files">${items.join('')}</ul>`;
  }
  return `<section id="${section.id}" class="section${index === 0 ? ' first' : ''}"><h2><span class="num">${index + 1}</span>${esc(section.title)}</h2>\n${blocksHtml(section.blocks)}${extra}</section>`;
}

/** The whole report as an HTML document (UTF-8 text). */
export function renderReportHtml(doc: ReportDocument, options: HtmlOptions): string {
  const meta: [string, string][] = [
    ...(doc.author === '' ? [] : ([['Prepared by', doc.author]] as [string, string][])),
    ['Date', formatDateTime(doc.createdAt)],
    ['Run', doc.runId],
    ['Audience', doc.audience === 'plain' ? 'general readers' : 'technical readers'],
  ];
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Modelwright ${esc(MODELWRIGHT_VERSION)}">
<title>${esc(doc.title)}</title>
<style>${reportCss}</style>
</head>
<body>
<main class="report">
<header class="cover">
<div class="brand">Modelwright · model report</div>
<h1>${esc(doc.title)}</h1>
<p class="subtitle">${esc(doc.subtitle)}</p>
<dl class="meta">${meta.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>
<nav class="toc" aria-label="Contents"><ol>${toc}</ol></nav>
</header>
${doc.sections.map((s, i) => sectionHtml(s, i, doc, options)).join('\n')}
<footer>Generated by Modelwright ${esc(MODELWRIGHT_VERSION)} on ${esc(formatDateTime(doc.createdAt))} from run ${esc(doc.runId)}. This file is self-contained and makes no network requests.</footer>
</main>
</body>
</html>
`;
}
