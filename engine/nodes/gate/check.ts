/**
 * The threshold gate's decision (pure): each condition against the Evaluate scores, and optionally "beats the
 * champion by at least X". Shared by the node and by the run recorder, which re-checks passed (possibly
 * cached) gates to store their outcome with the run.
 */
import { MwError } from '../../errors';
import type { Plan } from '../../graph/compile';
import { metricInfo } from '../../ml/metrics/catalog';
import type { EvaluationPartition, Scores } from '../../ml/metrics/types';
import type { ChampionFile } from '../../runstore/champion-file';
import type { RunGate } from '../../runstore/schema';
import type { RunResult } from '../../run/executor';
import { gateParams, operatorSymbol, type GateCondition, type GateParams } from './spec';

/** What the gate needs of an evaluation: scores per partition and the headline (MetricsResult and the stored summary both fit). */
export interface GateScores {
  readonly scores: Partial<Record<EvaluationPartition, Scores>>;
  readonly headline: { readonly metric: string; readonly partition: EvaluationPartition };
}

export interface GateChampion {
  /** e.g. "champion (run 3)". */
  readonly label: string;
  readonly metrics: GateScores;
}

export interface ConditionOutcome {
  readonly label: string;
  readonly actual: number | null;
  readonly passed: boolean;
}

export interface GateOutcome {
  readonly passed: boolean;
  readonly conditions: ConditionOutcome[];
  readonly notes: string[];
}

function compare(actual: number, op: GateCondition['op'], value: number): boolean {
  switch (op) {
    case '>=':
      return actual >= value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '<':
      return actual < value;
  }
}

const round = (x: number) => Number(x.toPrecision(6));

/** Looks a metric up; unknown metrics and missing partitions are configuration errors, not failures. */
function scoreOf(metrics: GateScores, metric: string, partition: EvaluationPartition, field: string): number | null {
  const scores = metrics.scores[partition];
  if (scores === undefined) {
    const have = Object.keys(metrics.scores).join(', ');
    throw new MwError('MW_GATE_UNKNOWN_METRIC', { message: `The evaluation has no ${partition} scores (it has: ${have}).`, location: { field }, details: { partition } });
  }
  if (!Object.hasOwn(scores, metric)) {
    throw new MwError('MW_GATE_UNKNOWN_METRIC', {
      message: `"${metric}" is not one of the metrics: ${Object.keys(scores).join(', ')}.`,
      location: { field },
      details: { metric },
    });
  }
  const value = scores[metric];
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}

export function checkGate(metrics: GateScores, params: GateParams, champion: GateChampion | null): GateOutcome {
  const conditions: ConditionOutcome[] = [];
  const notes: string[] = [];
  params.conditions.forEach((c, i) => {
    const partition = c.partition ?? metrics.headline.partition;
    const actual = scoreOf(metrics, c.metric, partition, `conditions.${i}.metric`);
    const label = `${partition} ${c.metric} ${operatorSymbol(c.op)} ${c.value}`;
    conditions.push({ label, actual, passed: actual !== null && compare(actual, c.op, c.value) });
  });

  if (params.beatChampion.enabled) {
    const metric = params.beatChampion.metric ?? metrics.headline.metric;
    const partition = metrics.headline.partition;
    const actual = scoreOf(metrics, metric, partition, 'beatChampion.metric');
    const margin = params.beatChampion.margin;
    if (champion === null) {
      conditions.push({ label: `beats the champion on ${partition} ${metric} (no champion yet)`, actual, passed: true });
      notes.push('No champion has been promoted yet, so the champion condition passes.');
    } else {
      let champPartition = partition;
      if (champion.metrics.scores[partition]?.[metric] === undefined) {
        champPartition = champion.metrics.headline.partition;
        notes.push(`The ${champion.label} has no ${partition} ${metric}; compared with its ${champPartition} ${metric}.`);
      }
      const champValue = champion.metrics.scores[champPartition]?.[metric];
      if (champValue === undefined || champValue === null) {
        throw new MwError('MW_GATE_NO_CHAMPION_METRIC', { message: `The ${champion.label} has no value for ${metric}.`, location: { field: 'beatChampion.metric' }, details: { metric } });
      }
      const higher = metricInfo(metric)?.higherIsBetter ?? true;
      const required = higher ? champValue + margin : champValue - margin;
      const label = `${partition} ${metric} ${higher ? '≥' : '≤'} ${round(required)} (${champion.label} ${round(champValue)} ${higher ? '+' : '−'} ${margin})`;
      conditions.push({ label, actual, passed: actual !== null && (higher ? actual >= required : actual <= required) });
    }
  }
  if (conditions.length === 0) notes.push('The gate has no conditions, so every model passes.');
  return { passed: conditions.every((c) => c.passed), conditions, notes };
}

/** One line per condition: "✓ test accuracy ≥ 0.9 (0.93)". */
export function describeOutcome(outcome: GateOutcome): string[] {
  return outcome.conditions.map((c) => `${c.passed ? '✓' : '✗'} ${c.label} (${c.actual === null ? 'undefined' : round(c.actual)})`);
}

/** The champion as the gate sees it, from runs/champion.json. */
export function championFromFile(file: ChampionFile | null): GateChampion | null {
  if (file === null || file.metrics === null) return null;
  return { label: `champion (run ${file.champion.number})`, metrics: file.metrics };
}

/**
 * The outcome of every gate in a finished run, for the run record: failed gates from their error details,
 * passed ones (also when cached) re-checked from their inputs.
 */
export async function gateOutcomes(plan: Plan, result: RunResult, readChampion: () => Promise<ChampionFile | null>): Promise<RunGate[]> {
  const gates: RunGate[] = [];
  let champion: GateChampion | null | undefined;
  for (const step of plan.steps) {
    if (step.kind !== 'gate') continue;
    const error = result.errors.get(step.nodeId);
    if (error !== undefined) {
      const conditions = error.details?.['conditions'];
      if (error.code === 'MW_GATE_FAILED' && Array.isArray(conditions)) gates.push({ nodeId: step.nodeId, passed: false, conditions: conditions as ConditionOutcome[] });
      continue;
    }
    if (result.outputs.get(step.nodeId) === undefined) continue;
    const metricsRef = step.inputs['metrics'];
    const metrics = metricsRef === undefined ? undefined : result.outputs.get(metricsRef.node)?.[metricsRef.port];
    if (metrics?.type !== 'Metrics') continue;
    const params = gateParams.parse(step.params);
    const championRef = step.inputs['champion'];
    const connected = championRef === undefined ? undefined : result.outputs.get(championRef.node)?.[championRef.port];
    let champ: GateChampion | null = null;
    if (connected?.type === 'Metrics') champ = { label: 'champion', metrics: connected.value };
    else if (params.beatChampion.enabled) champ = champion ??= championFromFile(await readChampion());
    const outcome = checkGate(metrics.value, params, champ);
    gates.push({ nodeId: step.nodeId, passed: outcome.passed, conditions: outcome.conditions });
  }
  return gates;
}
