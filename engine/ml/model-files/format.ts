/**
 * The model folder format (pure schemas). A folder holds:
 *   modelwright-model.json  this manifest: task, target encoding, raw input schema, recipe, feature layout,
 *                           training history and metadata, and the estimator's description;
 *   model.json + weights.bin  for networks: a standard TensorFlow.js Layers model (tf.loadLayersModel reads it).
 */
import { z } from 'zod';
import { epochRecordSchema, featureLayoutSchema, inputColumnSchema, modelMetadataSchema, targetEncodingSchema, taskSchema } from '../model';

export const MODEL_MANIFEST = 'modelwright-model.json';
export const MODEL_FORMAT = 'modelwright.model';
export const MODEL_FORMAT_VERSION = 1;

/** `params` is optional: files saved before it was recorded still load (their steps can be replayed, not refit). */
export const recipeStepSchema = z.object({ kind: z.string(), nodeId: z.string(), state: z.unknown(), params: z.record(z.string(), z.unknown()).optional() });

export const modelManifestSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_FORMAT_VERSION),
  kind: z.string(),
  task: taskSchema,
  target: z.string(),
  classes: z.array(z.string()),
  targetEncoding: targetEncodingSchema,
  inputSchema: z.array(inputColumnSchema),
  recipe: z.array(recipeStepSchema),
  features: featureLayoutSchema,
  history: z.array(epochRecordSchema),
  metadata: modelMetadataSchema,
  /** The estimator family and what its codec needs to rebuild it (files are named inside). */
  estimator: z.object({ family: z.string(), state: z.unknown() }),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;
