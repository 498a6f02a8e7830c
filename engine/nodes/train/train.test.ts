import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordingContext } from '../../ml/testing/pipeline';
import { synthetic } from '../../ml/testing/tables';
import { specForKind } from '../specs';
import { definitionForKind } from '../registry';
import { portValue, requireInput } from '../values';
import { trainNode } from './execute';
import { trainSpec } from './spec';

describe('Train node', () => {
  it('is registered in both registries, and its params parse to usable defaults', () => {
    for (const kind of ['train', 'evaluate', 'predict', 'explain']) {
      expect(specForKind(kind)?.kind).toBe(kind);
      expect(definitionForKind(kind)?.spec.kind).toBe(kind);
    }
    const p = trainSpec.params.parse({});
    expect(p.model).toBe('auto');
    expect(trainSpec.summary(p)).toMatch(/auto/);
    expect(trainSpec.summary(trainSpec.params.parse({ model: 'neural-network' }))).toMatch(/network/);
    expect(trainSpec.summary(trainSpec.params.parse({ model: 'random-forest' }))).toMatch(/forest/);
  });

  it('keeps the specs pure: no TensorFlow.js import in spec files or the params they use', () => {
    for (const file of ['./spec.ts', '../evaluate/spec.ts', '../predict/spec.ts', '../explain/spec.ts', '../../ml/train/params.ts']) {
      const source = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
      expect(source).not.toMatch(/@tensorflow|backend\/tf|ml\/train\/(fit|network|loop)/);
    }
  });

  it('trains, reports the backend in a log event and streams epoch and progress events', async () => {
    const ctx = recordingContext({ nodeId: 'train' });
    const out = await trainNode.execute({ table: portValue('Table', synthetic('binary', 40)) }, trainSpec.params.parse({ model: 'neural-network', epochs: 3, earlyStopping: false }), ctx);
    const model = requireInput(out, 'model', 'Model');
    expect(model.metadata.backend.name).toBeTruthy();
    expect(ctx.runInfo['backend']).toEqual(model.metadata.backend);
    const logs = ctx.events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''));
    expect(logs[0]).toMatch(/TensorFlow\.js backend/);
    expect(ctx.events.filter((e) => e.type === 'epoch')).toHaveLength(3);
    expect(ctx.events.some((e) => e.type === 'progress')).toBe(true);
  });

  it('trains a tree model with epoch events per N trees, and Auto with progress per candidate', async () => {
    const ctx = recordingContext({ nodeId: 'train' });
    const out = await trainNode.execute({ table: portValue('Table', synthetic('binary', 40)) }, trainSpec.params.parse({ model: 'gradient-boosting', trees: 10, earlyStopping: false }), ctx);
    expect(requireInput(out, 'model', 'Model').kind).toBe('gradient-boosting');
    expect(ctx.events.filter((e) => e.type === 'epoch')).toHaveLength(10);
    const auto = recordingContext({ nodeId: 'train' });
    const model = requireInput(await trainNode.execute({ table: portValue('Table', synthetic('binary', 40)) }, trainSpec.params.parse({ timeBudgetSeconds: 0 }), auto), 'model', 'Model');
    expect(model.metadata.leaderboard?.entries).toHaveLength(1);
    expect(auto.warnings.map((w) => w.code)).toContain('MW_TRAIN_AUTO_NO_BUDGET');
  });
});
