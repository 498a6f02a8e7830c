import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeCategories } from './spec';
import { nodeDefinitions } from './registry';
import { nodeSpecs, specForKind } from './specs';

describe('node registry', () => {
  it('lists every kind once, with the same specs in both registries', () => {
    const kinds = nodeSpecs.map((s) => s.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(nodeDefinitions.map((d) => d.spec.kind).sort()).toEqual([...kinds].sort());
    for (const d of nodeDefinitions) expect(specForKind(d.spec.kind)).toBe(d.spec);
  });

  it.each(nodeSpecs.map((s) => [s.kind, s] as const))('%s: defaults parse, form schema renders, docs and summary read', (_kind, spec) => {
    const params = spec.params.parse({});
    expect(typeof spec.summary(params as never)).toBe('string');
    // The inspector form is generated from this JSON Schema: it must exist and carry a description per field.
    const json = z.toJSONSchema(spec.params, { io: 'input' }) as { properties?: Record<string, { description?: string }> };
    for (const [field, schema] of Object.entries(json.properties ?? {})) expect(schema.description, field).toBeTruthy();
    expect(nodeCategories).toContain(spec.category);
    expect(spec.docs.length).toBeGreaterThan(100);
    expect(spec.version).toBeGreaterThanOrEqual(1);
  });

  it.each(nodeSpecs.map((s) => [s.kind] as const))('%s/spec.ts stays pure (the renderer imports it)', (kind) => {
    const source = readFileSync(join(import.meta.dirname, kind, 'spec.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    const impure = imports.filter((i) => i === undefined || /^node:|tfjs|better-sqlite3|\/execute$|\/io\/node-/.test(i));
    expect(impure).toEqual([]);
  });

  it('marks column pickers for the inspector', () => {
    const props = (kind: string) => (z.toJSONSchema(specForKind(kind)?.params ?? z.object({}), { io: 'input' }) as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props('select-columns')['target']?.['column']).toBe(true);
    expect(props('select-columns')['features']?.['columns']).toBe(true);
    expect(props('impute')['columns']?.['columns']).toBe(true);
  });
});
