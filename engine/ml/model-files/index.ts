/**
 * Saving and loading a Model to and from a folder (see ./format). Writes go through FileAccess (atomic
 * writes), so the same code serves the CLI, the app and tests. A loaded network model predicts exactly what
 * the saved one did, and can be retrained for cross-validation with the parameters it was trained with.
 */
import { join } from 'node:path';
import { MwError } from '../../errors';
import type { FileAccess } from '../../io/files';
import { ensureBackend } from '../backend/select';
import type { ModelBundle } from '../model';
import { trainAnyModel } from '../train/dispatch';
import { TREE_FAMILY } from '../train/tree-estimator';
import { trainParams } from '../train/params';
import { codecFor, registerEstimatorCodec } from './codecs';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, MODEL_MANIFEST, modelManifestSchema, type ModelManifest } from './format';
import { networkCodec } from './network-codec';
import { treeCodec } from './tree-codec';

registerEstimatorCodec('network', networkCodec);
registerEstimatorCodec(TREE_FAMILY, treeCodec);

export { registerEstimatorCodec, type EstimatorCodec } from './codecs';
export { MODEL_MANIFEST, modelManifestSchema, type ModelManifest } from './format';
export { TFJS_MODEL_FILE, TFJS_WEIGHTS_FILE, toLayersModel } from './network-codec';

export async function saveModel(model: ModelBundle, dir: string, files: FileAccess): Promise<void> {
  const codec = codecFor(model.estimator.family);
  if (codec === undefined) throw new MwError('MW_MODEL_KIND_UNSUPPORTED', { message: `Models of the "${model.estimator.family}" family cannot be saved yet.` });
  await files.mkdirp(dir);
  const state = await codec.save(model.estimator, dir, files);
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    kind: model.kind,
    task: model.task,
    target: model.target,
    classes: [...model.classes],
    targetEncoding: model.targetEncoding,
    inputSchema: [...model.inputSchema],
    recipe: model.recipe.map((s) => ({ kind: s.kind, nodeId: s.nodeId, state: s.state, ...(s.params === undefined ? {} : { params: s.params }) })),
    features: model.features,
    history: [...model.history],
    metadata: model.metadata,
    estimator: { family: model.estimator.family, state },
  };
  // The manifest goes last: a folder without it is not a model, so an interrupted save is never half-read.
  await files.writeAtomic(join(dir, MODEL_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
}

export async function loadModel(dir: string, files: FileAccess): Promise<ModelBundle> {
  let raw: unknown;
  try {
    raw = JSON.parse(await files.readText(join(dir, MODEL_MANIFEST)));
  } catch (cause) {
    if (cause instanceof MwError && cause.code === 'MW_FILE_NOT_FOUND') throw new MwError('MW_MODEL_FILE_INVALID', { message: `"${dir}" has no ${MODEL_MANIFEST}: it is not a Modelwright model folder.`, cause });
    throw new MwError('MW_MODEL_FILE_INVALID', { message: `${MODEL_MANIFEST} in "${dir}" is not valid JSON.`, cause });
  }
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MwError('MW_MODEL_FILE_INVALID', { message: `${MODEL_MANIFEST} is damaged at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}.` });
  }
  const m = parsed.data;
  const codec = codecFor(m.estimator.family);
  if (codec === undefined) throw new MwError('MW_MODEL_KIND_UNSUPPORTED', { message: `This Modelwright cannot load "${m.estimator.family}" models.` });
  const estimator = await codec.load(m.estimator.state, dir, files);
  const params = trainParams.safeParse(m.metadata.params);
  const bundle: ModelBundle = {
    kind: m.kind,
    task: m.task,
    target: m.target,
    classes: m.classes,
    targetEncoding: m.targetEncoding,
    inputSchema: m.inputSchema,
    recipe: m.recipe.map((s) => ({ kind: s.kind, nodeId: s.nodeId, state: s.state, ...(s.params === undefined ? {} : { params: s.params }) })),
    features: m.features,
    estimator,
    history: m.history,
    metadata: m.metadata,
    ...((m.estimator.family === 'network' || m.estimator.family === TREE_FAMILY) && params.success
      ? { refit: async (table, rows, options) => trainAnyModel(table, params.data, { ...options, backend: await ensureBackend() }, { train: rows }) }
      : {}),
  };
  return bundle;
}
