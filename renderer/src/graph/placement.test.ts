import { describe, expect, it } from 'vitest';
import { toFlowNode } from './convert';
import { freeSpot } from './placement';

describe('freeSpot', () => {
  it('keeps a free spot and steps away from occupied ones', () => {
    expect(freeSpot([], { x: 10, y: 20 })).toEqual({ x: 10, y: 20 });
    const n = toFlowNode({ id: 'a', kind: 'split', version: 1, params: {}, position: { x: 0, y: 0 } });
    const spot = freeSpot([n], { x: 10, y: 20 });
    expect(spot.x).toBe(10);
    expect(spot.y).toBeGreaterThan(110);
  });
});
