/**
 * Whether a chart already on screen can take a new spec by swapping its data, or must be embedded anew.
 *
 * Embedding (Vega-Lite compile, Vega parse, first render) costs tens of milliseconds per chart; pushing new
 * rows into a named dataset of the live view costs a few. Live charts (the training curves) change only
 * their rows between redraws, so they name their datasets (`data: { name, values }`) and the view keeps them.
 */
import type { ChartSpec } from '../../../engine/charts';

/** Rows of one named inline dataset of a spec. */
export interface NamedValues {
  readonly name: string;
  readonly values: readonly unknown[];
}

/** A spec split into what needs a new embed when it changes (`shape`) and the rows that can be swapped in place. */
export interface ChartShape {
  readonly shape: string;
  readonly data: readonly NamedValues[];
}

export type ChartUpdate =
  | { readonly kind: 'embed'; readonly shape: string }
  | { readonly kind: 'update-data'; readonly shape: string; readonly data: readonly NamedValues[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Splits `spec` into its shape (the spec with the `values` of every named inline dataset left out, as a
 * string) and those datasets' rows. Unnamed inline data stays in the shape: a view cannot address it.
 */
export function chartShape(spec: ChartSpec): ChartShape {
  const data: NamedValues[] = [];
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!isRecord(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data' && isRecord(value) && typeof value.name === 'string' && Array.isArray(value.values)) {
        data.push({ name: value.name, values: value.values });
        const { values: _values, ...rest } = value;
        out[key] = rest;
      } else {
        out[key] = strip(value);
      }
    }
    return out;
  };
  const shape = JSON.stringify(strip(spec));
  return { shape, data };
}

/**
 * What to do to show `next` in a chart whose view was embedded from a spec of shape `currentShape` (null:
 * no view yet): swap the rows of its named datasets when the shape is the same (nothing to swap when it
 * has none: the spec is then the same), else embed anew.
 */
export function planChartUpdate(currentShape: string | null, next: ChartSpec): ChartUpdate {
  const { shape, data } = chartShape(next);
  if (currentShape === null || currentShape !== shape) return { kind: 'embed', shape };
  return { kind: 'update-data', shape, data };
}
