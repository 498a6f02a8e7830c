/** Which param of a node kind holds its data file (cached per kind; specs never change at runtime). */
import { specForKind } from '../../../engine/nodes/specs';
import { fileFieldKey } from '../inspector/form-model';
import type { NodeData } from './types';

const cache = new Map<string, string | undefined>();

export function fileKeyOf(kind: string): string | undefined {
  if (!cache.has(kind)) {
    const spec = specForKind(kind);
    cache.set(kind, spec === undefined ? undefined : fileFieldKey(spec.params));
  }
  return cache.get(kind);
}

/** The data file a node reads, if it reads one and it is set. */
export function filePathOf(data: NodeData): string | undefined {
  const key = fileKeyOf(data.kind);
  const value = key === undefined ? undefined : data.params[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
