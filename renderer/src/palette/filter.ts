/** Palette search: specs grouped by category, filtered by words in the title, kind or docs. Pure. */
import { nodeCategories, type NodeCategory, type NodeSpec } from '../../../engine/nodes/spec';

export interface PaletteGroup {
  readonly category: NodeCategory;
  readonly specs: readonly NodeSpec[];
}

/** Title matches rank before docs matches; every word of the query must match somewhere. */
export function filterSpecs(specs: readonly NodeSpec[], query: string): NodeSpec[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [...specs];
  const scored: { spec: NodeSpec; score: number; index: number }[] = [];
  specs.forEach((spec, index) => {
    const title = `${spec.title} ${spec.kind}`.toLowerCase();
    const docs = spec.docs.toLowerCase();
    let score = 0;
    for (const w of words) {
      if (title.startsWith(w)) score += 3;
      else if (title.includes(w)) score += 2;
      else if (docs.includes(w)) score += 1;
      else return;
    }
    scored.push({ spec, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.spec);
}

export function groupSpecs(specs: readonly NodeSpec[]): PaletteGroup[] {
  return nodeCategories
    .map((category) => ({ category, specs: specs.filter((s) => s.category === category) }))
    .filter((g) => g.specs.length > 0);
}
