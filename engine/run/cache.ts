/** Step outputs cached by cache key, so after an edit only the steps whose key changed run again. */
import type { NodeOutputs } from '../nodes/values';

export interface OutputCache {
  get(key: string): NodeOutputs | undefined;
  set(key: string, outputs: NodeOutputs): void;
  clear(): void;
}

/**
 * Least-recently-used cache of at most `capacity` step outputs. Outputs share column arrays with their
 * inputs, so holding a few dozen costs little more than the largest table.
 */
export function createLruCache(capacity = 64): OutputCache {
  const map = new Map<string, NodeOutputs>();
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key, outputs) {
      map.delete(key);
      map.set(key, outputs);
      while (map.size > capacity) {
        const oldest = map.keys().next().value;
        if (oldest === undefined) break;
        map.delete(oldest);
      }
    },
    clear() {
      map.clear();
    },
  };
}
