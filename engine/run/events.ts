/**
 * RunEvents: everything a run reports while it goes, validated by the same schemas in every host.
 * Only summaries cross to the renderer; tables and tensors stay in the engine.
 */
import { z } from 'zod';
import { errorInfoSchema } from '../errors';

export const runStatusSchema = z.enum(['succeeded', 'failed', 'cancelled', 'diverged']);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const stepStatusSchema = z.enum(['idle', 'stale', 'queued', 'running', 'done', 'cached', 'failed', 'skipped']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

const base = { runId: z.string(), time: z.number() };

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('run-started'), steps: z.array(z.object({ nodeId: z.string(), kind: z.string(), cached: z.boolean() })) }),
  z.object({ ...base, type: z.literal('step-started'), nodeId: z.string(), kind: z.string() }),
  z.object({
    ...base,
    type: z.literal('step-finished'),
    nodeId: z.string(),
    durationMs: z.number(),
    cached: z.boolean(),
    /** Port name → JSON summary of the output (see engine/run/summaries). */
    outputs: z.record(z.string(), z.unknown()),
    warnings: z.array(errorInfoSchema),
  }),
  z.object({ ...base, type: z.literal('step-failed'), nodeId: z.string(), durationMs: z.number(), error: errorInfoSchema }),
  z.object({ ...base, type: z.literal('step-skipped'), nodeId: z.string(), reason: z.string() }),
  z.object({ ...base, type: z.literal('progress'), nodeId: z.string(), fraction: z.number().min(0).max(1), message: z.string().optional() }),
  z.object({ ...base, type: z.literal('log'), nodeId: z.string().optional(), level: z.enum(['debug', 'info', 'warn', 'error']), message: z.string() }),
  z.object({
    ...base,
    type: z.literal('epoch'),
    nodeId: z.string(),
    epoch: z.number().int(),
    epochs: z.number().int(),
    loss: z.number(),
    valLoss: z.number().optional(),
    metric: z.number().optional(),
    valMetric: z.number().optional(),
    metricName: z.string().optional(),
    ms: z.number(),
    samplesPerSecond: z.number(),
  }),
  z.object({ ...base, type: z.literal('run-finished'), status: runStatusSchema, durationMs: z.number(), error: errorInfoSchema.optional() }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

/** A RunEvent without the fields the executor stamps (runId, time). */
export type StepEvent = Extract<RunEvent, { type: 'progress' | 'log' | 'epoch' }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type StepEventInput = DistributiveOmit<StepEvent, 'runId' | 'time' | 'nodeId'>;
