/**
 * Renders a chart spec from engine/charts with vega-embed, as SVG, in interpreter mode (ast + the
 * expression interpreter) so the page's Content-Security-Policy can forbid eval. vega-embed is loaded
 * on first use, or earlier when the app is idle (`preloadVega`), to keep the app's start fast. Default
 * styles are off; app.css styles the tooltip.
 *
 * One view per chart lives as long as the component: a new spec of the same shape only swaps the rows of
 * its named datasets (see chart-update.ts), so a live chart redraws without being embedded anew.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChartSpec } from '../../../engine/charts';
import type { default as embedFn } from 'vega-embed';
import type { expressionInterpreter } from 'vega-interpreter';
import { planChartUpdate } from './chart-update';

type Embed = typeof embedFn;
type Interpreter = typeof expressionInterpreter;

let loading: Promise<{ embed: Embed; expr: Interpreter }> | null = null;
function loadVega() {
  loading ??= Promise.all([import('vega-embed'), import('vega-interpreter')]).then(([e, i]) => ({ embed: e.default, expr: i.expressionInterpreter }));
  return loading;
}

/**
 * Loads vega-embed when the page is next idle, so the first chart (often the live training curve, mid-run)
 * does not pay for fetching and evaluating the chunk. Returns a function that cancels a pending preload.
 */
export function preloadVega(): () => void {
  const load = () => void loadVega().catch(() => undefined); // a failure shows on the first chart, which loads again
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(load, { timeout: 5000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(load, 1000);
  return () => window.clearTimeout(id);
}

/** The parts of vega-embed's result this component uses. */
interface Embedded {
  readonly view: { data(name: string, values: unknown[]): unknown; runAsync(): Promise<unknown> };
  readonly finalize: () => void;
}

/** Resolves in a task of its own, so each chart's drawing is a separate main-thread task. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface VegaChartProps {
  readonly spec: ChartSpec;
  readonly testId?: string;
  readonly className?: string;
}

export function VegaChart({ spec, testId, className }: VegaChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const view = useRef<{ embedded: Embedded; shape: string } | null>(null);
  const latest = useRef(spec);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const mounted = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      view.current?.embedded.finalize();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = spec;
    // One drawing at a time, in order; a spec superseded while it waited is skipped.
    const show = async () => {
      await nextTask();
      const el = host.current;
      if (!mounted.current || el === null || latest.current !== spec) return;
      const plan = planChartUpdate(view.current?.shape ?? null, spec);
      if (plan.kind === 'update-data' && view.current !== null) {
        for (const d of plan.data) view.current.embedded.view.data(d.name, [...d.values]);
        await view.current.embedded.view.runAsync();
        return;
      }
      view.current?.embedded.finalize();
      view.current = null;
      const { embed, expr } = await loadVega();
      if (!mounted.current) return;
      const embedded: Embedded = await embed(el, spec as unknown as Parameters<Embed>[1], {
        renderer: 'svg',
        actions: false,
        ast: true,
        expr,
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
      });
      if (!mounted.current) {
        embedded.finalize();
        return;
      }
      view.current = { embedded, shape: plan.shape };
      setError(null);
    };
    queue.current = queue.current.then(show).catch((e: unknown) => {
      // The next spec embeds a fresh view rather than patching one that failed.
      view.current?.embedded.finalize();
      view.current = null;
      if (mounted.current) setError(e instanceof Error ? e.message : String(e));
    });
  }, [spec]);

  return (
    <div className={`mw-chart ${className ?? ''}`} data-testid={testId}>
      <div ref={host} className="mw-chart-host" />
      {error !== null && <div className="mw-field-error">Chart failed: {error}</div>}
    </div>
  );
}
