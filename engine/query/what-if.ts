/**
 * What-if predictions: one raw input row built from the values in the question, checked against the
 * model's raw input schema, then scored through a `predictRows` callback (the host runs the model's
 * recipe and estimator, exactly as the Predict node does). Inputs the question does not give are left
 * missing, so the recipe fills them the way it did in training; the answer says which ones.
 */
import { MwError } from '../errors';
import type { ModelBundle } from '../ml/model';
import { barChart } from './charts';
import type { Answer, QueryModelInfo, Scalar, WhatIfIntent } from './intent';
import { formatValue } from './reading';
import { formatNumber } from './text';

/** The parts of a model bundle a what-if needs. */
export type WhatIfModel = Pick<ModelBundle, 'target' | 'task' | 'classes' | 'inputSchema' | 'recipe'>;

/** One prediction as the host reports it: a value (regression) or a label with class probabilities. */
export interface WhatIfPrediction {
  readonly value?: number;
  readonly label?: string;
  readonly probabilities?: Readonly<Record<string, number>>;
}

/** Scores raw input rows (column name → value; null = missing) with the trained model. */
export type PredictRows = (rows: Record<string, unknown>[]) => Promise<readonly WhatIfPrediction[]>;

export interface WhatIfRow {
  /** Every raw input column of the model: the given value, or null where the recipe will fill it. */
  readonly row: Record<string, string | number | boolean | null>;
  readonly given: readonly string[];
  readonly filled: readonly string[];
  readonly notes: readonly string[];
}

/** What the parser needs to know about a trained model. */
export function modelInfoForQueries(model: WhatIfModel): QueryModelInfo {
  return { target: model.target, task: model.task, inputs: model.inputSchema.map((c) => c.name), classes: [...model.classes] };
}

const TRUE_TEXT = new Set(['true', 'yes', 'y', 't', '1']);
const FALSE_TEXT = new Set(['false', 'no', 'n', 'f', '0']);

function badValue(column: string, value: Scalar, expected: string): MwError {
  return new MwError('MW_QUERY_BAD_VALUE', {
    message: `“${formatValue(value)}” is not a valid ${column}: the model expects ${expected}.`,
    location: { column },
    details: { column, value, expected },
  });
}

function convert(column: string, type: string, value: Scalar): string | number | boolean {
  switch (type) {
    case 'integer':
    case 'float': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.replaceAll(',', '')) : Number.NaN;
      if (typeof value === 'boolean' || !Number.isFinite(n)) throw badValue(column, value, 'a number');
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const t = String(value).toLowerCase();
      if (TRUE_TEXT.has(t)) return true;
      if (FALSE_TEXT.has(t)) return false;
      throw badValue(column, value, 'yes or no');
    }
    case 'datetime': {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 2999) return `${value}-01-01`;
      if (typeof value === 'string' && Number.isFinite(Date.parse(value))) return value;
      throw badValue(column, value, 'a date such as 2024-06-01');
    }
    default:
      if (typeof value === 'boolean') throw badValue(column, value, 'a category');
      return String(value);
  }
}

function fillDescription(model: WhatIfModel): string {
  const kinds = [...new Set(model.recipe.map((s) => s.kind))];
  return kinds.includes('impute')
    ? 'filled by the model’s Impute step, as in training'
    : 'left missing; the model treats them as it did missing values in training';
}

/**
 * Builds the raw input row. Throws MW_QUERY_NO_MODEL without a model, MW_QUERY_UNKNOWN_COLUMN for a value
 * of a column the model does not take, and MW_QUERY_BAD_VALUE for a value of the wrong type.
 */
export function buildWhatIfRow(intent: Pick<WhatIfIntent, 'values'>, model: WhatIfModel | null, knownCategories: Readonly<Record<string, readonly string[]>> = {}): WhatIfRow {
  if (model === null) throw new MwError('MW_QUERY_NO_MODEL', { message: 'No model has been trained yet, so there is nothing to predict with.' });
  const byName = new Map(model.inputSchema.map((c) => [c.name, c]));
  const row: Record<string, string | number | boolean | null> = Object.create(null) as Record<string, string | number | boolean | null>;
  const notes: string[] = [];
  for (const [name, value] of Object.entries(intent.values)) {
    const input = byName.get(name);
    if (input === undefined) {
      if (name === model.target) {
        throw new MwError('MW_QUERY_BAD_VALUE', { message: `${name} is what the model predicts; it cannot also be an input.`, location: { column: name } });
      }
      throw new MwError('MW_QUERY_UNKNOWN_COLUMN', {
        message: `The model does not use ${name}; its inputs are ${model.inputSchema.map((c) => c.name).join(', ')}.`,
        location: { column: name },
        details: { inputs: model.inputSchema.map((c) => c.name) },
      });
    }
    const converted = convert(name, input.type, value);
    const known = Object.hasOwn(knownCategories, name) ? knownCategories[name] : undefined;
    if (typeof converted === 'string' && known !== undefined && known.length > 0 && !['datetime'].includes(input.type)) {
      const match = known.find((k) => k.toLowerCase() === converted.toLowerCase());
      if (match === undefined) notes.push(`${name} = ${converted} was not seen in training; it is handled as unseen categories were in training.`);
      row[name] = match ?? converted;
    } else row[name] = converted;
  }
  const given = Object.keys(row);
  const filled: string[] = [];
  for (const input of model.inputSchema) {
    if (!(input.name in row)) {
      row[input.name] = null;
      filled.push(input.name);
    }
  }
  if (filled.length > 0) notes.unshift(`Not given: ${filled.join(', ')} — ${fillDescription(model)}.`);
  return { row: { ...row }, given, filled, notes };
}

/** Runs a what-if: builds the row, scores it through `predictRows` and phrases the answer. */
export async function answerWhatIf(
  intent: WhatIfIntent,
  model: WhatIfModel | null,
  predictRows: PredictRows,
  knownCategories: Readonly<Record<string, readonly string[]>> = {},
): Promise<Answer> {
  const built = buildWhatIfRow(intent, model, knownCategories);
  const m = model as WhatIfModel;
  if (intent.target !== undefined && intent.target !== m.target) {
    throw new MwError('MW_QUERY_BAD_VALUE', { message: `The trained model predicts ${m.target}, not ${intent.target}.`, location: { column: intent.target } });
  }
  const [prediction] = await predictRows([built.row]);
  if (prediction === undefined) throw new MwError('MW_INTERNAL', { message: 'The model returned no prediction for the what-if row.' });
  const inputs = built.given.map((c) => `${c} = ${formatValue(built.row[c] ?? null)}`).join(', ');
  if (m.task === 'classification') {
    const probs = Object.entries(prediction.probabilities ?? {}).sort((a, b) => b[1] - a[1]);
    const label = prediction.label ?? probs[0]?.[0] ?? '(unknown)';
    const p = prediction.probabilities?.[label];
    return {
      reading: intent.reading,
      sentence: `Predicted ${m.target} for ${inputs}: ${label}${p === undefined ? '' : ` (probability ${formatNumber(Math.round(p * 1000) / 1000)})`}.`,
      table: { columns: [m.target, 'probability'], rows: probs.map(([c, v]) => [c, v]) },
      ...(probs.length > 0 ? { chart: barChart(`Predicted probability of each ${m.target}`, m.target, 'probability', probs.map(([c, v]) => ({ label: c, value: v })), true) } : {}),
      notes: [...built.notes],
    };
  }
  const value = prediction.value ?? Number.NaN;
  if (!Number.isFinite(value)) throw new MwError('MW_INTERNAL', { message: 'The model returned no value for the what-if row.' });
  return {
    reading: intent.reading,
    sentence: `Predicted ${m.target} for ${inputs}: ${formatNumber(Math.round(value * 100) / 100)}.`,
    table: { columns: ['column', 'value'], rows: [...Object.entries(built.row).map(([c, v]) => [c, v] as [string, string | number | boolean | null]), [`predicted ${m.target}`, value]] },
    notes: [...built.notes],
  };
}
