/**
 * Drift monitoring: does new data still look like the data a model was trained on?
 *
 * Per column (against a ReferenceProfile, ./profile.ts):
 *   numeric      population stability index over reference deciles, two-sample Kolmogorov–Smirnov
 *                (scipy.stats.ks_2samp, method 'auto'), mean before and after
 *   categorical  population stability index over categories, chi-square test of the 2 × k table of counts
 *                (scipy.stats.chi2_contingency), Jensen–Shannon distance (base 2), unseen categories
 *   every column missing-value rate before and after
 * plus the same for the model's predictions (prediction drift) when they are given.
 *
 * A column drifts when its PSI reaches `psi`, or when its test is significant (p < alpha) and the effect is
 * large enough (KS D ≥ ksStatistic, JS ≥ jsDistance): with thousands of rows tests flag even trivial shifts,
 * so significance alone never decides. Missing-rate changes and unseen categories above their thresholds
 * count too. Retraining is suggested when predictions drift or when at least `driftedShare` of the
 * monitored feature columns drift.
 */
import { z } from 'zod';
import { MwError } from '../errors';
import { getColumn, type Column, type Table } from '../data/table';
import { chi2Contingency, jensenShannon, psiFromCounts, psiNumeric } from './distributions';
import { ks2samp } from './ks';
import { driftThresholdsSchema, type DriftThresholds } from './drift-thresholds';
import type { ColumnProfile, ReferenceProfile } from './profile';

export { driftThresholdsSchema, type DriftThresholds };

export const columnDriftSchema = z.object({
  column: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  role: z.enum(['feature', 'target', 'ignored', 'prediction']),
  referenceRows: z.number().int(),
  currentRows: z.number().int(),
  missingRate: z.object({ reference: z.number(), current: z.number(), change: z.number() }),
  psi: z.number().nullable(),
  ks: z.object({ statistic: z.number(), pValue: z.number(), method: z.enum(['exact', 'asymp']) }).nullable(),
  chi2: z.object({ statistic: z.number(), pValue: z.number(), dof: z.number().int() }).nullable(),
  jsDistance: z.number().nullable(),
  mean: z.object({ reference: z.number().nullable(), current: z.number().nullable() }).nullable(),
  unseen: z.object({ categories: z.array(z.string()), rows: z.number().int(), share: z.number() }).nullable(),
  drifted: z.boolean(),
  /** Why it drifted, in words ("PSI 0.31 ≥ 0.2"). */
  reasons: z.array(z.string()),
});
export type ColumnDrift = z.infer<typeof columnDriftSchema>;

export const driftReportSchema = z.object({
  referenceRows: z.number().int(),
  currentRows: z.number().int(),
  columns: z.array(columnDriftSchema),
  prediction: columnDriftSchema.nullable(),
  driftedColumns: z.array(z.string()),
  verdict: z.enum(['stable', 'some drift', 'drift']),
  retrainingSuggested: z.boolean(),
  summary: z.string(),
  thresholds: driftThresholdsSchema,
  notes: z.array(z.string()),
});
export type DriftReport = z.infer<typeof driftReportSchema>;

const fmt = (x: number) => (Math.abs(x) >= 1e-3 || x === 0 ? Number(x.toPrecision(3)).toString() : x.toExponential(2));

/**
 * Checks that the new data has every reference feature column with a compatible kind: MW_DRIFT_COLUMNS
 * lists the missing ones and those whose type changed (extra columns are only noted).
 */
export function checkColumns(reference: ReferenceProfile, current: Table): string[] {
  const missing: string[] = [];
  const changed: string[] = [];
  for (const p of reference.columns) {
    const c = getColumn(current, p.name);
    if (c === undefined) {
      if (p.role !== 'target') missing.push(p.name);
    } else if (c.kind !== p.kind) {
      changed.push(`${p.name} (was ${p.type}, now ${c.type})`);
    }
  }
  const known = new Set(reference.columns.map((p) => p.name));
  const extra = current.columns.filter((c) => !known.has(c.name)).map((c) => c.name);
  if (missing.length > 0 || changed.length > 0) {
    const parts = [missing.length > 0 ? `missing ${missing.map((m) => `"${m}"`).join(', ')}` : '', changed.length > 0 ? `changed type ${changed.join(', ')}` : ''].filter((p) => p !== '');
    throw new MwError('MW_DRIFT_COLUMNS', {
      message: `The new data does not have the reference columns: ${parts.join('; ')}${extra.length > 0 ? ` (extra columns: ${extra.join(', ')})` : ''}.`,
      details: { missing, changed, extra },
    });
  }
  return extra;
}

function numericValues(column: Column): { values: Float64Array; missing: number } {
  if (column.kind !== 'numeric') return { values: new Float64Array(0), missing: 0 };
  const out: number[] = [];
  let missing = 0;
  for (let i = 0; i < column.values.length; i++) {
    if (column.missing[i] === 1) missing++;
    else out.push(column.values[i] ?? 0);
  }
  return { values: Float64Array.from(out), missing };
}

function categoryCounts(column: Column): { counts: Map<string, number>; missing: number; rows: number } {
  const counts = new Map<string, number>();
  let missing = 0;
  if (column.kind === 'categorical') {
    for (const code of column.codes) {
      if (code < 0) missing++;
      else {
        const label = column.categories[code] ?? '';
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
    }
    return { counts, missing, rows: column.codes.length };
  }
  return { counts, missing, rows: 0 };
}

/** Drift of one column (or of the predictions) against its profile. */
export function columnDrift(profile: ColumnProfile, current: Column, thresholds: DriftThresholds, role: ColumnDrift['role'] = profile.role): ColumnDrift {
  const rows = current.kind === 'numeric' ? current.values.length : current.codes.length;
  const reasons: string[] = [];
  const base = { column: profile.name, kind: profile.kind, role, ks: null, chi2: null, jsDistance: null, mean: null, unseen: null } as const;
  let result: Omit<ColumnDrift, 'drifted' | 'reasons' | 'missingRate'>;
  let currentMissing: number;
  if (profile.kind === 'numeric') {
    const { values, missing } = numericValues(current);
    currentMissing = missing;
    const reference = Float64Array.from(profile.values);
    const enough = reference.length > 0 && values.length > 0;
    const psi = enough ? psiNumeric(reference, values) : null;
    const ks = enough ? ks2samp(reference, values) : null;
    let sum = 0;
    for (const v of values) sum += v;
    result = { ...base, referenceRows: profile.rows, currentRows: rows, psi, ks, mean: { reference: profile.mean, current: values.length === 0 ? null : sum / values.length } };
    if (psi !== null && psi >= thresholds.psi) reasons.push(`PSI ${fmt(psi)} ≥ ${thresholds.psi}`);
    if (ks !== null && ks.pValue < thresholds.alpha && ks.statistic >= thresholds.ksStatistic) reasons.push(`KS D ${fmt(ks.statistic)} (p ${fmt(ks.pValue)})`);
  } else {
    const { counts, missing } = categoryCounts(current);
    currentMissing = missing;
    const labels = [...new Set([...Object.keys(profile.counts), ...counts.keys()])].sort();
    const ref = labels.map((l) => profile.counts[l] ?? 0);
    const cur = labels.map((l) => counts.get(l) ?? 0);
    const enough = ref.some((v) => v > 0) && cur.some((v) => v > 0);
    const psi = enough ? psiFromCounts(ref, cur) : null;
    const chi2 = enough ? chi2Contingency([ref, cur]) : null;
    const js = enough ? jensenShannon(ref, cur) : null;
    const unseenLabels = labels.filter((l) => profile.counts[l] === undefined && (counts.get(l) ?? 0) > 0);
    const unseenRows = unseenLabels.reduce((s, l) => s + (counts.get(l) ?? 0), 0);
    const present = cur.reduce((s, v) => s + v, 0);
    const unseen = { categories: unseenLabels.slice(0, 20), rows: unseenRows, share: present === 0 ? 0 : unseenRows / present };
    result = { ...base, referenceRows: profile.rows, currentRows: rows, psi, chi2, jsDistance: js, unseen };
    if (psi !== null && psi >= thresholds.psi) reasons.push(`PSI ${fmt(psi)} ≥ ${thresholds.psi}`);
    if (chi2 !== null && js !== null && chi2.pValue < thresholds.alpha && js >= thresholds.jsDistance) reasons.push(`chi-square p ${fmt(chi2.pValue)}, JS ${fmt(js)}`);
    if (unseenRows > 0 && unseen.share >= thresholds.unseenShare) {
      reasons.push(`${fmt(unseen.share * 100)}% of rows have unseen categories (${unseenLabels.slice(0, 3).map((l) => `"${l}"`).join(', ')}${unseenLabels.length > 3 ? ', …' : ''})`);
    }
  }
  const missingRate = { reference: profile.rows === 0 ? 0 : profile.missing / profile.rows, current: rows === 0 ? 0 : currentMissing / rows, change: 0 };
  missingRate.change = missingRate.current - missingRate.reference;
  if (Math.abs(missingRate.change) >= thresholds.missingRateChange) {
    reasons.push(`missing values ${fmt(missingRate.reference * 100)}% → ${fmt(missingRate.current * 100)}%`);
  }
  return { ...result, missingRate, drifted: reasons.length > 0, reasons };
}

export interface DriftOptions {
  readonly thresholds?: Partial<DriftThresholds>;
  /** The model's predictions on the new rows, compared with `reference.prediction`. */
  readonly predictions?: Column;
}

/** Compares new data (and predictions) with the reference profile. */
export function driftReport(reference: ReferenceProfile, current: Table, options: DriftOptions = {}): DriftReport {
  const thresholds = driftThresholdsSchema.parse(options.thresholds ?? {});
  if (reference.rows === 0 || current.rowCount === 0) {
    throw new MwError('MW_DRIFT_NO_ROWS', { message: `There are no rows to compare (reference ${reference.rows}, new ${current.rowCount}).` });
  }
  const extra = checkColumns(reference, current);
  const notes: string[] = [];
  if (extra.length > 0) notes.push(`Columns not in the reference were not checked: ${extra.join(', ')}.`);
  const sampled = reference.columns.filter((c) => c.kind === 'numeric' && c.sampled).map((c) => c.name);
  if (sampled.length > 0) notes.push(`The reference keeps a seeded sample of values for ${sampled.join(', ')}; their tests use that sample.`);
  const columns: ColumnDrift[] = [];
  for (const profile of reference.columns) {
    const column = getColumn(current, profile.name);
    if (column === undefined) {
      notes.push(`The target "${profile.name}" is not in the new data, so its drift was not checked.`);
      continue;
    }
    columns.push(columnDrift(profile, column, thresholds));
  }
  let prediction: ColumnDrift | null = null;
  if (options.predictions !== undefined && reference.prediction !== null) {
    prediction = columnDrift(reference.prediction, options.predictions, thresholds, 'prediction');
  } else if (options.predictions !== undefined) {
    notes.push('The reference has no predictions to compare with, so prediction drift was not checked.');
  }
  const features = columns.filter((c) => c.role === 'feature');
  const driftedColumns = columns.filter((c) => c.drifted).map((c) => c.column);
  const driftedFeatures = features.filter((c) => c.drifted).length;
  const share = features.length === 0 ? 0 : driftedFeatures / features.length;
  const retrainingSuggested = prediction?.drifted === true || (driftedFeatures > 0 && share >= thresholds.driftedShare);
  const verdict = retrainingSuggested ? 'drift' : driftedColumns.length > 0 || prediction?.drifted === true ? 'some drift' : 'stable';
  const summary = retrainingSuggested
    ? `Retraining suggested: ${driftedFeatures} of ${features.length} feature columns drifted${prediction?.drifted === true ? ' and the predictions drifted' : ''}.`
    : verdict === 'some drift'
      ? `Some drift: ${driftedColumns.join(', ')} changed, below the retraining threshold (${Math.round(thresholds.driftedShare * 100)}% of feature columns).`
      : `No drift: the new data looks like the reference on all ${columns.length} columns checked.`;
  return { referenceRows: reference.rows, currentRows: current.rowCount, columns, prediction, driftedColumns, verdict, retrainingSuggested, summary, thresholds, notes };
}

/** The report as a Table (one row per column, then the predictions), for the canvas and for reports. */
export function driftTable(report: DriftReport): Table {
  const entries = [...report.columns, ...(report.prediction === null ? [] : [report.prediction])];
  const n = entries.length;
  const num = (name: string, pick: (d: ColumnDrift) => number | null) => {
    const values = new Float64Array(n);
    const missing = new Uint8Array(n);
    entries.forEach((d, i) => {
      const v = pick(d);
      if (v === null || !Number.isFinite(v)) {
        values[i] = Number.NaN;
        missing[i] = 1;
      } else values[i] = v;
    });
    return { name, role: 'feature' as const, kind: 'numeric' as const, type: 'float' as const, values, missing };
  };
  const cat = (name: string, pick: (d: ColumnDrift) => string) => {
    const categories: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(entries, (d) => {
      const label = pick(d);
      let code = index.get(label);
      if (code === undefined) {
        code = categories.length;
        categories.push(label);
        index.set(label, code);
      }
      return code;
    });
    return { name, role: 'feature' as const, kind: 'categorical' as const, type: 'categorical' as const, codes, categories };
  };
  return {
    rowCount: n,
    columns: [
      cat('column', (d) => d.column),
      cat('kind', (d) => (d.role === 'prediction' ? 'prediction' : d.kind)),
      cat('drifted', (d) => (d.drifted ? 'yes' : 'no')),
      num('psi', (d) => d.psi),
      num('ks_statistic', (d) => d.ks?.statistic ?? null),
      num('ks_p_value', (d) => d.ks?.pValue ?? null),
      num('chi2_p_value', (d) => d.chi2?.pValue ?? null),
      num('js_distance', (d) => d.jsDistance),
      num('missing_before', (d) => d.missingRate.reference),
      num('missing_after', (d) => d.missingRate.current),
      num('unseen_share', (d) => d.unseen?.share ?? null),
      cat('reasons', (d) => d.reasons.join('; ')),
    ],
    partition: null,
    recipe: [],
    sources: [],
  };
}
