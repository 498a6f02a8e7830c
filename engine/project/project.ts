/**
 * A project is a folder (DESIGN.md "Storage"):
 *
 *   <project>/project.modelwright.json   the graph file (format v1, written atomically)
 *   <project>/data/                      imported data files
 *   <project>/runs/                      the run store (issue 8)
 *   <project>/.autosave.json             crash-recovery backup, removed on save
 *
 * Reading never writes: a damaged project file fails with MW_PROJECT_CORRUPT and stays as it was.
 * Host-side (Node) code: the project file goes through FileAccess; folder listing and removal use node:fs.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { MwError, isMwError } from '../errors';
import { parseGraphText, parseGraphValue, serializeGraph } from '../graph/load';
import type { Graph } from '../graph/schema';
import type { FileAccess } from '../io/files';
import { createNodeFileAccess } from '../io/node-files';

export const PROJECT_FILE = 'project.modelwright.json';
export const AUTOSAVE_FILE = '.autosave.json';
export const DATA_DIR = 'data';
export const RUNS_DIR = 'runs';

const AUTOSAVE_FORMAT = 'modelwright.autosave';
const autosaveFileSchema = z.object({
  format: z.literal(AUTOSAVE_FORMAT),
  savedAt: z.string(),
  graph: z.unknown(),
});

export interface ProjectSnapshot {
  readonly path: string;
  readonly graph: Graph;
  /** Last write of the project file (ISO-8601). */
  readonly modified: string;
}

export interface AutosaveSnapshot {
  readonly graph: Graph;
  readonly savedAt: string;
}

/** Accepts the project folder or its project file; returns the folder. */
export function projectFolder(path: string): string {
  return basename(path) === PROJECT_FILE ? join(path, '..') : path;
}

function filesFor(folder: string, files?: FileAccess): FileAccess {
  return files ?? createNodeFileAccess(folder);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** True when `folder` holds a project file. */
export async function isProject(folder: string): Promise<boolean> {
  try {
    return (await stat(join(folder, PROJECT_FILE))).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads and validates the project's graph (migrating older versions in memory only).
 * Missing → MW_PROJECT_NOT_FOUND; unparsable or invalid → MW_PROJECT_CORRUPT (the cause's code in details);
 * written by a newer Modelwright → MW_GRAPH_TOO_NEW as is.
 */
export async function readProject(path: string, files?: FileAccess): Promise<ProjectSnapshot> {
  const folder = projectFolder(path);
  if (!(await isProject(folder))) {
    throw new MwError('MW_PROJECT_NOT_FOUND', { message: `No Modelwright project was found at "${folder}".`, details: { path: folder } });
  }
  const fs = filesFor(folder, files);
  const file = join(folder, PROJECT_FILE);
  const [text, info] = await Promise.all([fs.readText(file), fs.stat(file)]);
  try {
    return { path: folder, graph: parseGraphText(text), modified: new Date(info.mtimeMs).toISOString() };
  } catch (cause) {
    if (isMwError(cause) && cause.code === 'MW_GRAPH_TOO_NEW') throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new MwError('MW_PROJECT_CORRUPT', {
      message: `The project file "${file}" is damaged and cannot be opened: ${reason}`,
      details: { path: file, cause: isMwError(cause) ? cause.code : 'unknown' },
      cause,
    });
  }
}

/** Writes the graph atomically (temp file, fsync, rename), creating the folder and data/ if needed. */
export async function writeProject(folder: string, graph: Graph, files?: FileAccess): Promise<ProjectSnapshot> {
  const fs = filesFor(folder, files);
  await fs.mkdirp(join(folder, DATA_DIR));
  const stamped: Graph = { ...graph, metadata: { ...graph.metadata, modified: new Date().toISOString() } };
  const file = join(folder, PROJECT_FILE);
  await fs.writeAtomic(file, serializeGraph(stamped));
  const info = await fs.stat(file);
  return { path: folder, graph: stamped, modified: new Date(info.mtimeMs).toISOString() };
}

/** Writes the crash-recovery backup (atomically, so a crash while autosaving cannot damage the last one). */
export async function writeAutosave(folder: string, graph: Graph, files?: FileAccess, now: () => Date = () => new Date()): Promise<AutosaveSnapshot> {
  const savedAt = now().toISOString();
  await filesFor(folder, files).writeAtomic(join(folder, AUTOSAVE_FILE), `${JSON.stringify({ format: AUTOSAVE_FORMAT, savedAt, graph })}\n`);
  return { graph, savedAt };
}

/** The autosave, or null when there is none or it cannot be read (a damaged backup is not offered). */
export async function readAutosave(folder: string, files?: FileAccess): Promise<AutosaveSnapshot | null> {
  const fs = filesFor(folder, files);
  const file = join(folder, AUTOSAVE_FILE);
  if (!(await fs.exists(file))) return null;
  try {
    const doc = autosaveFileSchema.parse(JSON.parse(await fs.readText(file)));
    return { graph: parseGraphValue(doc.graph), savedAt: doc.savedAt };
  } catch {
    return null;
  }
}

export async function removeAutosave(folder: string): Promise<void> {
  await rm(join(folder, AUTOSAVE_FILE), { force: true });
}

/** A project's display name: the graph's name, else the folder's. Never throws. */
export async function projectName(folder: string): Promise<string> {
  try {
    return (await readProject(folder)).graph.metadata.name;
  } catch {
    return basename(folder);
  }
}

/** Project folders directly inside `workspace`, by name. Unreadable workspaces list as empty. */
export async function listProjectFolders(workspace: string): Promise<string[]> {
  if (!(await isDirectory(workspace))) return [];
  const entries = await readdir(workspace, { withFileTypes: true });
  const folders: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const folder = join(workspace, entry.name);
    if (await isProject(folder)) folders.push(folder);
  }
  return folders.sort((a, b) => basename(a).localeCompare(basename(b)));
}
