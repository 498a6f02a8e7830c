/** Helpers shared by the boosting and forest models: importance and yielding to the event loop. */
import { MwError } from '../../errors';
import { type Tree } from './tree';

/** `gain`: total split gain per feature; `split`: number of splits per feature. */
export type ImportanceKind = 'gain' | 'split';

export function featureImportance(trees: readonly Tree[], numFeatures: number, kind: ImportanceKind): Float64Array {
  const out = new Float64Array(numFeatures);
  for (const tree of trees) {
    for (let i = 0; i < tree.numNodes; i++) {
      const f = tree.feature[i]!;
      if (f >= 0) out[f] = out[f]! + (kind === 'gain' ? tree.gain[i]! : 1);
    }
  }
  return out;
}

/** Hooks a training run reports to and is cancelled through. */
export interface TrainingHooks {
  /** Checked between rounds (boosting) or trees (forest); aborting throws MW_RUN_CANCELLED. */
  readonly signal?: AbortSignal;
  /**
   * Called after each boosting round (0-based) with the mean training loss and, with a validation set,
   * the validation loss; for forests, after each tree with the running out-of-bag loss where defined.
   */
  onIteration?(iteration: number, trainLoss: number, validLoss: number | undefined): void;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new MwError('MW_RUN_CANCELLED');
}

/** Lets queued messages (cancel requests, progress) through between steps of a long synchronous loop. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs `step` until it returns false, yielding to the event loop at most every `intervalMs`. */
export async function runYielding(step: () => boolean, intervalMs = 50): Promise<void> {
  let last = Date.now();
  while (step()) {
    if (Date.now() - last >= intervalMs) {
      await yieldToEventLoop();
      last = Date.now();
    }
  }
}
