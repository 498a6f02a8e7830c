/**
 * Draws the pipeline block as an SVG diagram, top to bottom: each node a box (its title, the user's label,
 * the parameter summary), each edge a curve in its port type's colour (the canvas colours). Layers are the
 * longest path from a source; within a layer nodes follow the mean position of their inputs (one
 * barycentre pass, Sugiyama et al. 1981), which untangles the small graphs reports draw.
 */
import { portColors, type PortType } from '../nodes/ports';
import type { PipelineBlock, PipelineNode } from './document';
import { escapeHtml } from './sanitize';

const BOX_W = 200;
const BOX_H = 56;
const GAP_X = 26;
const GAP_Y = 24;
const PAD = 8;
/** Average glyph width of the 10 px summary text, to wrap without measuring. */
const CHAR_W = 5.4;

const categoryColors: Readonly<Record<string, string>> = {
  Data: portColors.Table,
  Transform: '#56B4E9',
  Model: portColors.Model,
  Evaluate: portColors.Metrics,
  Report: portColors.Report,
  MLOps: '#009E73',
};

function isPortType(type: string): type is PortType {
  return Object.hasOwn(portColors, type);
}

/** Longest-path layer of every node (cycles cannot occur: the graph compiled). */
function layers(block: PipelineBlock): Map<string, number> {
  const layer = new Map<string, number>(block.nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < block.nodes.length; pass++) {
    let changed = false;
    for (const e of block.edges) {
      const next = (layer.get(e.from) ?? 0) + 1;
      if (layer.has(e.to) && next > (layer.get(e.to) ?? 0)) {
        layer.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}

/** Splits text into at most `lines` lines of about `width` characters, the last one ellipsised. */
export function wrapText(text: string, width: number, lines: number): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = word;
    if (out.length === lines) break;
  }
  if (out.length < lines && current !== '') out.push(current);
  const truncated = out.length > lines || words.join(' ').length > out.join(' ').length;
  const kept = out.slice(0, lines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (truncated && kept.length > 0) {
    const last = kept[kept.length - 1]!;
    kept[kept.length - 1] = last.endsWith('…') ? last : `${last.slice(0, width - 1)}…`;
  }
  return kept;
}

interface Placed {
  readonly node: PipelineNode;
  readonly x: number;
  readonly y: number;
  readonly layer: number;
}

/** Room taken by each side lane that carries an edge spanning several layers. */
const LANE = 10;

/** The diagram as an inline SVG element (no xmlns: it sits in an HTML page). */
export function pipelineSvg(block: PipelineBlock): string {
  if (block.nodes.length === 0) return '';
  const layer = layers(block);
  const depth = Math.max(...layer.values()) + 1;
  const rows: PipelineNode[][] = Array.from({ length: depth }, () => []);
  for (const node of block.nodes) rows[layer.get(node.id) ?? 0]!.push(node);
  const order = new Map<string, number>();
  for (const row of rows) {
    const centre = new Map(
      row.map((n, i) => {
        const parents = block.edges.filter((e) => e.to === n.id && (layer.get(e.from) ?? 0) === (layer.get(n.id) ?? 0) - 1).map((e) => order.get(e.from) ?? 0);
        return [n.id, parents.length === 0 ? i : parents.reduce((a, b) => a + b, 0) / parents.length] as const;
      }),
    );
    row.sort((a, b) => (centre.get(a.id) ?? 0) - (centre.get(b.id) ?? 0));
    row.forEach((n, i) => order.set(n.id, i - (row.length - 1) / 2));
  }
  const widest = Math.max(...rows.map((r) => r.length));
  const core = widest * BOX_W + (widest - 1) * GAP_X;
  // Edges that skip layers run down a lane beside the boxes instead of through them: left lanes for
  // targets left of the centre, right lanes otherwise.
  const long = block.edges.filter((e) => (layer.get(e.to) ?? 0) - (layer.get(e.from) ?? 0) > 1);
  const side = new Map<(typeof block.edges)[number], { left: boolean; lane: number }>();
  let leftLanes = 0;
  let rightLanes = 0;
  for (const e of long) {
    const left = (order.get(e.to) ?? 0) < 0;
    side.set(e, { left, lane: left ? leftLanes++ : rightLanes++ });
  }
  const leftMargin = leftLanes === 0 ? 0 : leftLanes * LANE + 8;
  const rightMargin = rightLanes === 0 ? 0 : rightLanes * LANE + 8;
  const width = core + 2 * PAD + leftMargin + rightMargin;
  const height = depth * BOX_H + (depth - 1) * GAP_Y + 2 * PAD;
  const placed = new Map<string, Placed>();
  rows.forEach((row, l) => {
    const rowWidth = row.length * BOX_W + (row.length - 1) * GAP_X;
    const x0 = PAD + leftMargin + (core - rowWidth) / 2;
    row.forEach((node, i) => placed.set(node.id, { node, x: x0 + i * (BOX_W + GAP_X), y: PAD + l * (BOX_H + GAP_Y), layer: l }));
  });

  const parts: string[] = [];
  for (const e of block.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (a === undefined || b === undefined) continue;
    const color = isPortType(e.type) ? portColors[e.type] : '#98A2B3';
    const lane = side.get(e);
    if (lane !== undefined) {
      const laneX = lane.left ? PAD + leftMargin - 8 - lane.lane * LANE : PAD + leftMargin + core + 8 + lane.lane * LANE;
      const ax = lane.left ? a.x : a.x + BOX_W;
      const bx = lane.left ? b.x : b.x + BOX_W;
      const ay = a.y + BOX_H / 2 + 6;
      const by = b.y + BOX_H / 2 + 6;
      const tip = lane.left ? bx - 1 : bx + 1;
      const back = lane.left ? -7 : 7;
      parts.push(
        `<path d="M${ax},${ay} H${laneX} V${by} H${tip + back}" fill="none" stroke="${color}" stroke-width="1.4" stroke-linejoin="round"/>`,
        `<path d="M${tip + back},${by - 4} L${tip + back},${by + 4} L${tip},${by} Z" fill="${color}"/>`,
      );
      continue;
    }
    const x1 = a.x + BOX_W / 2;
    const y1 = a.y + BOX_H;
    const x2 = b.x + BOX_W / 2;
    const y2 = b.y;
    const mid = (y1 + y2) / 2;
    parts.push(
      `<path d="M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2 - 6}" fill="none" stroke="${color}" stroke-width="1.6"/>`,
      `<path d="M${x2 - 4},${y2 - 7} L${x2 + 4},${y2 - 7} L${x2},${y2} Z" fill="${color}"/>`,
    );
  }
  for (const { node, x, y } of placed.values()) {
    const accent = categoryColors[node.category] ?? '#98A2B3';
    const name = wrapText(node.label ?? node.title, 30, 1)[0] ?? '';
    // The kind's title beside a user label, when both fit on the line.
    const sub = node.label !== undefined && (name.length + node.title.length) * 6.2 < BOX_W - 30 ? node.title : '';
    const summary = wrapText(node.summary, Math.floor((BOX_W - 22) / CHAR_W), 2);
    const self = node.self === true;
    parts.push(
      `<g><title>${escapeHtml(`${node.label ?? node.title} (${node.title}, ${node.category})`)}</title>`,
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="7" fill="${self ? '#FFF8EB' : '#FFFFFF'}" stroke="${self ? accent : '#D0D5DD'}" stroke-width="${self ? 1.6 : 1}"/>`,
      `<rect x="${x}" y="${y}" width="5" height="${BOX_H}" rx="2" fill="${accent}"/>`,
      `<text x="${x + 13}" y="${y + 16}" font-size="11.5" font-weight="600" fill="#101828">${escapeHtml(name)}</text>`,
      sub === '' ? '' : `<text x="${x + BOX_W - 8}" y="${y + 16}" font-size="9" fill="#667085" text-anchor="end">${escapeHtml(sub)}</text>`,
      ...summary.map((line, i) => `<text x="${x + 13}" y="${y + 31 + i * 12}" font-size="10" fill="#475467">${escapeHtml(line)}</text>`),
      '</g>',
    );
  }
  // Legend: what the stripe colours mean.
  const used = [...new Set(block.nodes.map((n) => n.category))].filter((c) => categoryColors[c] !== undefined);
  const legendY = height + 4;
  let lx = PAD;
  for (const category of used) {
    parts.push(`<rect x="${lx}" y="${legendY}" width="9" height="9" rx="2" fill="${categoryColors[category]}"/>`, `<text x="${lx + 13}" y="${legendY + 8.5}" font-size="9.5" fill="#475467">${escapeHtml(category)}</text>`);
    lx += 13 + category.length * 5.6 + 14;
  }
  const total = height + 18;
  return (
    `<svg class="pipeline" viewBox="0 0 ${width} ${total}" width="${width}" height="${total}" role="img" aria-label="Pipeline diagram" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">${parts.join('')}</svg>`
  );
}
