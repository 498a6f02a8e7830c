/**
 * The inspector's form, generated from a node kind's zod params schema (via z.toJSONSchema): numbers
 * with their ranges, enums as selects, booleans, strings, lists, and column pickers for fields marked
 * with `.meta({ column: true })` or `.meta({ columns: true })`, and a file field for `.meta({ file: true })`. Pure: no React here.
 */
import { z } from 'zod';

interface FieldBase {
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  /** The field may be left empty (optional, or has a default the node falls back to). */
  readonly optional: boolean;
  readonly nullable: boolean;
}

export type FieldModel =
  | (FieldBase & { readonly kind: 'number'; readonly integer: boolean; readonly min?: number; readonly max?: number; readonly exclusiveMin: boolean; readonly exclusiveMax: boolean; readonly step: number })
  | (FieldBase & { readonly kind: 'boolean' })
  | (FieldBase & { readonly kind: 'select'; readonly options: readonly string[] })
  | (FieldBase & { readonly kind: 'text'; readonly multiline: boolean })
  | (FieldBase & { readonly kind: 'column' })
  /** A data file path (`.meta({ file: true })`): text plus a button to import a file. */
  | (FieldBase & { readonly kind: 'file' })
  | (FieldBase & { readonly kind: 'columns' })
  | (FieldBase & { readonly kind: 'number-list'; readonly integer: boolean })
  | (FieldBase & { readonly kind: 'text-list' })
  /** Anything else (nested objects, unions): edited as JSON text. */
  | (FieldBase & { readonly kind: 'json' });

type Json = Record<string, unknown>;

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** "learningRate" → "Learning rate"; "max_depth" → "Max depth". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < SAFE_INT ? v : undefined;
}

/** Splits `anyOf: [X, {type: 'null'}]` or `type: [X, 'null']` into X and nullable. */
function unwrapNull(schema: Json): { schema: Json; nullable: boolean } {
  const type = schema['type'];
  if (Array.isArray(type) && type.includes('null')) {
    const rest = type.filter((t) => t !== 'null');
    if (rest.length === 1) return { schema: { ...schema, type: rest[0] }, nullable: true };
  }
  const anyOf = schema['anyOf'];
  if (Array.isArray(anyOf)) {
    const rest = (anyOf as Json[]).filter((s) => s['type'] !== 'null');
    if (rest.length === 1 && rest.length < anyOf.length) return { schema: { ...schema, ...rest[0], anyOf: undefined }, nullable: true };
  }
  return { schema, nullable: false };
}

function fieldFor(key: string, raw: Json, required: boolean): FieldModel {
  const { schema, nullable } = unwrapNull(raw);
  const description = typeof schema['description'] === 'string' ? schema['description'] : undefined;
  const base: FieldBase = {
    key,
    label: typeof schema['title'] === 'string' ? schema['title'] : humanize(key),
    ...(description === undefined ? {} : { description }),
    optional: !required || schema['default'] !== undefined,
    nullable,
  };
  const type = schema['type'];
  if (schema['column'] === true) return { ...base, kind: 'column' };
  if (schema['columns'] === true) return { ...base, kind: 'columns' };
  if (schema['file'] === true) return { ...base, kind: 'file' };
  if (Array.isArray(schema['enum']) && (schema['enum'] as unknown[]).every((v) => typeof v === 'string')) {
    return { ...base, kind: 'select', options: schema['enum'] as string[] };
  }
  if (type === 'number' || type === 'integer') {
    const integer = type === 'integer';
    const exMin = num(schema['exclusiveMinimum']);
    const exMax = num(schema['exclusiveMaximum']);
    const min = exMin ?? num(schema['minimum']);
    const max = exMax ?? num(schema['maximum']);
    const span = min !== undefined && max !== undefined ? max - min : undefined;
    const step = integer ? 1 : span !== undefined && span <= 1 ? 0.01 : span !== undefined && span <= 10 ? 0.1 : 0.001;
    return {
      ...base, kind: 'number', integer, exclusiveMin: exMin !== undefined, exclusiveMax: exMax !== undefined, step,
      ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }),
    };
  }
  if (type === 'boolean') return { ...base, kind: 'boolean' };
  if (type === 'string') {
    const maxLength = num(schema['maxLength']);
    // Long free text (descriptions, notes) gets a text area.
    return { ...base, kind: 'text', multiline: (maxLength ?? 0) > 200 };
  }
  if (type === 'array') {
    const items = (schema['items'] ?? {}) as Json;
    if (items['type'] === 'number' || items['type'] === 'integer') return { ...base, kind: 'number-list', integer: items['type'] === 'integer' };
    if (items['type'] === 'string' && items['enum'] === undefined) return { ...base, kind: 'text-list' };
  }
  return { ...base, kind: 'json' };
}

/** The form fields of a params schema, in declaration order. */
export function formModel(schema: z.ZodType): FieldModel[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const properties = (json['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([key, prop]) => fieldFor(key, prop, required.has(key)));
}

export type ParsedInput = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/**
 * Turns what the user typed into a param value, or says why it cannot be one. Empty text clears an
 * optional field (`undefined`: the node uses its default) or sets null on a nullable one.
 */
export function parseInput(field: FieldModel, text: string): ParsedInput {
  const trimmed = text.trim();
  if (trimmed === '' && field.kind !== 'text') {
    if (field.nullable) return { ok: true, value: null };
    if (field.optional) return { ok: true, value: undefined };
    return { ok: false, message: 'Required.' };
  }
  switch (field.kind) {
    case 'number': {
      const value = Number(trimmed.replace(/,/g, ''));
      if (!Number.isFinite(value)) return { ok: false, message: 'Enter a number.' };
      if (field.integer && !Number.isInteger(value)) return { ok: false, message: 'Enter a whole number.' };
      return { ok: true, value };
    }
    case 'number-list': {
      const parts = trimmed.split(/[\s,;]+/).filter((p) => p !== '');
      const values = parts.map(Number);
      if (values.some((v) => !Number.isFinite(v))) return { ok: false, message: 'Enter numbers separated by commas.' };
      if (field.integer && values.some((v) => !Number.isInteger(v))) return { ok: false, message: 'Enter whole numbers separated by commas.' };
      return { ok: true, value: values };
    }
    case 'text-list':
      return { ok: true, value: trimmed.split(',').map((p) => p.trim()).filter((p) => p !== '') };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(trimmed) as unknown };
      } catch {
        return { ok: false, message: 'Enter valid JSON.' };
      }
    case 'text':
    case 'file':
    case 'column':
    case 'select':
      return { ok: true, value: text };
    case 'boolean':
      return { ok: true, value: trimmed === 'true' };
    case 'columns':
      return { ok: true, value: trimmed.split(',').map((p) => p.trim()).filter((p) => p !== '') };
  }
}

/** How a param value is shown in a text input. */
export function formatValue(field: FieldModel, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'json') return JSON.stringify(value);
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

/** A range hint for number fields: "between 0 and 1 (exclusive)". */
export function rangeHint(field: FieldModel): string | undefined {
  if (field.kind !== 'number') return undefined;
  const { min, max } = field;
  if (min !== undefined && max !== undefined) {
    const ex = field.exclusiveMin || field.exclusiveMax ? ' (exclusive)' : '';
    return `${field.integer ? 'whole number ' : ''}from ${min} to ${max}${ex}`;
  }
  if (min !== undefined) return `${field.exclusiveMin ? 'more than' : 'at least'} ${min}`;
  if (max !== undefined) return `${field.exclusiveMax ? 'less than' : 'at most'} ${max}`;
  return field.integer ? 'whole number' : undefined;
}

/** Field key → the first validation message for it, from the params schema. */
export function fieldErrors(schema: z.ZodType, params: Record<string, unknown>): Record<string, string> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length === 0 ? '' : String(issue.path[0]);
    out[key] ??= issue.message;
  }
  return out;
}

/** The key of the kind's data-file field, if it has one (where a dropped or chosen file goes). */
export function fileFieldKey(schema: z.ZodType): string | undefined {
  return formModel(schema).find((f) => f.kind === 'file')?.key;
}
