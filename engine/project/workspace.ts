/**
 * The workspace: the folder where projects are created (default ~/Modelwright, or $MODELWRIGHT_HOME),
 * plus the list of recently opened projects kept in `<workspace>/.modelwright/recent.json`.
 * Browser mode has no native dialogs, so projects are named, not browsed to.
 */
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { FileAccess } from '../io/files';
import { createNodeFileAccess } from '../io/node-files';

export const RECENT_LIMIT = 20;
const RECENT_FILE = join('.modelwright', 'recent.json');

export function defaultWorkspace(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const home = env['MODELWRIGHT_HOME'];
  return home !== undefined && home.trim() !== '' ? resolve(home) : join(homedir(), 'Modelwright');
}

// Characters that are invalid or risky in a file name on Windows, macOS or Linux, and control characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * Turns a user-typed name into a safe single folder or file name: no separators, no leading dots
 * (no hidden files, no `..`), no trailing dots or spaces (Windows), no reserved device names, ≤ 100 chars.
 */
export function safeName(name: string, fallback = 'Untitled'): string {
  let s = name.normalize('NFC').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  s = s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (s.length > 100) s = s.slice(0, 100).trim();
  if (s === '' || RESERVED.test(s)) return fallback;
  return s;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** `<parent>/<name>`, or `<name> 2`, `<name> 3`… so an existing folder is never reused. Creates it. */
export async function createUniqueFolder(parent: string, name: string): Promise<string> {
  const base = safeName(name);
  await mkdir(parent, { recursive: true });
  for (let n = 1; n < 10_000; n++) {
    const candidate = join(parent, n === 1 ? base : `${base} ${n}`);
    if (await exists(candidate)) continue;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    }
  }
  throw new Error(`No free folder name for "${base}" in ${parent}.`);
}

/** A file name in `dir` that does not exist yet: `houses.csv`, `houses-2.csv`, … */
export async function uniqueFileName(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? name : `${stem}-${n}${ext}`;
    if (!(await exists(join(dir, candidate)))) return candidate;
  }
  throw new Error(`No free file name for "${name}" in ${dir}.`);
}

const recentEntrySchema = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
export type RecentEntry = z.infer<typeof recentEntrySchema>;

/** Recently opened projects, most recent first. A missing or damaged list reads as empty. */
export async function readRecent(workspace: string, files: FileAccess = createNodeFileAccess(workspace)): Promise<RecentEntry[]> {
  const file = join(workspace, RECENT_FILE);
  if (!(await files.exists(file))) return [];
  try {
    return z.array(recentEntrySchema).parse(JSON.parse(await files.readText(file))).slice(0, RECENT_LIMIT);
  } catch {
    return [];
  }
}

/** Moves (or adds) a project to the top of the recent list; keeps at most RECENT_LIMIT entries. */
export async function touchRecent(workspace: string, entry: RecentEntry, files: FileAccess = createNodeFileAccess(workspace)): Promise<RecentEntry[]> {
  const list = [entry, ...(await readRecent(workspace, files)).filter((e) => e.path !== entry.path)].slice(0, RECENT_LIMIT);
  await files.writeAtomic(join(workspace, RECENT_FILE), `${JSON.stringify(list, null, 2)}\n`);
  return list;
}
