/**
 * The project's query history on disk (`<project>/queries.json`, written atomically). A missing or
 * damaged file reads as an empty history: losing old questions must never stop a new one.
 */
import { join } from 'node:path';
import { MwError } from '../errors';
import { createNodeFileAccess } from '../io/node-files';
import { QUERY_HISTORY_FILE, queryHistoryFileSchema, withAsked, type QueryHistoryEntry } from '../query/history';
import type { PinQueryRequest } from './contract';

export async function readQueryHistory(folder: string): Promise<QueryHistoryEntry[]> {
  const files = createNodeFileAccess(folder);
  const file = join(folder, QUERY_HISTORY_FILE);
  if (!(await files.exists(file))) return [];
  try {
    return queryHistoryFileSchema.parse(JSON.parse(await files.readText(file))).entries;
  } catch {
    return [];
  }
}

async function writeQueryHistory(folder: string, entries: readonly QueryHistoryEntry[]): Promise<void> {
  const doc = { format: 'modelwright.queries', version: 1, entries };
  await createNodeFileAccess(folder).writeAtomic(join(folder, QUERY_HISTORY_FILE), `${JSON.stringify(doc, null, 2)}\n`);
}

/** Adds (or moves to the top) a question; returns the entry as stored. */
export async function recordQuery(folder: string, entry: QueryHistoryEntry): Promise<QueryHistoryEntry> {
  const entries = withAsked(await readQueryHistory(folder), entry);
  await writeQueryHistory(folder, entries);
  return entries[0] ?? entry;
}

/** Pins an entry with its answer, or unpins it (dropping the kept answer); returns the history. */
export async function pinQuery(folder: string, request: Omit<PinQueryRequest, 'projectPath'>): Promise<QueryHistoryEntry[]> {
  const entries = await readQueryHistory(folder);
  const at = entries.findIndex((e) => e.id === request.id);
  const entry = entries[at];
  if (entry === undefined) throw new MwError('MW_FILE_NOT_FOUND', { message: 'That question is no longer in the project’s history.', details: { id: request.id } });
  const { answer: _dropped, ...rest } = entry;
  entries[at] = request.pinned ? { ...rest, pinned: true, ...(request.answer === undefined ? (entry.answer === undefined ? {} : { answer: entry.answer }) : { answer: request.answer }) } : { ...rest, pinned: false };
  await writeQueryHistory(folder, entries);
  return entries;
}
