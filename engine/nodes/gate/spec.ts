import { z } from 'zod';
import { evaluationPartitionSchema } from '../../ml/metrics/types';
import { defineSpec } from '../spec';

export const gateOperators = ['>=', '<=', '>', '<'] as const;
export const gateOperatorSchema = z.enum(gateOperators);
export type GateOperator = z.infer<typeof gateOperatorSchema>;

export const gateConditionSchema = z.object({
  metric: z.string().min(1).max(100).describe('Metric name as Evaluate reports it, e.g. accuracy, f1, rmse, r2.'),
  partition: evaluationPartitionSchema.optional().describe('Rows the metric is computed on; by default the partition Evaluate scores its headline on (test, or cv without a Split).'),
  op: gateOperatorSchema.default('>='),
  value: z.number().finite(),
});
export type GateCondition = z.infer<typeof gateConditionSchema>;

export const gateParams = z.object({
  conditions: z.array(gateConditionSchema).max(20).default([]).describe('Every condition must hold for the model to pass.'),
  beatChampion: z
    .object({
      enabled: z.boolean().default(false).describe('Also require the model to beat the project champion.'),
      metric: z.string().min(1).max(100).optional().describe('Metric to compare (default: the headline metric).'),
      margin: z.number().min(0).default(0).describe('By at least this much (in the metric’s units; lower-is-better metrics must be this much lower).'),
    })
    .default({ enabled: false, margin: 0 })
    .describe('Optionally require beating the current champion (promoted run) by a margin.'),
});
export type GateParams = z.infer<typeof gateParams>;

/** The operator as people write it. */
export function operatorSymbol(op: GateOperator): string {
  return op === '>=' ? '≥' : op === '<=' ? '≤' : op;
}

export const CHAMPION_PATH = 'runs/champion.json';

export const gateSpec = defineSpec({
  kind: 'gate',
  version: 1,
  title: 'Threshold Gate',
  category: 'MLOps',
  icon: '⚑',
  docs:
    'Lets a model through only when its metrics are good enough, for example "test accuracy ≥ 0.90" or "rmse ≤ 25000", and optionally ' +
    'only when it beats the project champion by a margin. When a condition fails the gate fails with the list of failed conditions, ' +
    'nodes after it (export, promotion) do not run, and `modelwright run` exits with a non-zero code, so the same graph can guard a ' +
    'CI pipeline. Without a champion yet, the champion condition passes. Connect the optional Champion metrics input (an Evaluate of ' +
    'the champion model on the same rows) for a like-for-like comparison; otherwise the champion’s recorded scores are used.',
  inputs: [
    { name: 'model', type: 'Model', label: 'Model' },
    { name: 'metrics', type: 'Metrics', label: 'Metrics' },
    { name: 'champion', type: 'Metrics', label: 'Champion metrics', optional: true },
  ],
  outputs: [
    { name: 'model', type: 'Model', label: 'Model (passed)' },
    { name: 'metrics', type: 'Metrics', label: 'Metrics (passed)' },
  ],
  params: gateParams,
  summary: (p) => {
    const parts = p.conditions.map((c) => `${c.partition === undefined ? '' : `${c.partition} `}${c.metric} ${operatorSymbol(c.op)} ${c.value}`);
    if (p.beatChampion.enabled) parts.push(`beats champion${p.beatChampion.margin > 0 ? ` by ${p.beatChampion.margin}` : ''}`);
    return parts.length === 0 ? 'no conditions' : parts.join('; ');
  },
  files: (p) => (p.beatChampion.enabled ? [CHAMPION_PATH] : []),
});
