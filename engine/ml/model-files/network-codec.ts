/**
 * Networks in model folders as standard TensorFlow.js Layers models: a Sequential of Dense layers with the
 * trained weights, written by `model.save` through an IO handler that writes with FileAccess
 * (model.json + weights.bin), and read back through `tf.loadLayersModel` with a matching load handler.
 * The estimator itself keeps its weights as a Float32Array, so the loaded model predicts bit-for-bit the same.
 */
import { join } from 'node:path';
import { z } from 'zod';
import * as tfl from '@tensorflow/tfjs-layers';
import { MwError } from '../../errors';
import type { FileAccess } from '../../io/files';
import { tf } from '../backend/tf';
import type { Estimator } from '../model';
import { layerSlots, networkArchitectureSchema, parameterCount, type NetworkArchitecture } from '../train/architecture';
import { NetworkEstimator } from '../train/network';
import type { EstimatorCodec } from './codecs';

export const TFJS_MODEL_FILE = 'model.json';
export const TFJS_WEIGHTS_FILE = 'weights.bin';

const networkStateSchema = z.object({
  architecture: networkArchitectureSchema,
  targetScale: z.object({ center: z.number(), scale: z.number() }).nullable(),
  modelFile: z.string(),
});

function outputActivation(arch: NetworkArchitecture): 'linear' | 'sigmoid' | 'softmax' {
  return arch.head === 'identity' ? 'linear' : arch.head;
}

/** The network as a tf.LayersModel (callers dispose it). */
export function toLayersModel(estimator: NetworkEstimator): tfl.LayersModel {
  const arch = estimator.architecture;
  const slots = layerSlots(arch);
  const model = tfl.sequential();
  slots.forEach((slot, l) => {
    const last = l === slots.length - 1;
    model.add(
      tfl.layers.dense({
        units: slot.outputs,
        activation: last ? outputActivation(arch) : arch.activation,
        ...(l === 0 ? { inputShape: [arch.inputs] } : {}),
        name: `dense_${l + 1}`,
      }),
    );
  });
  const tensors = slots.flatMap((slot) => [
    tf.tensor2d(estimator.weights.subarray(slot.kernel, slot.kernel + slot.inputs * slot.outputs), [slot.inputs, slot.outputs]),
    tf.tensor1d(estimator.weights.subarray(slot.bias, slot.bias + slot.outputs)),
  ]);
  try {
    model.setWeights(tensors);
  } finally {
    for (const t of tensors) t.dispose();
  }
  return model;
}

async function readBytes(files: FileAccess, path: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of files.openRead(path)) {
    chunks.push(chunk);
    size += chunk.length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function invalid(message: string, cause?: unknown): MwError {
  return new MwError('MW_MODEL_FILE_INVALID', { message, ...(cause === undefined ? {} : { cause }) });
}

export const networkCodec: EstimatorCodec = {
  async save(estimator: Estimator, dir: string, files: FileAccess): Promise<unknown> {
    if (!(estimator instanceof NetworkEstimator)) throw new MwError('MW_MODEL_KIND_UNSUPPORTED', { message: `Not a network: ${estimator.description}.` });
    const model = toLayersModel(estimator);
    try {
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          const weightData = tf.io.concatenateArrayBuffers(artifacts.weightData === undefined ? [] : artifacts.weightData);
          const modelJson = {
            modelTopology: artifacts.modelTopology,
            format: artifacts.format,
            generatedBy: artifacts.generatedBy,
            convertedBy: artifacts.convertedBy ?? null,
            weightsManifest: [{ paths: [`./${TFJS_WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
          };
          await files.writeAtomic(join(dir, TFJS_WEIGHTS_FILE), new Uint8Array(weightData));
          await files.writeAtomic(join(dir, TFJS_MODEL_FILE), `${JSON.stringify(modelJson)}\n`);
          return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
        }),
      );
    } finally {
      model.dispose();
    }
    return { architecture: estimator.architecture, targetScale: estimator.targetScale, modelFile: TFJS_MODEL_FILE };
  },

  async load(rawState: unknown, dir: string, files: FileAccess): Promise<Estimator> {
    const parsed = networkStateSchema.safeParse(rawState);
    if (!parsed.success) throw invalid(`The network description is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
    const { architecture, targetScale, modelFile } = parsed.data;
    let modelJson: tf.io.ModelJSON;
    try {
      modelJson = JSON.parse(await files.readText(join(dir, modelFile))) as tf.io.ModelJSON;
    } catch (cause) {
      throw invalid(`"${modelFile}" could not be read as a TensorFlow.js model.`, cause);
    }
    const handler: tf.io.IOHandler = {
      load: () =>
        tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
          const specs = manifest.flatMap((group) => group.weights);
          const buffers = await Promise.all(manifest.flatMap((group) => group.paths.map((p) => readBytes(files, join(dir, p)))));
          const bytes = buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
          return [specs, tf.io.concatenateArrayBuffers(bytes)];
        }),
    };
    let model: tfl.LayersModel;
    try {
      model = await tfl.loadLayersModel(handler);
    } catch (cause) {
      throw invalid(`The TensorFlow.js model in "${modelFile}" could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}.`, cause);
    }
    try {
      const weights = new Float32Array(parameterCount(architecture));
      const slots = layerSlots(architecture);
      const tensors = model.getWeights();
      if (tensors.length !== slots.length * 2) throw invalid(`The model has ${tensors.length} weight tensors; the description needs ${slots.length * 2}.`);
      slots.forEach((slot, l) => {
        const kernel = tensors[2 * l]!;
        const bias = tensors[2 * l + 1]!;
        if (kernel.size !== slot.inputs * slot.outputs || bias.size !== slot.outputs) throw invalid(`Layer ${l + 1} has the wrong shape.`);
        weights.set(kernel.dataSync() as Float32Array, slot.kernel);
        weights.set(bias.dataSync() as Float32Array, slot.bias);
      });
      return new NetworkEstimator(architecture, weights, targetScale);
    } finally {
      model.dispose();
    }
  },
};
