/**
 * Renders a chart spec from engine/charts with vega-embed, as SVG, in interpreter mode (ast + the
 * expression interpreter) so the page's Content-Security-Policy can forbid eval. vega-embed is loaded
 * on first use to keep the app's start fast. Default styles are off; app.css styles the tooltip.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChartSpec } from '../../../engine/charts';
import type { default as embedFn } from 'vega-embed';
import type { expressionInterpreter } from 'vega-interpreter';

type Embed = typeof embedFn;
type Interpreter = typeof expressionInterpreter;

let loading: Promise<{ embed: Embed; expr: Interpreter }> | null = null;
function loadVega() {
  loading ??= Promise.all([import('vega-embed'), import('vega-interpreter')]).then(([e, i]) => ({ embed: e.default, expr: i.expressionInterpreter }));
  return loading;
}

export interface VegaChartProps {
  readonly spec: ChartSpec;
  readonly testId?: string;
  readonly className?: string;
}

export function VegaChart({ spec, testId, className }: VegaChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = host.current;
    if (el === null) return undefined;
    let cancelled = false;
    let finalize: (() => void) | null = null;
    void loadVega()
      .then(async ({ embed, expr }) => {
        if (cancelled) return;
        const result = await embed(el, spec as unknown as Parameters<Embed>[1], {
          renderer: 'svg',
          actions: false,
          ast: true,
          expr,
          defaultStyle: false,
          tooltip: { disableDefaultStyle: true },
        });
        if (cancelled) result.finalize();
        else finalize = () => result.finalize();
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec]);

  return (
    <div className={`mw-chart ${className ?? ''}`} data-testid={testId}>
      <div ref={host} className="mw-chart-host" />
      {error !== null && <div className="mw-field-error">Chart failed: {error}</div>}
    </div>
  );
}
