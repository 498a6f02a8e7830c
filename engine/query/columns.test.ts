import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileSorted, quantilesInPlace } from './columns';

describe('quantiles by selection', () => {
  it('equal the quantiles of the sorted values (property)', () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 3 }), (xs, cut) => {
        const sorted = Float64Array.from(xs).sort();
        const lo = Math.min(cut, xs.length - 1);
        const part = Float64Array.from(xs);
        const sub = Float64Array.from(xs.slice(lo)).sort();
        const got = quantilesInPlace(part, [0, 0.25, 0.5, 0.75, 1], lo, xs.length);
        [0, 0.25, 0.5, 0.75, 1].forEach((q, i) => expect(got[i]).toBeCloseTo(quantileSorted(sub, q), 9));
        expect(quantilesInPlace(Float64Array.from(xs), [0.5])[0]).toBeCloseTo(quantileSorted(sorted, 0.5), 9);
      }),
      { numRuns: 300 },
    );
  });
});
