import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { createNodeFileAccess } from '../../io/node-files';
import { ensureBackend } from '../backend/select';
import { tf } from '../backend/tf';
import type { ModelBundle } from '../model';
import { buildMatrix } from '../train/features';
import { trainModel } from '../train/fit';
import { trainParams } from '../train/params';
import { prepareTable } from '../testing/pipeline';
import { categorical, numeric, synthetic, table } from '../testing/tables';
import { loadModel, MODEL_MANIFEST, saveModel, TFJS_MODEL_FILE } from './index';

let dir: string;
let model: ModelBundle;
let prepared: Awaited<ReturnType<typeof prepareTable>>;
const files = () => createNodeFileAccess(dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-model-'));
  const backend = await ensureBackend({ env: {} });
  const base = synthetic('multiclass', 60);
  const raw = table([categorical('shade', Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? 'dark' : 'light'))), ...base.columns]);
  prepared = await prepareTable(raw, { target: 'y', split: { test: 0.2, validation: 0.1, seed: 1 } });
  model = await trainModel(prepared, trainParams.parse({ epochs: 8 }), { signal: new AbortController().signal, now: () => performance.now(), backend });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('model folders', () => {
  it('saves and loads a model that predicts exactly the same, with its recipe and metadata', async () => {
    await saveModel(model, 'saved', files());
    const loaded = await loadModel('saved', files());
    const x = buildMatrix(prepared, loaded.features);
    expect(Array.from(loaded.estimator.predict(x))).toEqual(Array.from(model.estimator.predict(buildMatrix(prepared, model.features))));
    expect(loaded.recipe).toEqual(model.recipe);
    expect(loaded.inputSchema).toEqual(model.inputSchema);
    expect(loaded.metadata).toEqual(model.metadata);
    expect(loaded.history).toEqual(model.history);
    expect(loaded.refit).toBeTypeOf('function');
  });

  it('writes a standard TensorFlow.js Layers model that tf.loadLayersModel reads', async () => {
    await saveModel(model, 'tfjs', files());
    const json = JSON.parse(await readFile(join(dir, 'tfjs', TFJS_MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
    const weights = await readFile(join(dir, 'tfjs', 'weights.bin'));
    const layers = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: json.weightsManifest[0]!.weights, weightData: new Uint8Array(weights).buffer }));
    const x = buildMatrix(prepared, model.features);
    const out = layers.predict(tf.tensor2d(x.data, [x.rows, x.cols])) as ReturnType<typeof tf.tensor2d>;
    const fromLayers = out.dataSync();
    const ours = model.estimator.predict(x);
    for (let i = 0; i < ours.length; i++) expect(fromLayers[i]).toBeCloseTo(ours[i]!, 5);
    out.dispose();
    layers.dispose();
  });

  it('refuses a damaged or foreign folder with a coded error', async () => {
    await expect(loadModel('nowhere', files())).rejects.toSatisfy((e: unknown) => e instanceof MwError && e.code === 'MW_MODEL_FILE_INVALID');
    await saveModel(model, 'broken', files());
    const manifest = JSON.parse(await readFile(join(dir, 'broken', MODEL_MANIFEST), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'broken', MODEL_MANIFEST), JSON.stringify({ ...manifest, task: 'astrology' }));
    await expect(loadModel('broken', files())).rejects.toSatisfy((e: unknown) => e instanceof MwError && e.code === 'MW_MODEL_FILE_INVALID');
  });

  it('keeps numeric class labels and regression scaling across a save', async () => {
    const backend = await ensureBackend({ env: {} });
    const reg = await trainModel(synthetic('regression', 40), trainParams.parse({ epochs: 3 }), { signal: new AbortController().signal, now: () => performance.now(), backend });
    await saveModel(reg, 'reg', files());
    const back = await loadModel('reg', files());
    const t = synthetic('regression', 40);
    expect(Array.from(back.estimator.predict(buildMatrix(t, back.features)))).toEqual(Array.from(reg.estimator.predict(buildMatrix(t, reg.features))));
    const clf = await trainModel(table([numeric('x', [0, 1, 0, 1, 0, 1, 0, 1]), numeric('y', [3, 7, 3, 7, 3, 7, 3, 7], 'target', 'integer')]), trainParams.parse({ epochs: 3 }), { signal: new AbortController().signal, now: () => performance.now(), backend });
    await saveModel(clf, 'clf', files());
    expect((await loadModel('clf', files())).targetEncoding).toEqual({ kind: 'classes', classes: ['3', '7'], values: [3, 7] });
  });
});
