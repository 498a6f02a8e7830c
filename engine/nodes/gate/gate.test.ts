import { describe, expect, it } from 'vitest';
import { isMwError } from '../../errors';
import type { ErrorInfo } from '../../errors';
import type { RunEvent } from '../../run/events';
import { runGraph } from '../../run/run-graph';
import { fakeMetrics, fakeModel, recorderKinds, trainingGraph } from '../../runstore/test-support';
import { testContext, thrownCode, unusedFiles } from '../test-support';
import { portValue } from '../values';
import { checkGate, type GateScores } from './check';
import { gateNode } from './execute';
import { gateParams } from './spec';

const scores: GateScores = {
  scores: { test: { accuracy: 0.91, log_loss: 0.3, roc_auc: null }, train: { accuracy: 0.99, log_loss: 0.05, roc_auc: 0.99 } },
  headline: { metric: 'accuracy', partition: 'test' },
};
const params = (p: unknown) => gateParams.parse(p);

describe('checkGate', () => {
  it('checks each condition on the headline partition by default', () => {
    const out = checkGate(scores, params({ conditions: [{ metric: 'accuracy', op: '>=', value: 0.9 }, { metric: 'log_loss', op: '<', value: 0.25 }] }), null);
    expect(out.passed).toBe(false);
    expect(out.conditions).toEqual([
      { label: 'test accuracy ≥ 0.9', actual: 0.91, passed: true },
      { label: 'test log_loss < 0.25', actual: 0.3, passed: false },
    ]);
  });

  it('supports every operator and an explicit partition', () => {
    const at = (op: string, value: number, partition?: string) => checkGate(scores, params({ conditions: [{ metric: 'accuracy', op, value, partition }] }), null).passed;
    expect([at('>=', 0.91), at('>', 0.91), at('<=', 0.91), at('<', 0.92)]).toEqual([true, false, true, true]);
    expect(at('>=', 0.95, 'train')).toBe(true);
  });

  it('fails a condition on an undefined metric, and refuses unknown metrics and partitions', () => {
    expect(checkGate(scores, params({ conditions: [{ metric: 'roc_auc', op: '>=', value: 0.5 }] }), null).conditions[0]).toMatchObject({ actual: null, passed: false });
    expect(thrownCode(() => checkGate(scores, params({ conditions: [{ metric: 'acuracy', value: 1 }] }), null))).toBe('MW_GATE_UNKNOWN_METRIC');
    expect(thrownCode(() => checkGate(scores, params({ conditions: [{ metric: 'accuracy', partition: 'cv', value: 1 }] }), null))).toBe('MW_GATE_UNKNOWN_METRIC');
  });

  it('beats the champion by a margin, in the metric’s direction', () => {
    const champion = (accuracy: number, logLoss: number) => ({ label: 'champion (run 2)', metrics: { scores: { test: { accuracy, log_loss: logLoss } }, headline: { metric: 'accuracy', partition: 'test' as const } } });
    const beat = (margin: number, champ: ReturnType<typeof champion>, metric?: string) => checkGate(scores, params({ beatChampion: { enabled: true, margin, metric } }), champ);
    expect(beat(0.01, champion(0.9, 0.4)).passed).toBe(true);
    expect(beat(0.02, champion(0.9, 0.4)).passed).toBe(false);
    expect(beat(0.02, champion(0.9, 0.4)).conditions[0]?.label).toBe('test accuracy ≥ 0.92 (champion (run 2) 0.9 + 0.02)');
    // Lower is better: the challenger's log loss must be at least the margin below the champion's.
    expect(beat(0.05, champion(0.9, 0.4), 'log_loss').passed).toBe(true);
    expect(beat(0.15, champion(0.9, 0.4), 'log_loss').passed).toBe(false);
    const none = checkGate(scores, params({ beatChampion: { enabled: true, margin: 0.5 } }), null);
    expect(none.passed).toBe(true);
    expect(none.notes[0]).toMatch(/No champion/);
  });

  it('falls back to the champion’s headline partition, and refuses a champion without the metric', () => {
    const cv = { label: 'champion (run 1)', metrics: { scores: { cv: { accuracy: 0.8 } }, headline: { metric: 'accuracy', partition: 'cv' as const } } };
    const out = checkGate(scores, params({ beatChampion: { enabled: true } }), cv);
    expect(out.passed).toBe(true);
    expect(out.notes[0]).toMatch(/compared with its cv accuracy/);
    const bare = { label: 'champion (run 1)', metrics: { scores: { test: { f1: 0.8 } }, headline: { metric: 'f1', partition: 'test' as const } } };
    expect(thrownCode(() => checkGate(scores, params({ beatChampion: { enabled: true } }), bare))).toBe('MW_GATE_NO_CHAMPION_METRIC');
  });
});

describe('gate node', () => {
  const inputs = (noise: number) => ({ model: portValue('Model', fakeModel(2)), metrics: portValue('Metrics', fakeMetrics(noise)) });

  it('passes the model and metrics through with a note when every condition holds', async () => {
    const ctx = testContext();
    const out = await gateNode.execute(inputs(0.1), params({ conditions: [{ metric: 'r2', value: 0.9 }] }), ctx);
    expect(out['model']?.type).toBe('Model');
    const metrics = out['metrics'];
    expect(metrics?.type === 'Metrics' && metrics.value.notes.at(-1)).toMatch(/^Threshold gate passed: ✓ test r2 ≥ 0.9/);
    expect(ctx.events.some((e) => e.type === 'log' && /gate passed/.test(e.message))).toBe(true);
  });

  it('fails with MW_GATE_FAILED listing the failed conditions', async () => {
    try {
      await gateNode.execute(inputs(5), params({ conditions: [{ metric: 'r2', value: 0.99 }, { metric: 'rmse', op: '<=', value: 100 }] }), testContext({ files: unusedFiles }));
      expect.unreachable();
    } catch (e) {
      if (!isMwError(e)) throw e;
      expect(e.code).toBe('MW_GATE_FAILED');
      expect(e.message).toMatch(/test r2 ≥ 0\.99 \(got /);
      expect(e.message).not.toMatch(/rmse/);
      expect((e.details?.['conditions'] as unknown[]).length).toBe(2);
    }
  });

  it('stops everything downstream of a failing gate, and the run fails', async () => {
    const kinds = recorderKinds();
    const graph = trainingGraph({ gate: { conditions: [{ metric: 'r2', value: 0.99999 }] } });
    graph.nodes.push({ id: 'after', kind: 'predict', version: 1, params: {}, position: { x: 400, y: 0 } });
    graph.edges.push({ id: 'e7', from: { node: 'gate', port: 'model' }, to: { node: 'after', port: 'model' } }, { id: 'e8', from: { node: 'data', port: 'table' }, to: { node: 'after', port: 'table' } });
    const events: RunEvent[] = [];
    const { createNodeFileAccess } = await import('../../io/node-files');
    const outcome = await runGraph(graph, { files: createNodeFileAccess(process.cwd()), specs: kinds.specFor, definitions: kinds.definitionFor, onEvent: (e) => events.push(e) });
    expect(outcome.ok && outcome.result.status).toBe('failed');
    const failed = events.find((e): e is Extract<RunEvent, { type: 'step-failed' }> => e.type === 'step-failed');
    expect(failed?.nodeId).toBe('gate');
    expect((failed?.error as ErrorInfo).code).toBe('MW_GATE_FAILED');
    expect(events.some((e) => e.type === 'step-skipped' && e.nodeId === 'after')).toBe(true);
    expect(events.some((e) => e.type === 'step-finished' && e.nodeId === 'predict')).toBe(true); // other branches still run
  });
});
