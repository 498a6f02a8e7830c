import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors, fileFieldKey, formatValue, formModel, humanize, parseInput, rangeHint, type FieldModel } from './form-model';

const schema = z.object({
  test: z.number().gt(0).lt(1).default(0.2).describe('Fraction of rows held out.'),
  epochs: z.number().int().min(1).max(10_000).default(50),
  stratify: z.boolean().default(true),
  strategy: z.enum(['mean', 'median', 'most_frequent']).default('mean'),
  target: z.string().default('').meta({ column: true }),
  features: z.array(z.string()).default([]).meta({ columns: true }),
  hiddenLayers: z.array(z.number().int().positive()).default([16, 8]),
  note: z.string().max(5000).optional(),
  name: z.string().max(100),
  tags: z.array(z.string()).default([]),
  clip: z.number().nullable().default(null),
  nested: z.object({ a: z.number() }).default({ a: 1 }),
  learningRate: z.number().positive().default(0.01).meta({ title: 'Learning rate (step size)' }),
});

function field(key: string): FieldModel {
  const f = formModel(schema).find((x) => x.key === key);
  if (f === undefined) throw new Error(`no field ${key}`);
  return f;
}

describe('formModel', () => {
  it('keeps declaration order and maps each zod type to a control', () => {
    expect(formModel(schema).map((f) => [f.key, f.kind])).toEqual([
      ['test', 'number'], ['epochs', 'number'], ['stratify', 'boolean'], ['strategy', 'select'], ['target', 'column'],
      ['features', 'columns'], ['hiddenLayers', 'number-list'], ['note', 'text'], ['name', 'text'], ['tags', 'text-list'],
      ['clip', 'number'], ['nested', 'json'], ['learningRate', 'number'],
    ]);
  });

  it('carries ranges, exclusivity, integer-ness and a sensible step', () => {
    expect(field('test')).toMatchObject({ min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, integer: false, step: 0.01 });
    expect(field('epochs')).toMatchObject({ min: 1, max: 10_000, exclusiveMin: false, integer: true, step: 1 });
    expect(field('learningRate')).toMatchObject({ min: 0, exclusiveMin: true, label: 'Learning rate (step size)' });
    expect(rangeHint(field('test'))).toBe('from 0 to 1 (exclusive)');
    expect(rangeHint(field('epochs'))).toBe('whole number from 1 to 10000');
    expect(rangeHint(field('learningRate'))).toBe('more than 0');
  });

  it('labels, descriptions, options, optional and nullable', () => {
    expect(field('test')).toMatchObject({ label: 'Test', description: 'Fraction of rows held out.', optional: true });
    expect(field('strategy')).toMatchObject({ options: ['mean', 'median', 'most_frequent'] });
    expect(field('name').optional).toBe(false);
    expect(field('note')).toMatchObject({ optional: true, multiline: true });
    expect(field('clip')).toMatchObject({ kind: 'number', nullable: true });
    expect(humanize('hiddenLayers')).toBe('Hidden layers');
    expect(humanize('max_depth')).toBe('Max depth');
  });
});

describe('parseInput', () => {
  it('parses numbers, refusing text and fractions where integers are due', () => {
    expect(parseInput(field('test'), '0.25')).toEqual({ ok: true, value: 0.25 });
    expect(parseInput(field('epochs'), '1,000')).toEqual({ ok: true, value: 1000 });
    expect(parseInput(field('epochs'), '2.5')).toMatchObject({ ok: false });
    expect(parseInput(field('test'), 'abc')).toMatchObject({ ok: false });
  });

  it('empty input clears optional fields, nulls nullable ones and is refused when required', () => {
    expect(parseInput(field('test'), ' ')).toEqual({ ok: true, value: undefined });
    expect(parseInput(field('clip'), '')).toEqual({ ok: true, value: null });
    expect(parseInput({ ...field('epochs'), optional: false }, '')).toMatchObject({ ok: false, message: 'Required.' });
    expect(parseInput(field('name'), '')).toEqual({ ok: true, value: '' });
  });

  it('parses lists and JSON', () => {
    expect(parseInput(field('hiddenLayers'), '32, 16 8')).toEqual({ ok: true, value: [32, 16, 8] });
    expect(parseInput(field('hiddenLayers'), '3.5')).toMatchObject({ ok: false });
    expect(parseInput(field('tags'), 'a, b,,c')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(parseInput(field('nested'), '{"a": 2}')).toEqual({ ok: true, value: { a: 2 } });
    expect(parseInput(field('nested'), '{a:')).toMatchObject({ ok: false });
  });

  it('formats values back for display', () => {
    expect(formatValue(field('hiddenLayers'), [16, 8])).toBe('16, 8');
    expect(formatValue(field('nested'), { a: 1 })).toBe('{"a":1}');
    expect(formatValue(field('clip'), null)).toBe('');
  });
});

describe('fieldErrors', () => {
  it('names the field a value breaks, as the user types', () => {
    expect(fieldErrors(schema, { name: 'x' })).toEqual({});
    const errors = fieldErrors(schema, { name: 'x', test: 1.5, epochs: 0 });
    expect(Object.keys(errors).sort()).toEqual(['epochs', 'test']);
  });
});

describe('fileFieldKey', () => {
  it('finds the field marked as a data file', () => {
    expect(fileFieldKey(z.object({ delimiter: z.string().default(','), path: z.string().default('').meta({ file: true }) }))).toBe('path');
    expect(fileFieldKey(schema)).toBeUndefined();
  });
});
