/**
 * Threshold Gate: passes the Model and Metrics through when every condition holds; otherwise fails with
 * MW_GATE_FAILED listing the failed conditions, so the executor skips everything downstream (export,
 * promotion) and the CLI exits non-zero.
 */
import { MwError } from '../../errors';
import { parseChampionFile } from '../../runstore/champion-file';
import type { ExecContext } from '../../run/context';
import { defineNode } from '../node';
import { optionalInput, portValue, requireInput } from '../values';
import { championFromFile, checkGate, describeOutcome, type GateChampion } from './check';
import { CHAMPION_PATH, gateSpec } from './spec';

async function readChampion(ctx: ExecContext): Promise<GateChampion | null> {
  if (!(await ctx.files.exists(CHAMPION_PATH))) return null;
  return championFromFile(parseChampionFile(await ctx.files.readText(CHAMPION_PATH)));
}

export const gateNode = defineNode(gateSpec, async (inputs, params, ctx) => {
  const model = requireInput(inputs, 'model', 'Model');
  const metrics = requireInput(inputs, 'metrics', 'Metrics');
  const connected = optionalInput(inputs, 'champion', 'Metrics');
  const champion: GateChampion | null = connected !== undefined ? { label: 'champion', metrics: connected } : params.beatChampion.enabled ? await readChampion(ctx) : null;
  const outcome = checkGate(metrics, params, champion);
  const lines = describeOutcome(outcome);
  for (const note of outcome.notes) ctx.emit({ type: 'log', level: 'info', message: note });
  if (!outcome.passed) {
    const failed = outcome.conditions.filter((c) => !c.passed).map((c) => `${c.label} (got ${c.actual === null ? 'undefined' : Number(c.actual.toPrecision(6))})`);
    throw new MwError('MW_GATE_FAILED', {
      message: `The model did not pass the gate: ${failed.join('; ')}.`,
      details: { passed: false, conditions: outcome.conditions, summary: lines },
    });
  }
  const summary = `Threshold gate passed: ${lines.length === 0 ? 'no conditions' : lines.join('; ')}.`;
  ctx.emit({ type: 'log', level: 'info', message: summary });
  return {
    model: portValue('Model', model),
    metrics: portValue('Metrics', { ...metrics, notes: [...metrics.notes, summary] }),
  };
});
