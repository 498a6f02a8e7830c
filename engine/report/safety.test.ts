import fc from 'fast-check';
import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv-export';
import type { ReportDocument } from './document';
import { renderReportHtml } from './html';
import { escapeHtml, fileStemFromTitle, safeFileName } from './sanitize';
import { inlineSvg } from './svg';

/** Splits RFC 4180 CSV text into rows of fields (quoted fields unquoted). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV export', () => {
  it('neutralises cells that a spreadsheet would run as formulas (OWASP CSV injection)', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('round-trips any text, and no parsed field starts with a formula character', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const parsed = parseCsv(toCsv(table[0]!, table.slice(1)));
        expect(parsed.length).toBe(table.length);
        parsed.forEach((row, r) =>
          row.forEach((field, c) => {
            expect(/^[=+\-@\t\r]/.test(field)).toBe(false);
            const original = table[r]![c]!;
            expect(field).toBe(/^[=+\-@\t\r]/.test(original) ? `'${original}` : original);
          }),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('HTML escaping and file names', () => {
  it('escapes every markup character, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      }),
    );
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('makes file names that stay in their folder and suit every OS', () => {
    expect(safeFileName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFileName('report<1>:?.html')).toBe('report-1-.html');
    expect(safeFileName('CON.html')).toBe('CON-file.html');
    expect(safeFileName('...')).toBe('report');
    expect(safeFileName('a'.repeat(300) + '.html').length).toBeLessThanOrEqual(120);
    expect(fileStemFromTitle('Houses: predict the price')).toBe('houses-predict-the-price');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const safe = safeFileName(name);
        // eslint-disable-next-line no-control-regex
        expect(safe).not.toMatch(/[/\\<>:"|?*\u0000-\u001f]/);
        expect(safe.startsWith('.')).toBe(false);
        expect(safe.length).toBeGreaterThan(0);
      }),
    );
  });

  it('inline SVGs get their own ids and no namespace URLs', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"/><use href="#clip1"/></svg>';
    const out = inlineSvg(svg, 'c3-roc');
    expect(out).toBe('<svg><clipPath id="c3-roc-clip1"><rect/></clipPath><g clip-path="url(#c3-roc-clip1)"/><use href="#c3-roc-clip1"/></svg>');
  });

  it('renders hostile user strings inert in a well-formed document', () => {
    const evil = '<script>alert(1)</script>';
    const doc: ReportDocument = {
      format: 'modelwright.report',
      version: 1,
      title: `${evil} "quoted" & 'single'`,
      subtitle: evil,
      author: '<img src=x onerror=alert(1)>',
      audience: 'plain',
      createdAt: '2025-01-02T03:04:05.000Z',
      runId: 'run-1',
      sections: [
        {
          id: 'summary',
          title: evil,
          blocks: [
            { kind: 'paragraph', text: evil },
            { kind: 'table', columns: [{ name: evil, align: 'left' }], rows: [[{ text: '=HYPERLINK("http://evil.example")', value: 1 }]], rowKeys: ['"><script>'] },
            { kind: 'key-value', rows: [{ key: evil, value: evil }] },
            { kind: 'callout', tone: 'warning', title: evil, text: evil },
            { kind: 'figures', items: [{ label: evil, value: evil, detail: evil }] },
            { kind: 'chart', id: 'x"><script>', title: evil, alt: evil, spec: {}, svg: null },
            { kind: 'pipeline', nodes: [{ id: 'a', kind: 'csv-source', title: evil, label: evil, category: 'Data', summary: evil, params: [] }], edges: [] },
          ],
        },
      ],
      attachments: [],
    };
    const html = renderReportHtml(doc, { fileStem: 'r' });
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const errors: string[] = [];
    parse(html, { onParseError: (e) => errors.push(`${e.code} at ${e.startOffset}`) });
    expect(errors).toEqual([]);
  });
});
