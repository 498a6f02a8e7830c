/**
 * Where the run store keeps things inside a project folder (DESIGN.md "Storage"):
 *
 *   runs/runs.sqlite        the database (+ -wal, -shm while open)
 *   runs/<run id>/          artifacts of one run: model folders, metrics, predictions, reports
 *   runs/champion.json      the current champion (a copy of its record, read by the threshold gate)
 *
 * Paths stored in the database are relative to the project folder, with forward slashes, so a project can
 * be moved or copied to another machine.
 */
import { MwError } from '../errors';

export const RUNS_FOLDER = 'runs';
export const DATABASE_FILE = 'runs/runs.sqlite';
export const CHAMPION_FILE = 'runs/champion.json';

/** Run ids become folder names: letters, digits, '-' and '_' only (UUIDs qualify). */
const RUN_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function checkRunId(id: string): string {
  if (!RUN_ID.test(id)) throw new MwError('MW_RUN_NOT_FOUND', { message: `"${id}" is not a valid run id.`, details: { runId: id } });
  return id;
}

/** `runs/<id>`, relative to the project. */
export function runFolder(id: string): string {
  return `${RUNS_FOLDER}/${checkRunId(id)}`;
}

/** A file name made from a node id (node ids are free text in the graph). */
export function safeName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 80);
  return cleaned === '' ? '_' : cleaned;
}
