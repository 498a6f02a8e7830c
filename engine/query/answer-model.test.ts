import { describe, expect, it } from 'vitest';
import { MwError } from '../errors';
import { buildClassificationResult, buildRegressionResult } from '../ml/metrics/result';
import { answerModelQuestion } from './answer-model';
import { answerSchema, type ModelQuestionIntent, type ModelTopic } from './intent';

const ask = (topic: ModelTopic, metric?: string): ModelQuestionIntent => ({ kind: 'model-question', reading: `about ${topic}`, corrections: [], topic, ...(metric === undefined ? {} : { metric }) });

// A 3-class classifier: perfect on train, two mistakes (b → c, b → c) and one (c → a) on test.
const onehot = (labels: number[], wrong: Record<number, number> = {}): Float64Array => {
  const p = new Float64Array(labels.length * 3);
  labels.forEach((y, i) => {
    p[i * 3 + (wrong[i] ?? y)] = 1;
  });
  return p;
};
const testY = Int32Array.from([0, 0, 1, 1, 1, 2, 2, 2]);
const classification = buildClassificationResult({
  classes: ['a', 'b', 'c'],
  protocol: { kind: 'holdout' },
  bootstrap: { resamples: 50, seed: 0 },
  partitions: {
    train: { yTrue: Int32Array.from([0, 1, 2, 0, 1, 2]), proba: onehot([0, 1, 2, 0, 1, 2]) },
    test: { yTrue: testY, proba: onehot([...testY], { 2: 2, 3: 2, 5: 0 }) },
  },
});
const regression = buildRegressionResult({
  protocol: { kind: 'holdout' },
  bootstrap: { resamples: 50, seed: 0 },
  partitions: {
    train: { yTrue: Float64Array.from([1, 2, 3, 4, 5]), yPred: Float64Array.from([1, 2, 3, 4, 5.1]) },
    test: { yTrue: Float64Array.from([1, 2, 3, 4, 5]), yPred: Float64Array.from([1.5, 2, 3, 4, 9]) },
  },
});

describe('answers to model questions', () => {
  it('reports the headline, a named metric, and every score per partition', () => {
    const a = answerSchema.parse(answerModelQuestion(ask('accuracy'), { metrics: classification }));
    expect(a.sentence).toMatch(/^Accuracy on the test rows: 0\.625/);
    expect([...(a.table?.columns ?? [])].sort()).toEqual(['metric', 'test', 'train']);
    const r2 = answerModelQuestion(ask('accuracy', 'rmse'), { metrics: regression });
    expect(r2.sentence).toMatch(/^Root mean squared error on the test rows/);
  });

  it('compares train and test scores for over-fitting', () => {
    const a = answerModelQuestion(ask('overfitting'), { metrics: classification });
    expect(a.sentence).toMatch(/1 on the training rows and 0\.625 on the test rows: likely over-fitting/);
  });

  it('shows the confusion matrix and the most common mistake', () => {
    const a = answerModelQuestion(ask('confusion'), { metrics: classification });
    expect(a.sentence).toMatch(/b predicted as c \(2 rows\)/);
    expect(a.table?.rows).toEqual([['a', 2, 0, 0], ['b', 0, 1, 2], ['c', 1, 0, 2]]);
    expect(() => answerModelQuestion(ask('confusion'), { metrics: regression })).toThrow(MwError);
  });

  it('lists the largest errors of a regression', () => {
    const a = answerModelQuestion(ask('biggest-errors'), { metrics: regression });
    expect(a.table?.rows[0]).toEqual([9, -4]);
  });

  it('ranks permutation importances, and says when there are none', () => {
    const a = answerModelQuestion(ask('importance'), { metrics: regression, importance: [{ feature: 'city', mean: 0.1 }, { feature: 'sqft', mean: 0.4, std: 0.02 }] });
    expect(a.sentence).toMatch(/matter most: sqft, city/);
    const code = (f: () => unknown): string => {
      try {
        f();
        return 'none';
      } catch (e) {
        return (e as MwError).code;
      }
    };
    expect(code(() => answerModelQuestion(ask('importance'), { metrics: regression }))).toBe('MW_QUERY_NO_MODEL');
    expect(code(() => answerModelQuestion(ask('accuracy'), { metrics: null }))).toBe('MW_QUERY_NO_MODEL');
  });
});
