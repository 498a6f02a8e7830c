/**
 * Example projects: every `examples/<id>.json` graph file (iris classification, houses regression…).
 * Opening one copies the graph and the data files its nodes name into a new workspace project, so the
 * example runs as is and the user's edits never touch the shipped copy.
 */
import { copyFile, readdir } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { MwError } from '../errors';
import { parseGraphText } from '../graph/load';
import type { Graph } from '../graph/schema';
import { createNodeFileAccess } from '../io/node-files';
import { DATA_DIR, writeProject, type ProjectSnapshot } from './project';
import { createUniqueFolder } from './workspace';

export interface ExampleEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly file: string;
}

const DATA_EXTENSIONS = new Set(['.csv', '.tsv', '.txt']);
const ID = /^[a-z0-9][a-z0-9_-]*$/i;

/** Example graphs in `examplesDir`, by title. Files that are not valid graphs are left out. */
export async function listExamples(examplesDir: string): Promise<ExampleEntry[]> {
  let names: string[];
  try {
    names = await readdir(examplesDir);
  } catch {
    return [];
  }
  const files = createNodeFileAccess(examplesDir);
  const entries: ExampleEntry[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const id = name.slice(0, -'.json'.length);
    if (!ID.test(id)) continue;
    try {
      const graph = parseGraphText(await files.readText(name));
      entries.push({ id, title: graph.metadata.name, description: graph.metadata.description ?? '', file: join(examplesDir, name) });
    } catch {
      // Not an example graph (e.g. a data dictionary); skip it.
    }
  }
  return entries;
}

/** A data file named by a node param, if it lies inside the examples folder. */
function exampleDataFile(examplesDir: string, value: string): string | undefined {
  if (!DATA_EXTENSIONS.has(extname(value).toLowerCase())) return undefined;
  const full = isAbsolute(value) ? value : resolve(examplesDir, value);
  const inside = relative(examplesDir, full);
  if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return full;
}

/** Copies example `id` (graph + the data files its params name) into a new project in `workspace`. */
export async function createProjectFromExample(examplesDir: string, id: string, workspace: string): Promise<ProjectSnapshot> {
  const example = (await listExamples(examplesDir)).find((e) => e.id === id);
  if (example === undefined) {
    throw new MwError('MW_PROJECT_NOT_FOUND', { message: `There is no example called "${id}".`, details: { id } });
  }
  const source = parseGraphText(await createNodeFileAccess(examplesDir).readText(example.file));
  const folder = await createUniqueFolder(workspace, example.title);
  const data = join(folder, DATA_DIR);
  const files = createNodeFileAccess(folder);
  await files.mkdirp(data);
  const copied = new Map<string, string>();
  const nodes: Graph['nodes'] = [];
  for (const node of source.nodes) {
    const params: Record<string, unknown> = { ...node.params };
    for (const [key, value] of Object.entries(params)) {
      if (typeof value !== 'string') continue;
      const file = exampleDataFile(examplesDir, value);
      if (file === undefined || !(await files.exists(file))) continue;
      let target = copied.get(file);
      if (target === undefined) {
        target = `${DATA_DIR}/${basename(file)}`;
        await copyFile(file, join(folder, target));
        copied.set(file, target);
      }
      params[key] = target;
    }
    nodes.push({ ...node, params });
  }
  return writeProject(folder, { ...source, nodes, metadata: { ...source.metadata, created: new Date().toISOString() } }, files);
}
