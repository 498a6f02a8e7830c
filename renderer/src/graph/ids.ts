/** Readable, unique node ids: the kind plus the smallest free number ("split-2"). Deterministic. */
export function uniqueNodeId(kind: string, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const id = `${kind}-${i}`;
    if (!taken.has(id)) return id;
  }
}
