/**
 * What int8 weights cost: the quantised network (as the generated C computes it) against the engine's
 * float model on real rows: output differences, how often the predicted class changes, and the accuracy
 * (classification) or R² (regression) of both when the rows carry the target.
 */
import { rowsIn, type Table } from '../../data/table';
import { isMwError } from '../../errors';
import type { ModelBundle } from '../../ml/model';
import { buildMatrix } from '../../ml/train/features';
import { preparedFor, truthFor } from '../../ml/train/infer';
import { predictedLabels } from '../../ml/metrics/classification';
import type { ExportCResult } from './generate';
import { networkOutputs } from './network';

export interface QuantisationReport {
  readonly rows: number;
  /** Which rows: the test partition when the table has one, else all rows. */
  readonly partition: 'test' | 'all';
  readonly maxOutputDifference: number;
  /** Share of rows whose predicted class is unchanged (classification), else null. */
  readonly agreement: number | null;
  readonly metric: 'accuracy' | 'r2' | null;
  readonly float: number | null;
  readonly int8: number | null;
  /** float − int8 (positive = int8 is worse). */
  readonly loss: number | null;
}

function r2(truth: Float64Array, predicted: Float64Array): number {
  let mean = 0;
  for (const v of truth) mean += v / truth.length;
  let res = 0;
  let tot = 0;
  truth.forEach((v, i) => {
    res += (v - predicted[i]!) ** 2;
    tot += (v - mean) ** 2;
  });
  return tot === 0 ? 0 : 1 - res / tot;
}

/** Measures an int8 export (`result` from exportC with int8) on a table of raw or prepared rows. */
export function measureQuantisation(model: ModelBundle, result: ExportCResult, table: Table): QuantisationReport | null {
  if (result.target.kind !== 'network' || !result.target.plan.layers.some((l) => l.quantised !== null)) return null;
  const plan = result.target.plan;
  const prepared = preparedFor(model, table).table;
  const test = prepared.partition === null ? null : rowsIn(prepared, 'test');
  const rows = test !== null && test.length > 0 ? test : Uint32Array.from({ length: prepared.rowCount }, (_, i) => i);
  const matrix = buildMatrix(prepared, model.features, rows);
  const engine = model.estimator.predict(matrix);
  const k = engine.length / Math.max(1, rows.length);
  const quantised = new Float64Array(engine.length);
  for (let r = 0; r < rows.length; r++) quantised.set(networkOutputs(plan, matrix.data.subarray(r * matrix.cols, (r + 1) * matrix.cols)), r * k);
  let maxOutputDifference = 0;
  engine.forEach((v, i) => (maxOutputDifference = Math.max(maxOutputDifference, Math.abs(v - quantised[i]!))));
  const classification = model.task === 'classification';
  const floatClasses = classification ? predictedLabels(engine, k) : null;
  const int8Classes = classification ? predictedLabels(quantised, k) : null;
  let agreement: number | null = null;
  if (floatClasses !== null && int8Classes !== null) {
    let same = 0;
    floatClasses.forEach((c, i) => (same += c === int8Classes[i] ? 1 : 0));
    agreement = rows.length === 0 ? null : same / rows.length;
  }
  let truth: ReturnType<typeof truthFor> | null = null;
  try {
    truth = truthFor(model, prepared, rows);
  } catch (thrown) {
    if (!isMwError(thrown)) throw thrown;
  }
  let metric: QuantisationReport['metric'] = null;
  let floatScore: number | null = null;
  let int8Score: number | null = null;
  if (truth !== null && truth.rows.length > 0) {
    const position = new Map(Array.from(rows, (r, i) => [r, i]));
    const at = Array.from(truth.rows, (r) => position.get(r)!);
    if (truth.kind === 'classes' && floatClasses !== null && int8Classes !== null) {
      metric = 'accuracy';
      floatScore = at.filter((i, j) => floatClasses[i] === truth.codes[j]).length / at.length;
      int8Score = at.filter((i, j) => int8Classes[i] === truth.codes[j]).length / at.length;
    } else if (truth.kind === 'values') {
      metric = 'r2';
      floatScore = r2(truth.values, Float64Array.from(at, (i) => engine[i]!));
      int8Score = r2(truth.values, Float64Array.from(at, (i) => quantised[i]!));
    }
  }
  return {
    rows: rows.length,
    partition: test !== null && test.length > 0 ? 'test' : 'all',
    maxOutputDifference,
    agreement,
    metric,
    float: floatScore,
    int8: int8Score,
    loss: floatScore !== null && int8Score !== null ? floatScore - int8Score : null,
  };
}

export function describeQuantisation(report: QuantisationReport): string {
  const parts = [`int8 vs float on ${report.rows} ${report.partition === 'test' ? 'test ' : ''}rows: largest output difference ${report.maxOutputDifference.toExponential(2)}`];
  if (report.agreement !== null) parts.push(`same class on ${(report.agreement * 100).toFixed(2)} % of rows`);
  if (report.metric !== null && report.float !== null && report.int8 !== null) {
    parts.push(`${report.metric} ${report.float.toFixed(4)} (float) → ${report.int8.toFixed(4)} (int8), loss ${(report.float - report.int8).toFixed(4)}`);
  }
  return `${parts.join('; ')}.`;
}
