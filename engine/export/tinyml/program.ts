/**
 * The model's preprocessing as a small expression program over the raw inputs, so it can be written out
 * as C and evaluated here exactly as the engine computes it.
 *
 * The recipe (Select Columns, Impute, Encode, Scale) is replayed symbolically: every prepared column
 * becomes an expression of one raw input column, and the feature layout (../../ml/model FeatureLayout)
 * turns those into the model's input vector. `evaluate*` mirror the engine's arithmetic (the apply
 * functions of engine/nodes/{impute,encode,scale} and buildMatrix in engine/ml/train/features) in double
 * precision with the same operation order, rounding to float32 where the engine's feature matrix does.
 *
 * Category inputs are coded as the C code sees them: 0 = missing (NULL), 1..K = the K strings the recipe
 * knows for that column (`RawInput.categories`), K + 1 = any other string ("unseen").
 */
import { MwError } from '../../errors';
import type { ColumnType } from '../../data/table';
import { encodeStateSchema } from '../../nodes/encode/execute';
import { imputeStateSchema } from '../../nodes/impute/execute';
import { scaleStateSchema } from '../../nodes/scale/execute';
import { selectColumnsStateSchema } from '../../nodes/select-columns/execute';
import type { ModelBundle } from '../../ml/model';
import { sortUtf8, uniqueIdentifiers } from './c-syntax';

/** number: a float field; date: a double field (milliseconds since 1970 do not fit a float); category: a string. */
export type RawKind = 'number' | 'date' | 'category';

export interface RawInput {
  /** The column name as the user knows it. */
  readonly name: string;
  /** The struct field name (a sanitised C identifier). */
  readonly field: string;
  readonly kind: RawKind;
  readonly type: ColumnType;
  /**
   * Category inputs: the strings the recipe knows, in C lookup order (sorted by UTF-8 bytes; names with a
   * NUL character, which no C string can hold, come last and are never matched). Code = index + 1.
   */
  readonly categories: readonly string[];
  /** Leading entries of `categories` the C lookup can match. */
  readonly matchable: number;
}

export type CatExpr =
  | { readonly op: 'category'; readonly input: number }
  | { readonly op: 'fill-category'; readonly arg: CatExpr; readonly value: string };

export type NumExpr =
  | { readonly op: 'number'; readonly input: number }
  /** Impute: a missing value becomes `value`. */
  | { readonly op: 'fill'; readonly arg: NumExpr; readonly value: number }
  /** Scale: (x − center) / scale; missing stays missing. */
  | { readonly op: 'scale'; readonly arg: NumExpr; readonly center: number; readonly scale: number }
  /** Impute's missing indicator: 1 when `arg` is missing, else 0. */
  | { readonly op: 'is-missing'; readonly arg: Expr }
  /** Encode one-hot output `slot` (slot = categories.length is "(other)"): 1 or 0; missing sets none. */
  | { readonly op: 'one-hot'; readonly arg: CatExpr; readonly categories: readonly string[]; readonly slot: number }
  /** Encode ordinal: the category's slot (other = categories.length); missing stays missing. */
  | { readonly op: 'ordinal'; readonly arg: CatExpr; readonly categories: readonly string[] };

export type Expr = NumExpr | CatExpr;

/** One column of the feature layout: one model input (numeric) or one per category (one-hot). */
export type Feature =
  | { readonly kind: 'numeric'; readonly name: string; readonly expr: NumExpr; readonly center: number; readonly scale: number }
  | { readonly kind: 'one-hot'; readonly name: string; readonly expr: CatExpr; readonly categories: readonly string[] };

export interface Program {
  /** The raw inputs the model uses, in the order of the model's input schema. */
  readonly inputs: readonly RawInput[];
  readonly features: readonly Feature[];
  /** Model inputs (the layout width). */
  readonly width: number;
  /** Model inputs → (feature, category position or 0). */
  readonly slots: readonly { readonly feature: number; readonly position: number }[];
  /** Raw columns of the input schema the model does not use (left out of the C input struct). */
  readonly unused: readonly string[];
}

const numericTypes: ReadonlySet<ColumnType> = new Set(['integer', 'float', 'boolean', 'datetime']);

function unsupported(message: string, details?: Record<string, unknown>): MwError {
  return new MwError('MW_EXPORT_UNSUPPORTED', { message, ...(details === undefined ? {} : { details }) });
}

function isCat(e: Expr): e is CatExpr {
  return e.op === 'category' || e.op === 'fill-category';
}

/** Replays the model's recipe and layout symbolically. MW_EXPORT_UNSUPPORTED for steps it cannot express. */
export function compileProgram(model: ModelBundle): Program {
  const schema = model.inputSchema;
  // Prepared columns by name; a column the recipe touches but the raw inputs lack (the target, say) is absent.
  const columns = new Map<string, Expr>();
  schema.forEach((c, input) => columns.set(c.name, numericTypes.has(c.type) ? { op: 'number', input } : { op: 'category', input }));

  for (const step of model.recipe) {
    switch (step.kind) {
      case 'select-columns':
        // Roles and column order only; the layout names the feature columns it uses.
        selectColumnsStateSchema.parse(step.state);
        break;
      case 'impute': {
        const state = imputeStateSchema.parse(step.state);
        const indicators = state.indicators.map((ind) => ({ name: ind.name, source: columns.get(ind.column) }));
        for (const fill of state.fills) {
          const e = columns.get(fill.column);
          if (e === undefined) continue;
          if (fill.kind === 'number' && !isCat(e)) columns.set(fill.column, { op: 'fill', arg: e, value: fill.value });
          else if (fill.kind === 'category' && isCat(e)) columns.set(fill.column, { op: 'fill-category', arg: e, value: fill.value });
          else throw unsupported(`Impute fills "${fill.column}" with a ${fill.kind === 'number' ? 'number' : 'category'}, but the column holds the other kind.`, { column: fill.column });
        }
        for (const ind of indicators) if (ind.source !== undefined) columns.set(ind.name, { op: 'is-missing', arg: ind.source });
        break;
      }
      case 'encode': {
        const state = encodeStateSchema.parse(step.state);
        for (const spec of state.columns) {
          const e = columns.get(spec.source);
          if (e === undefined) continue;
          if (!isCat(e)) throw unsupported(`Encode reads "${spec.source}", which holds numbers.`, { column: spec.source });
          columns.delete(spec.source);
          if (state.method === 'ordinal') columns.set(spec.outputs[0] ?? spec.source, { op: 'ordinal', arg: e, categories: spec.categories });
          else spec.outputs.forEach((out, slot) => columns.set(out, { op: 'one-hot', arg: e, categories: spec.categories, slot }));
        }
        break;
      }
      case 'scale': {
        const state = scaleStateSchema.parse(step.state);
        for (const s of state.columns) {
          const e = columns.get(s.column);
          if (e === undefined) continue;
          if (isCat(e)) throw unsupported(`Scale reads "${s.column}", which holds categories.`, { column: s.column });
          columns.set(s.column, { op: 'scale', arg: e, center: s.center, scale: s.scale });
        }
        break;
      }
      default:
        throw unsupported(`The model's preprocessing has a "${step.kind}" step, which the C export does not support.`, { step: step.kind });
    }
  }

  const features: Feature[] = model.features.columns.map((spec): Feature => {
    const e = columns.get(spec.name);
    if (e === undefined) throw unsupported(`The model input "${spec.name}" does not come from the model's raw input columns.`, { column: spec.name });
    if (spec.kind === 'numeric') {
      if (isCat(e)) throw unsupported(`The model reads "${spec.name}" as numbers but it holds categories.`, { column: spec.name });
      return { kind: 'numeric', name: spec.name, expr: e, center: spec.center, scale: spec.scale };
    }
    if (!isCat(e)) throw unsupported(`The model one-hot encodes "${spec.name}" but it holds numbers.`, { column: spec.name });
    return { kind: 'one-hot', name: spec.name, expr: e, categories: spec.categories };
  });
  const width = features.reduce((n, f) => n + (f.kind === 'numeric' ? 1 : f.categories.length), 0);
  if (width !== model.features.width) throw unsupported(`The feature layout says ${model.features.width} model inputs but its columns make ${width}.`);

  // Keep the raw inputs the features use, renumbered in schema order, with their category tables.
  const used = [...new Set(features.map((f) => inputOf(f.expr)))].sort((a, b) => a - b);
  const renumber = new Map(used.map((old, i) => [old, i]));
  const fields = uniqueIdentifiers(used.map((i) => schema[i]!.name));
  const strings = used.map(() => new Set<string>());
  const remapped = features.map((f): Feature => {
    const expr = remapInputs(f.expr, renumber, strings) as typeof f.expr;
    if (f.kind === 'one-hot') for (const c of f.categories) strings[renumber.get(inputOf(f.expr))!]!.add(c);
    return { ...f, expr } as Feature;
  });
  const inputs = used.map((old, i): RawInput => {
    const column = schema[old]!;
    const kind: RawKind = !numericTypes.has(column.type) ? 'category' : column.type === 'datetime' ? 'date' : 'number';
    const all = [...strings[i]!];
    const matchable = sortUtf8(all.filter((s) => !s.includes('\0')));
    const unmatchable = sortUtf8(all.filter((s) => s.includes('\0')));
    return { name: column.name, field: fields[i]!, kind, type: column.type, categories: [...matchable, ...unmatchable], matchable: matchable.length };
  });
  const slots: { feature: number; position: number }[] = [];
  remapped.forEach((f, feature) => {
    const n = f.kind === 'numeric' ? 1 : f.categories.length;
    for (let position = 0; position < n; position++) slots.push({ feature, position });
  });
  const usedNames = new Set(inputs.map((i) => i.name));
  return { inputs, features: remapped, width, slots, unused: schema.map((c) => c.name).filter((n) => !usedNames.has(n)) };
}

/** The raw input an expression reads (every expression reads exactly one). */
export function inputOf(e: Expr): number {
  switch (e.op) {
    case 'number':
    case 'category':
      return e.input;
    case 'fill':
    case 'scale':
    case 'is-missing':
    case 'one-hot':
    case 'ordinal':
    case 'fill-category':
      return inputOf(e.arg);
  }
}

/** Renumbers inputs and collects the category strings each categorical input's expressions mention. */
function remapInputs(e: Expr, renumber: ReadonlyMap<number, number>, strings: Set<string>[]): Expr {
  const input = renumber.get(inputOf(e))!;
  const add = (values: readonly string[]) => {
    for (const v of values) strings[input]!.add(v);
  };
  switch (e.op) {
    case 'number':
    case 'category':
      return { ...e, input };
    case 'fill':
    case 'scale':
      return { ...e, arg: remapInputs(e.arg, renumber, strings) as NumExpr };
    case 'is-missing':
      return { ...e, arg: remapInputs(e.arg, renumber, strings) };
    case 'fill-category':
      add([e.value]);
      return { ...e, arg: remapInputs(e.arg, renumber, strings) as CatExpr };
    case 'one-hot':
    case 'ordinal':
      add(e.categories);
      return { ...e, arg: remapInputs(e.arg, renumber, strings) as CatExpr };
  }
}

/** A raw row as the C code sees it: per input, the number (NaN = missing) or the category code. */
export type RawRow = Float64Array;

/** A category value: a known string, missing (null) or a string the recipe never saw. */
export type CategoryValue = string | null | typeof UNSEEN;
export const UNSEEN: unique symbol = Symbol('unseen category');

export function evaluateCategory(e: CatExpr, program: Program, row: RawRow): CategoryValue {
  if (e.op === 'fill-category') {
    const v = evaluateCategory(e.arg, program, row);
    return v === null ? e.value : v;
  }
  const input = program.inputs[e.input]!;
  const code = row[e.input]!;
  if (code === 0) return null;
  return code <= input.categories.length ? input.categories[code - 1]! : UNSEEN;
}

const positions = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Position of a string in a category list (first occurrence), or -1; linear-time per list, then O(1). */
function positionIn(categories: readonly string[], value: string): number {
  let map = positions.get(categories);
  if (map === undefined) {
    const built = new Map<string, number>();
    categories.forEach((c, i) => {
      if (!built.has(c)) built.set(c, i);
    });
    positions.set(categories, built);
    map = built;
  }
  return map.get(value) ?? -1;
}

/** The engine's slot of a category in an Encode column: its position, or "(other)"; -1 when missing. */
export function encodeSlot(value: CategoryValue, categories: readonly string[]): number {
  if (value === null) return -1;
  const i = value === UNSEEN ? -1 : positionIn(categories, value);
  return i >= 0 ? i : categories.length;
}

/** A prepared numeric value, NaN when missing (the engine's missing mask and NaN coincide). */
export function evaluateNumber(e: NumExpr, program: Program, row: RawRow): number {
  switch (e.op) {
    case 'number':
      return row[e.input]!;
    case 'fill': {
      const v = evaluateNumber(e.arg, program, row);
      return Number.isNaN(v) ? e.value : v;
    }
    case 'scale': {
      const v = evaluateNumber(e.arg, program, row);
      return Number.isNaN(v) ? Number.NaN : (v - e.center) / e.scale;
    }
    case 'is-missing': {
      const arg = e.arg;
      const missing = isCat(arg) ? evaluateCategory(arg, program, row) === null : Number.isNaN(evaluateNumber(arg, program, row));
      return missing ? 1 : 0;
    }
    case 'one-hot':
      return encodeSlot(evaluateCategory(e.arg, program, row), e.categories) === e.slot ? 1 : 0;
    case 'ordinal': {
      const slot = encodeSlot(evaluateCategory(e.arg, program, row), e.categories);
      return slot < 0 ? Number.NaN : slot;
    }
  }
}

/** Position of the category among a one-hot layout column's categories, or -1 (missing or not among them). */
export function layoutPosition(value: CategoryValue, categories: readonly string[]): number {
  return value === null || value === UNSEEN ? -1 : positionIn(categories, value);
}

/**
 * The model input vector for one raw row, as the engine's feature matrix holds it (float32 values):
 * numeric `(v − center) / scale` with missing or non-finite values as 0, one-hot 0/1.
 */
export function modelInputs(program: Program, row: RawRow, out = new Float64Array(program.width)): Float64Array {
  let offset = 0;
  for (const f of program.features) {
    if (f.kind === 'numeric') {
      out[offset++] = numericFeature(f, program, row);
    } else {
      const position = layoutPosition(evaluateCategory(f.expr, program, row), f.categories);
      for (let k = 0; k < f.categories.length; k++) out[offset + k] = k === position ? 1 : 0;
      offset += f.categories.length;
    }
  }
  return out;
}

function numericFeature(f: Feature & { kind: 'numeric' }, program: Program, row: RawRow): number {
  const v = evaluateNumber(f.expr, program, row);
  return Number.isFinite(v) ? Math.fround((v - f.center) / f.scale) : 0;
}

/** One model input (float32 value) for a raw row. */
export function modelInput(program: Program, index: number, row: RawRow): number {
  const slot = program.slots[index]!;
  const f = program.features[slot.feature]!;
  if (f.kind === 'numeric') return numericFeature(f, program, row);
  return layoutPosition(evaluateCategory(f.expr, program, row), f.categories) === slot.position ? 1 : 0;
}

/** The raw input behind model input `index`. */
export function inputOfModelInput(program: Program, index: number): number {
  return inputOf(program.features[program.slots[index]!.feature]!.expr);
}

/** Number of category codes of an input in C (missing, the known strings, unseen). */
export function codeCount(input: RawInput): number {
  return input.categories.length + 2;
}
