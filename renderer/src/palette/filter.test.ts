import { describe, expect, it } from 'vitest';
import { nodeSpecs } from '../../../engine/nodes/specs';
import type { NodeSpec } from '../../../engine/nodes/spec';
import { filterSpecs, groupSpecs } from './filter';

const specs: readonly NodeSpec[] = nodeSpecs;

describe('palette filter', () => {
  it('groups every registered kind under its category, in category order', () => {
    const groups = groupSpecs(specs);
    expect(groups.flatMap((g) => g.specs).length).toBe(specs.length);
    for (const g of groups) for (const s of g.specs) expect(s.category).toBe(g.category);
  });

  it('ranks title matches first and requires every word', () => {
    const split = specs.find((s) => s.kind === 'split');
    expect(split).toBeDefined();
    expect(filterSpecs(specs, 'spl')[0]?.kind).toBe('split');
    expect(filterSpecs(specs, 'zzzz-nothing')).toEqual([]);
    expect(filterSpecs(specs, '  ').length).toBe(specs.length);
  });
});
