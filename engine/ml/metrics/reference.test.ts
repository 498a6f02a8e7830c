/**
 * Every metric of every case in ../shared/reference/metrics_cases.json (scikit-learn 1.2's values, written by
 * make_reference.py) must match to 1e-9 ABSOLUTE difference (|ours − sklearn| ≤ 1e-9; all reference values are
 * at most ~50, so this is also at least as strict as 1e-9 relative).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classificationMetrics, predictedLabels } from './classification';
import { regressionScores } from './regression';

const TOLERANCE = 1e-9;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const referencePath = path.resolve(repoRoot, '../shared/reference/metrics_cases.json');

const metricsSchema = z.record(z.string(), z.union([z.number(), z.array(z.array(z.number().int()))]));
const caseSchema = z.discriminatedUnion('task', [
  z.object({ task: z.literal('binary'), labels: z.array(z.string()), y_true: z.array(z.number().int()), y_pred: z.array(z.number().int()), p_positive: z.array(z.number()), metrics: metricsSchema }),
  z.object({ task: z.literal('multiclass'), labels: z.array(z.string()), y_true: z.array(z.number().int()), y_pred: z.array(z.number().int()), proba: z.array(z.array(z.number())), metrics: metricsSchema }),
  z.object({ task: z.literal('regression'), y_true: z.array(z.number()), y_pred: z.array(z.number()), metrics: metricsSchema }),
]);
type ReferenceCase = z.infer<typeof caseSchema>;

function loadCases(): ReferenceCase[] {
  if (!existsSync(referencePath)) {
    throw new Error(`The scikit-learn reference ${referencePath} is missing. It lives in the shared folder beside the repository (../shared/reference/metrics_cases.json, made by make_reference.py); this test never skips.`);
  }
  return z.array(caseSchema).parse(JSON.parse(readFileSync(referencePath, 'utf8')));
}

function expectClose(name: string, actual: number | undefined, expected: number): void {
  expect(actual, `${name} is computed`).toBeTypeOf('number');
  const diff = Math.abs((actual ?? Number.NaN) - expected);
  expect(diff, `${name}: ours ${actual}, sklearn ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

/** Compares every metric the reference lists; a reference metric we do not compute fails the test. */
function checkAll(label: string, expected: Record<string, number | number[][]>, scores: Record<string, number>, confusion?: number[][]): number {
  let checked = 0;
  for (const [name, value] of Object.entries(expected)) {
    if (name === 'confusion_matrix') {
      expect(confusion, `${label} confusion_matrix`).toEqual(value);
    } else if (typeof value === 'number') {
      expectClose(`${label} ${name}`, scores[name], value);
    } else {
      throw new Error(`${label}: unexpected reference value for ${name}`);
    }
    checked++;
  }
  return checked;
}

describe('metrics match scikit-learn (metrics_cases.json)', () => {
  const cases = loadCases();

  it('has the cases make_reference.py writes', () => {
    expect(cases.map((c) => `${c.task}:${c.y_true.length}`)).toEqual(['binary:10', 'binary:200', 'multiclass:30', 'multiclass:300', 'regression:10', 'regression:500']);
  });

  cases.forEach((c, index) => {
    const label = `case ${index} (${c.task}, n=${c.y_true.length})`;
    it(label, () => {
      const expected = c.metrics;
      let checked: number;
      if (c.task === 'regression') {
        const scores = regressionScores(Float64Array.from(c.y_true), Float64Array.from(c.y_pred));
        checked = checkAll(label, expected, scores);
      } else {
        const k = c.labels.length;
        const n = c.y_true.length;
        const proba = new Float64Array(n * k);
        if (c.task === 'binary') {
          c.p_positive.forEach((p, i) => {
            proba[i * 2] = 1 - p;
            proba[i * 2 + 1] = p;
          });
        } else {
          c.proba.forEach((row, i) => proba.set(row, i * k));
        }
        // The reference's y_pred (p ≥ 0.5 for binary, argmax for multiclass) is what we derive from proba.
        expect(Array.from(predictedLabels(proba, k))).toEqual(c.y_pred);
        const m = classificationMetrics(Int32Array.from(c.y_true), proba, k);
        checked = checkAll(label, expected, m.scores, m.confusionMatrix);
      }
      expect(checked).toBe(Object.keys(expected).length);
    });
  });
});
