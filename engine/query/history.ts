/**
 * The query history kept in a project (`<project>/queries.json`): each question asked, how it was read
 * and the one-sentence answer, most recent first, so it can be run again from the query box. Pinned
 * answers (when the graph has no Report node to hold them) keep their answer here. Pure zod schemas,
 * shared by the host (which writes the file) and the renderer (which lists it).
 */
import { z } from 'zod';
import { pinnedAnswerSchema } from '../report/params';
import { QUERY_MAX_CHARS } from './intent';

/** File name of the history inside the project folder. */
export const QUERY_HISTORY_FILE = 'queries.json';
/** Unpinned entries kept at most (pinned ones are always kept). */
export const QUERY_HISTORY_LIMIT = 200;

export const intentKindSchema = z.enum(['build-model', 'edit-graph', 'data-question', 'model-question', 'what-if', 'ambiguity', 'not-understood']);
export type IntentKind = z.infer<typeof intentKindSchema>;

export const queryHistoryEntrySchema = z.object({
  id: z.string().min(1).max(100),
  /** The question as typed (questions longer than the parser accepts are not recorded). */
  text: z.string().min(1).max(QUERY_MAX_CHARS),
  /** ISO-8601 time it was last asked. */
  askedAt: z.string().max(64),
  kind: intentKindSchema,
  reading: z.string().max(2000),
  /** The answer's sentence (or the edit's summary, or the problem), when there was one. */
  sentence: z.string().max(2000).optional(),
  pinned: z.boolean(),
  /** The answer as pinned (kept with the entry when no Report node holds it). */
  answer: pinnedAnswerSchema.optional(),
});
export type QueryHistoryEntry = z.infer<typeof queryHistoryEntrySchema>;

export const queryHistoryFileSchema = z.object({
  format: z.literal('modelwright.queries'),
  version: z.literal(1),
  entries: z.array(queryHistoryEntrySchema),
});
export type QueryHistoryFile = z.infer<typeof queryHistoryFileSchema>;

/**
 * The history after asking `entry`: the same question asked before moves to the top (keeping its pin and
 * pinned answer); unpinned entries beyond the limit fall off the end.
 */
export function withAsked(entries: readonly QueryHistoryEntry[], entry: QueryHistoryEntry): QueryHistoryEntry[] {
  const previous = entries.find((e) => e.text === entry.text);
  const merged: QueryHistoryEntry = previous === undefined ? entry : { ...entry, id: previous.id, pinned: previous.pinned, ...(previous.answer === undefined ? {} : { answer: previous.answer }) };
  const rest = entries.filter((e) => e !== previous);
  let unpinned = merged.pinned ? 0 : 1;
  const kept = rest.filter((e) => e.pinned || ++unpinned <= QUERY_HISTORY_LIMIT);
  return [merged, ...kept];
}

/** Caps a pinned answer's table so it fits the schema (the report shows at most this much anyway). */
export function pinnableAnswer(question: string, answer: { reading: string; sentence: string; table?: { columns: readonly string[]; rows: readonly (readonly (string | number | boolean | null)[])[] } | undefined }): z.infer<typeof pinnedAnswerSchema> {
  const table = answer.table;
  const columns = table?.columns.slice(0, 50).map((c) => c.slice(0, 200));
  return {
    question: question.slice(0, 500),
    reading: answer.reading.slice(0, 1000),
    sentence: answer.sentence.slice(0, 2000),
    ...(table === undefined || columns === undefined
      ? {}
      : { table: { columns, rows: table.rows.slice(0, 200).map((r) => r.slice(0, 50).map((v) => (typeof v === 'string' ? v.slice(0, 1000) : v))) } }),
  };
}
