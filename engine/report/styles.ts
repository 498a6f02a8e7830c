/**
 * The report's stylesheet, inlined in every HTML file. System fonts only (no web fonts: the file must
 * read offline), one accent colour (the Table port's blue), quiet tables, and print rules: A4 pages, each
 * main section on a new page, figures and callouts never split across pages.
 */
export const reportCss = `
:root {
  --ink: #101828; --ink-2: #344054; --ink-3: #667085; --line: #EAECF0; --line-2: #D0D5DD;
  --accent: #0072B2; --accent-soft: #EEF6FB; --good: #067647; --bad: #B42318;
  --caveat: #B54708; --caveat-soft: #FFFAEB; --warn: #B42318; --warn-soft: #FEF3F2; --info: #0072B2; --info-soft: #EEF6FB;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #F2F4F7; color: var(--ink); font: 15px/1.55 var(--font); font-variant-numeric: tabular-nums; }
.report { max-width: 860px; margin: 32px auto; background: #fff; padding: 56px 64px 40px; border-radius: 10px; box-shadow: 0 1px 3px rgba(16,24,40,.1), 0 1px 2px rgba(16,24,40,.06); }
.cover { border-bottom: 3px solid var(--accent); padding-bottom: 22px; margin-bottom: 28px; }
.brand { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: var(--accent); font-weight: 600; }
h1 { font-size: 32px; line-height: 1.2; margin: 10px 0 6px; letter-spacing: -.01em; overflow-wrap: anywhere; }
.subtitle { font-size: 16px; color: var(--ink-2); margin: 0 0 18px; overflow-wrap: anywhere; }
.meta { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0 0 18px; font-size: 13px; }
.meta div { min-width: 0; }
.meta dt { color: var(--ink-3); font-size: 11px; text-transform: uppercase; letter-spacing: .06em; }
.meta dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
.toc ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; counter-reset: toc; }
.toc li { counter-increment: toc; }
.toc li::before { content: counter(toc) ". "; color: var(--ink-3); }
.toc a { color: var(--accent); text-decoration: none; }
.section { margin-top: 40px; }
h2 { font-size: 22px; margin: 0 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--line); display: flex; gap: 10px; align-items: baseline; }
h2 .num { color: var(--accent); font-size: 16px; font-weight: 600; }
h3 { font-size: 16px; margin: 26px 0 8px; color: var(--ink); }
h4 { font-size: 14px; margin: 18px 0 6px; color: var(--ink-2); overflow-wrap: anywhere; }
p { margin: 0 0 10px; overflow-wrap: anywhere; }
p.lead { font-size: 17px; line-height: 1.5; color: var(--ink); }
ul { margin: 0 0 12px; padding-left: 20px; }
li { margin: 2px 0; overflow-wrap: anywhere; }
code { font-family: var(--mono); font-size: .92em; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 18px 0; }
.tile { border: 1px solid var(--line); border-top: 3px solid var(--accent); border-radius: 8px; padding: 12px 14px; background: #fff; }
.tile .label { font-size: 12px; color: var(--ink-3); text-transform: uppercase; letter-spacing: .05em; }
.tile .value { font-size: 28px; font-weight: 650; line-height: 1.2; margin: 4px 0 2px; }
.tile .detail { font-size: 12px; color: var(--ink-3); }
.callout { border-left: 4px solid var(--info); background: var(--info-soft); border-radius: 0 8px 8px 0; padding: 10px 14px; margin: 12px 0; font-size: 14px; }
.callout strong { display: block; margin-bottom: 2px; }
.callout p { margin: 0; }
.callout.caveat { border-color: var(--caveat); background: var(--caveat-soft); }
.callout.caveat strong { color: var(--caveat); }
.callout.warning { border-color: var(--warn); background: var(--warn-soft); }
.callout.warning strong { color: var(--warn); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
caption { caption-side: bottom; text-align: left; font-size: 12px; color: var(--ink-3); padding-top: 6px; }
.table-title { font-weight: 600; font-size: 13px; margin: 14px 0 4px; color: var(--ink-2); }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
thead th { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--ink-3); font-weight: 600; border-bottom: 1px solid var(--line-2); }
table.data tbody tr:nth-child(even) td { background: #FCFCFD; }
th.num, td.num { text-align: right; white-space: nowrap; }
td.good { color: var(--good); } td.bad { color: var(--bad); } td.muted { color: var(--ink-3); }
table.kv { width: auto; min-width: 60%; }
table.kv th { color: var(--ink-3); font-weight: 500; width: 14em; font-size: 13px; text-transform: none; letter-spacing: 0; }
table.kv td { font-weight: 500; }
table[data-table="files"] td:last-child, .hash { font-family: var(--mono); font-size: 11px; }
figure { margin: 14px 0 18px; }
figure.chart { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px 10px; }
.chart-title { font-weight: 600; font-size: 13px; margin-bottom: 6px; }
figure svg { max-width: 100%; height: auto; display: block; }
figure .caption { font-size: 12px; color: var(--ink-3); margin: 6px 0 0; }
.chart-missing { font-size: 13px; color: var(--ink-3); border: 1px dashed var(--line-2); padding: 16px; border-radius: 6px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin: 14px 0; }
.grid2 figure { margin: 0; }
figure.pipeline { text-align: center; }
figure.pipeline svg { margin: 0 auto; max-height: 900px; }
.files { list-style: none; padding: 0; }
.files li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.files a { color: var(--accent); }
footer { margin-top: 44px; padding-top: 12px; border-top: 1px solid var(--line); font-size: 12px; color: var(--ink-3); }
@media screen and (max-width: 720px) {
  .report { padding: 28px 20px; margin: 0; border-radius: 0; }
  .grid2 { grid-template-columns: 1fr; }
}
@page { size: A4; margin: 16mm 15mm 18mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  .report { max-width: none; margin: 0; padding: 0 2px; box-shadow: none; border-radius: 0; }
  .section { break-before: page; margin-top: 0; }
  .section.first { break-before: auto; margin-top: 24px; }
  h2, h3, h4, .chart-title, .table-title { break-after: avoid; }
  figure, .callout, .figures, .tile, table.kv, tr, .grid2 { break-inside: avoid; }
  figure.pipeline svg { max-height: 170mm; width: auto; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  p.lead { font-size: 12pt; }
  .tile .value { font-size: 20pt; }
  h1 { font-size: 24pt; }
  h2 { font-size: 16pt; }
  h3 { font-size: 12.5pt; }
  table { font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
