/** Small math helpers shared by the network and tree code (each emitted once per source file). */
import type { CUnit } from './c-unit';

export function sigmoidHelper(unit: CUnit): string {
  unit.helper('sigmoid', `static float ${unit.name('sigmoid')}(float v) {\n  return 1.0f / (1.0f + expf(-v));\n}`);
  return unit.name('sigmoid');
}

/** Softmax over `n` scores in place (max-shifted, as the engine computes it). */
export function softmaxHelper(unit: CUnit): string {
  unit.helper(
    'softmax',
    `static void ${unit.name('softmax')}(float *v, int n) {\n  int i;\n  float max = v[0];\n  float sum = 0.0f;\n` +
      `  for (i = 1; i < n; i++) if (v[i] > max) max = v[i];\n  for (i = 0; i < n; i++) {\n    v[i] = expf(v[i] - max);\n    sum += v[i];\n  }\n` +
      `  for (i = 0; i < n; i++) v[i] /= sum;\n}`,
  );
  return unit.name('softmax');
}

/**
 * The predicted class from the probabilities, as the engine's Predict decides it: class 1 when
 * p(1) ≥ 0.5 for two classes, else the first most probable class.
 */
export function classHelper(unit: CUnit): string {
  unit.helper(
    'class_of',
    `static int ${unit.name('class_of')}(const float *p, int k) {\n  int c;\n  int best = 0;\n  if (k == 2) return p[1] >= 0.5f ? 1 : 0;\n` +
      `  for (c = 1; c < k; c++) if (p[c] > p[best]) best = c;\n  return best;\n}`,
  );
  return unit.name('class_of');
}
