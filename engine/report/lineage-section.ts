/**
 * Lineage for audit: which run built the report and when, the graph's hash, the SHA-256 of every data file
 * that fed it, the seeds, and the software and backend versions, so anyone can check the report against the
 * run store and reproduce it.
 */
import { version as vegaVersion } from 'vega';
import { version as vegaLiteVersion } from 'vega-lite';
import { validateParams, type SpecLookup } from '../graph/compile';
import { backendInfoSchema } from '../ml/backend/info';
import { MODELWRIGHT_VERSION } from '../version';
import { keyValue, paragraph, table } from './blocks';
import type { Block, ReportSection } from './document';
import type { ReportFacts } from './facts';
import { formatDateTime, formatInteger } from './format';
import { upstreamOf } from './pipeline';

interface FileEntry {
  path: string;
  sha256: string;
  rows: number | null;
  readBy: string[];
}

function dataFiles(facts: ReportFacts, specs: SpecLookup): FileEntry[] {
  const files = new Map<string, FileEntry>();
  const add = (path: string, sha256: string, rows: number | null, by: string | null) => {
    const key = `${path}\u0000${sha256}`;
    const entry = files.get(key) ?? { path, sha256, rows, readBy: [] };
    if (entry.rows === null && rows !== null) entry.rows = rows;
    if (by !== null && !entry.readBy.includes(by)) entry.readBy.push(by);
    files.set(key, entry);
  };
  const graph = facts.graph;
  if (graph !== null && facts.lineage !== null) {
    const upstream = upstreamOf(graph, facts.nodeId);
    for (const node of graph.nodes) {
      const spec = specs(node.kind);
      const fingerprint = facts.lineage.fingerprints[node.id];
      if (!upstream.has(node.id) || spec?.files === undefined || fingerprint === undefined) continue;
      const validated = validateParams(node, spec);
      if (!validated.ok) continue;
      const shas = fingerprint.split(',');
      spec.files(validated.params).forEach((path, i) => add(path, shas[i] ?? 'unknown', null, node.label ?? spec.title));
    }
  }
  for (const s of facts.table?.sources ?? []) add(s.path, s.sha256, s.rows, null);
  for (const s of facts.model?.metadata.sources ?? []) add(s.path, s.sha256, s.rows, null);
  for (const s of facts.predictions?.table.sources ?? []) add(s.path, s.sha256, s.rows, null);
  return [...files.values()];
}

function seeds(facts: ReportFacts, specs: SpecLookup): string {
  const graph = facts.graph;
  if (graph === null) return facts.model === undefined ? '—' : `training ${facts.model.metadata.seed}`;
  const upstream = upstreamOf(graph, facts.nodeId);
  const out: string[] = [];
  for (const node of graph.nodes) {
    const spec = specs(node.kind);
    if (!upstream.has(node.id) || spec === undefined) continue;
    const validated = validateParams(node, spec);
    if (validated.ok && typeof validated.params['seed'] === 'number') out.push(`${node.label ?? spec.title} ${validated.params['seed']}`);
  }
  return out.length === 0 ? '—' : out.join(', ');
}

export function lineageSection(facts: ReportFacts, specs: SpecLookup): ReportSection {
  const blocks: Block[] = [];
  const lineage = facts.lineage;
  const backend = backendInfoSchema.safeParse(facts.model?.metadata.backend ?? facts.backend);
  blocks.push(
    keyValue([
      ['Run id', facts.runId],
      ['Run started', lineage === null ? '—' : formatDateTime(lineage.startedAt)],
      ['Report built', formatDateTime(facts.createdAt.toISOString())],
      ['Graph', facts.graph?.metadata.name ?? '—'],
      ['Graph hash (SHA-256)', lineage?.graphHash ?? '—'],
      ...(facts.model === undefined ? [] : ([['Data fingerprint', facts.model.metadata.dataFingerprint]] as [string, string][])),
      ['Seeds', seeds(facts, specs)],
    ]),
  );
  if (lineage === null) blocks.push(paragraph('This report was built outside a recorded run, so the graph and its hash are not known.'));
  const files = dataFiles(facts, specs);
  blocks.push(
    files.length === 0
      ? paragraph('No data file is recorded for this run.')
      : table(
          ['Data file', { name: 'Rows', align: 'right' }, 'SHA-256'],
          files.map((f) => [f.readBy.filter((by) => by !== f.path).length === 0 ? f.path : `${f.path} (read by ${f.readBy.filter((by) => by !== f.path).join(', ')})`, f.rows === null ? '—' : formatInteger(f.rows), { text: f.sha256 }]),
          { id: 'files', title: 'Data files' },
        ),
  );
  blocks.push(
    keyValue(
      [
        ['Modelwright', facts.model?.metadata.modelwrightVersion ?? MODELWRIGHT_VERSION],
        ['Node.js', process.versions.node],
        ['Platform', `${process.platform} ${process.arch}`],
        ['TensorFlow.js', facts.model?.metadata.tfjsVersion ?? (backend.success ? backend.data.tfjsVersion : '—')],
        ['Backend', backend.success ? `${backend.data.name}: ${backend.data.package} ${backend.data.version}${backend.data.simd === true ? ', SIMD' : ''}${backend.data.gpu === true ? ', GPU' : ''}` : '—'],
        ['Charts', `Vega ${vegaVersion}, Vega-Lite ${vegaLiteVersion}`],
      ],
      'Software',
    ),
  );
  return { id: 'lineage', title: 'Lineage', blocks };
}
