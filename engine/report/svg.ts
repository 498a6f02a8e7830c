/**
 * Chart specs (engine/charts, the same builders as the app's results panels) rendered to SVG headless:
 * vega-lite compiles the spec, vega's View renders it without a DOM or canvas (`renderer: 'none'`), and
 * the expression interpreter replaces `new Function`, so nothing is evaluated as code.
 *
 * The SVG is then made fit to sit inline among others in one HTML page: element ids get a per-chart prefix
 * (vega numbers its clip paths from 1 in every view, so two charts would otherwise share `clip1`), and the
 * namespace declarations go (an HTML parser puts inline <svg> in the SVG namespace itself), so the page
 * holds no URL at all.
 */
import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../charts/theme';

/** Renders a Vega-Lite spec to an SVG string; `prefix` namespaces its element ids. Warnings are collected. */
export async function renderChartSvg(spec: ChartSpec | Readonly<Record<string, unknown>>, prefix: string): Promise<{ svg: string; warnings: string[] }> {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...m: unknown[]) => {
      warnings.push(m.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
    error: (...m: unknown[]) => {
      warnings.push(m.map(String).join(' '));
      return logger;
    },
  };
  const compiled = compile(spec as unknown as TopLevelSpec, { logger: logger as never });
  const view = new View(parse(compiled.spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
  try {
    const svg = await view.toSVG();
    return { svg: inlineSvg(svg, prefix), warnings };
  } finally {
    view.finalize();
  }
}

/** Prefixes ids (and their `url(#…)` / `href="#…"` references) and drops xmlns declarations. */
export function inlineSvg(svg: string, prefix: string): string {
  const safePrefix = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  const ids = new Set<string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(match[1]!);
  let out = svg.replace(/\s(xmlns(?::\w+)?)="[^"]*"/g, '');
  if (ids.size > 0) {
    out = out
      .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${safePrefix}-${id}"`)
      .replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${safePrefix}-${id})` : m))
      .replace(/(\s(?:xlink:)?href)="#([^"]+)"/g, (m, attr: string, id: string) => (ids.has(id) ? `${attr}="#${safePrefix}-${id}"` : m));
  }
  return out;
}
