/**
 * Predictions from a model folder without TensorFlow.js: reads modelwright-model.json and the TensorFlow.js
 * files, replays the recipe on raw CSV rows with the engine's own code (CSV reader, input check, recipe,
 * feature matrix), runs the network in plain JavaScript (./dense) and writes the rows back as CSV with the
 * same prediction columns the Predict node adds. Bundled into the exported model's predict.js.
 */
import { MwError } from '../../errors';
import { readCsvText } from '../../data/csv/index';
import { applyRecipe } from '../../data/recipe';
import type { Table } from '../../data/table';
import type { ModelBundle } from '../../ml/model';
import { withPredictionColumns } from '../../ml/predictions';
import { MODEL_MANIFEST, modelManifestSchema } from '../../ml/model-files/format';
import { buildMatrix } from '../../ml/train/features';
import { checkInputSchema } from '../../ml/train/infer';
import { tableCsvChunks } from '../csv-out';
import { denseEstimator, denseLayers } from './dense';

/** Reads a file of the model folder by its name inside the folder. */
export interface ModelFolderReader {
  text(name: string): string;
  bytes(name: string): Uint8Array;
}

/** The model of a folder, with a plain-JavaScript estimator. */
export function loadPortableModel(read: ModelFolderReader): ModelBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(read.text(MODEL_MANIFEST));
  } catch (cause) {
    throw new MwError('MW_MODEL_FILE_INVALID', { message: `${MODEL_MANIFEST} could not be read next to the predictor.`, cause });
  }
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) throw new MwError('MW_MODEL_FILE_INVALID', { message: `${MODEL_MANIFEST} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}.` });
  const m = parsed.data;
  if (m.estimator.family !== 'network') throw new MwError('MW_MODEL_KIND_UNSUPPORTED', { message: `The predictor runs networks; this model is a "${m.estimator.family}".` });
  const state = m.estimator.state as { modelFile?: string; targetScale?: { center: number; scale: number } | null; architecture?: { inputs: number } };
  const layers = denseLayers(JSON.parse(read.text(state.modelFile ?? 'model.json')), (p) => read.bytes(p));
  if (state.architecture !== undefined && layers[0]?.inputs !== state.architecture.inputs) throw new MwError('MW_MODEL_FILE_INVALID', { message: 'model.json does not match the model description.' });
  return {
    kind: m.kind,
    task: m.task,
    target: m.target,
    classes: m.classes,
    targetEncoding: m.targetEncoding,
    inputSchema: m.inputSchema,
    recipe: m.recipe,
    features: m.features,
    estimator: denseEstimator(layers, state.targetScale ?? null, `${m.kind} (${m.inputSchema.length} inputs)`),
    history: m.history,
    metadata: m.metadata,
  };
}

/** The raw rows plus `prediction` and, for classifiers, `p(<class>)` per class (the Predict node's columns). */
export function predictRawTable(model: ModelBundle, raw: Table, probabilities = true): Table {
  const prepared = applyRecipe(checkInputSchema(model, raw), model.recipe);
  const output = model.estimator.predict(buildMatrix(prepared, model.features));
  return withPredictionColumns(model, raw, output, probabilities).table;
}

/** CSV text in, CSV text out (chunks). */
export async function predictCsv(model: ModelBundle, csvText: string): Promise<Iterable<string>> {
  const { table } = await readCsvText(csvText);
  return tableCsvChunks(predictRawTable(model, table));
}
