import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../ml/backend/select';
import { trainModel } from '../../ml/train/fit';
import { trainParams } from '../../ml/train/params';
import { prepareTable, recordingContext } from '../../ml/testing/pipeline';
import { categorical, gaussian, numeric, table } from '../../ml/testing/tables';
import { explainModel, importanceTable } from './execute';
import { explainSpec } from './spec';

let backend: Awaited<ReturnType<typeof ensureBackend>>;
beforeAll(async () => {
  backend = await ensureBackend({ env: {} });
});

describe('Explain', () => {
  it('ranks the columns that drive the target first and folds one-hot columns back into their source', async () => {
    const noise = gaussian(2);
    const n = 150;
    const colour = Array.from({ length: n }, (_, i) => ['red', 'green', 'blue'][i % 3]!);
    const size = Array.from({ length: n }, () => noise());
    const junk = Array.from({ length: n }, () => noise());
    const y = Array.from({ length: n }, (_, i) => 5 * (i % 3) + 2 * size[i]! + 0.1 * noise());
    const raw = table([categorical('colour', colour), numeric('size', size), numeric('junk', junk), numeric('y', y)]);
    const prepared = await prepareTable(raw, { target: 'y', split: { test: 0.3, validation: 0.1, seed: 1 } });
    const model = await trainModel(prepared, trainParams.parse({ epochs: 60 }), { signal: new AbortController().signal, now: () => performance.now(), backend });
    const result = await explainModel(model, prepared, explainSpec.params.parse({ repeats: 3 }), recordingContext());
    expect(result.partition).toBe('test');
    expect(result.metric).toBe('r2');
    expect(result.importances.map((i) => i.column)).toEqual(['colour', 'size', 'junk']);
    expect(result.importances[0]!.mean).toBeGreaterThan(0.3);
    expect(Math.abs(result.importances[2]!.mean)).toBeLessThan(0.05);
    const t = importanceTable(result);
    expect(t.columns.map((c) => c.name)).toEqual(['feature', 'importance', 'spread']);
    expect(t.rowCount).toBe(3);
  });
});
