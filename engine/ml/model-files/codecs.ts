/**
 * Estimator codecs: how each estimator family writes itself into a model folder and reads itself back.
 * Networks are built in (./network-codec); other families (tree ensembles…) register theirs here.
 */
import type { FileAccess } from '../../io/files';
import type { Estimator } from '../model';

export interface EstimatorCodec {
  /** Writes the estimator's files into `dir`; returns the JSON state stored in the manifest. */
  save(estimator: Estimator, dir: string, files: FileAccess): Promise<unknown>;
  /** Rebuilds the estimator from the manifest state and the files in `dir`. */
  load(state: unknown, dir: string, files: FileAccess): Promise<Estimator>;
}

const codecs = new Map<string, EstimatorCodec>();

export function registerEstimatorCodec(family: string, codec: EstimatorCodec): void {
  codecs.set(family, codec);
}

export function codecFor(family: string): EstimatorCodec | undefined {
  return codecs.get(family);
}
