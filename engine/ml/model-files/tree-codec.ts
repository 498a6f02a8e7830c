/**
 * Tree ensembles in model folders: `trees.json` holds the ensemble as GbmModel/ForestModel.toJSON() writes
 * it (thresholds and leaf values are JSON numbers, which round-trip doubles exactly), so a loaded model
 * predicts bit-for-bit the same. The manifest keeps the kind, the task and the target scaling.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { MwError } from '../../errors';
import type { FileAccess } from '../../io/files';
import type { Estimator } from '../model';
import { TreeEstimator } from '../train/tree-estimator';
import { ForestModel, GbmModel } from '../trees/index';
import type { EstimatorCodec } from './codecs';

export const TREES_FILE = 'trees.json';

const treeStateSchema = z.object({
  kind: z.enum(['gradient-boosting', 'random-forest']),
  classification: z.boolean(),
  targetScale: z.object({ center: z.number(), scale: z.number() }).nullable(),
  file: z.string(),
});

function invalid(message: string, cause?: unknown): MwError {
  return new MwError('MW_MODEL_FILE_INVALID', { message, ...(cause === undefined ? {} : { cause }) });
}

export const treeCodec: EstimatorCodec = {
  async save(estimator: Estimator, dir: string, files: FileAccess): Promise<unknown> {
    if (!(estimator instanceof TreeEstimator)) throw new MwError('MW_MODEL_KIND_UNSUPPORTED', { message: `Not a tree model: ${estimator.description}.` });
    await files.writeAtomic(join(dir, TREES_FILE), JSON.stringify(estimator.model.toJSON()));
    return { kind: estimator.kind, classification: estimator.classification, targetScale: estimator.targetScale, file: TREES_FILE } satisfies z.infer<typeof treeStateSchema>;
  },
  async load(rawState: unknown, dir: string, files: FileAccess): Promise<Estimator> {
    const parsed = treeStateSchema.safeParse(rawState);
    if (!parsed.success) throw invalid(`The tree model description is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
    const state = parsed.data;
    let json: unknown;
    try {
      json = JSON.parse(await files.readText(join(dir, state.file)));
    } catch (cause) {
      throw invalid(`"${state.file}" could not be read as a tree model.`, cause);
    }
    const model = state.kind === 'gradient-boosting' ? GbmModel.fromJSON(json) : ForestModel.fromJSON(json);
    return new TreeEstimator(state.kind, model, state.classification, state.targetScale);
  },
};
