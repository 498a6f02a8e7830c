/**
 * The recorder hosts and the CLI use: the run store's recorder with model folders saved by saveRunModel
 * (model files, recipe.json, reference.json), so every recorded model can be promoted, exported, served and
 * monitored.
 */
import { MODELWRIGHT_VERSION } from '../version';
import type { ArtifactWriter } from '../runstore/artifacts';
import { createRunRecorder } from '../runstore/recorder';
import type { RunStore } from '../runstore/store';
import type { RunRecorder } from '../run/run-graph';
import { saveRunModel } from './export';

export function projectRecorder(store: RunStore, projectDir: string, options: { writer?: ArtifactWriter; now?: () => number } = {}): RunRecorder {
  return createRunRecorder({ store, projectDir, saveModel: saveRunModel, versions: { modelwright: MODELWRIGHT_VERSION }, ...options });
}
