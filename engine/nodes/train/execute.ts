/**
 * Train: fits the model and streams one `epoch` event per epoch (losses, metric, time, samples per second;
 * for trees, per N trees). Auto streams progress per candidate and a log line with the leaderboard winner.
 */
import { backendForStep } from '../../ml/backend/step';
import { trainAnyModel } from '../../ml/train/dispatch';
import { defineNode } from '../node';
import { portValue, requireInput } from '../values';
import { trainSpec } from './spec';

export const trainNode = defineNode(trainSpec, async (inputs, params, ctx) => {
  const table = requireInput(inputs, 'table', 'Table');
  const backend = await backendForStep(ctx);
  const model = await trainAnyModel(table, params, {
    signal: ctx.signal,
    now: ctx.now,
    backend,
    warn: ctx.warn,
    onProgress: (fraction, message) => ctx.emit({ type: 'progress', fraction, message }),
    onEpoch: (e) => {
      ctx.emit({
        type: 'epoch',
        epoch: e.epoch,
        epochs: e.epochs,
        loss: e.loss,
        ...(e.valLoss === null ? {} : { valLoss: e.valLoss }),
        ...(e.metric === null ? {} : { metric: e.metric }),
        ...(e.valMetric === null ? {} : { valMetric: e.valMetric }),
        metricName: e.metricName,
        ms: e.ms,
        samplesPerSecond: e.samplesPerSecond,
      });
      ctx.emit({ type: 'progress', fraction: Math.min(1, e.epoch / e.epochs), message: `epoch ${e.epoch}` });
    },
  });
  const m = model.metadata;
  ctx.emit({
    type: 'log',
    level: 'info',
    message: `Trained ${model.estimator.description} (${model.task}) on ${m.trainRows} rows in ${m.epochsRun} epochs${m.stoppedEarly ? `, stopped early; kept epoch ${m.bestEpoch}` : ''}.`,
  });
  for (const note of m.notes) ctx.emit({ type: 'log', level: 'info', message: note });
  return { model: portValue('Model', model) };
});
