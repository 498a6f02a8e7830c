/**
 * Opening the run database (better-sqlite3): pragmas, migrations, and what to do when the file is damaged,
 * locked or from a newer Modelwright. Opening never deletes, renames or rewrites a file it cannot read:
 * it falls back to read-only (or to no store at all) and says why with a coded error.
 *
 * Durability choice: WAL journal with `synchronous = FULL`, so a finished run survives a power cut, not only
 * an app crash. Run stores see a handful of small transactions per run, so the extra fsync costs nothing
 * anyone notices.
 */
import Database from 'better-sqlite3';
import { MwError, type ErrorInfo } from '../errors';
import { SCHEMA_VERSION, migrations } from './migrations';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** How long a write waits for another connection's lock before MW_RUNSTORE_LOCKED (default 3 s). */
  readonly busyTimeoutMs?: number;
  /** Open for reading only (never migrates, never writes). */
  readonly readOnly?: boolean;
}

export type OpenedDatabase =
  | { readonly mode: 'read-write' | 'read-only'; readonly db: SqliteDatabase; readonly problem: ErrorInfo | null }
  | { readonly mode: 'unavailable'; readonly db: null; readonly problem: ErrorInfo };

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE']);
const LOCKED_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED_SHAREDCACHE']);

function sqliteCode(thrown: unknown): string {
  return typeof thrown === 'object' && thrown !== null && 'code' in thrown ? String(thrown.code) : '';
}

/** Maps a better-sqlite3 error to the run store's coded errors; anything else stays as it is. */
export function storeError(thrown: unknown, file: string): unknown {
  if (thrown instanceof MwError) return thrown;
  const code = sqliteCode(thrown);
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  if (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT')) {
    return new MwError('MW_RUNSTORE_CORRUPT', { message: `The run database "${file}" is damaged (${reason}).`, details: { path: file, sqlite: code }, cause: thrown });
  }
  if (LOCKED_CODES.has(code) || code.startsWith('SQLITE_BUSY')) {
    return new MwError('MW_RUNSTORE_LOCKED', { message: `The run database "${file}" is locked by another program (${reason}).`, details: { path: file, sqlite: code }, cause: thrown });
  }
  if (code.startsWith('SQLITE_')) {
    return new MwError('MW_DISK_WRITE', { message: `The run database "${file}" could not be used (${reason}).`, details: { path: file, sqlite: code }, cause: thrown });
  }
  return thrown;
}

/**
 * Electron's processes load an addon built for Electron's ABI (electron/native-modules.ts puts its path in
 * this variable); Node uses the one npm installed.
 */
export const NATIVE_BINDING_ENV = 'MODELWRIGHT_BETTER_SQLITE3_BINDING';

function nativeBinding(): { nativeBinding?: string } {
  const binding = process.env[NATIVE_BINDING_ENV];
  return binding === undefined || binding === '' ? {} : { nativeBinding: binding };
}

function applyPragmas(db: SqliteDatabase, busyTimeoutMs: number, readOnly: boolean): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  if (!readOnly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
}

function migrate(db: SqliteDatabase, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new MwError('MW_RUNSTORE_TOO_NEW', {
      message: `The run database "${file}" has schema version ${version}; this Modelwright knows up to ${SCHEMA_VERSION}.`,
      details: { path: file, version, supported: SCHEMA_VERSION },
    });
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const sql = migrations[v] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

/** Reads something from every table the store uses, so a damaged file is found at open, not mid-run. */
function probe(db: SqliteDatabase): void {
  db.prepare('SELECT count(*) AS n FROM runs').get();
  db.prepare('SELECT count(*) AS n FROM run_metrics').get();
}

/**
 * `PRAGMA quick_check`: finds damaged pages anywhere in the file (a few milliseconds for thousands of runs),
 * so the store never writes into a damaged database.
 */
function integrityCheck(db: SqliteDatabase): void {
  const result = db.pragma('quick_check(1)', { simple: true });
  if (result !== 'ok') throw Object.assign(new Error(`integrity check failed: ${String(result)}`), { code: 'SQLITE_CORRUPT' });
}

/**
 * Opens (creating and migrating) the run database at `file`. Damaged, locked or too-new databases come back
 * read-only when they can still be read, otherwise `unavailable`; `problem` holds the coded reason.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const busy = options.busyTimeoutMs ?? 3000;
  if (options.readOnly !== true) {
    let db: SqliteDatabase | undefined;
    try {
      db = new Database(file, { timeout: busy, ...nativeBinding() });
      applyPragmas(db, busy, false);
      migrate(db, file);
      probe(db);
      integrityCheck(db);
      return { mode: 'read-write', db, problem: null };
    } catch (thrown) {
      db?.close();
      const error = storeError(thrown, file);
      if (!(error instanceof MwError)) throw thrown;
      const readOnly = openReadOnly(file, busy);
      if (readOnly !== null) return { mode: 'read-only', db: readOnly, problem: error.toInfo() };
      return { mode: 'unavailable', db: null, problem: error.toInfo() };
    }
  }
  const db = openReadOnly(file, busy);
  if (db !== null) return { mode: 'read-only', db, problem: null };
  return { mode: 'unavailable', db: null, problem: new MwError('MW_RUNSTORE_CORRUPT', { message: `The run database "${file}" cannot be read.`, details: { path: file } }).toInfo() };
}

function openReadOnly(file: string, busy: number): SqliteDatabase | null {
  let db: SqliteDatabase | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: busy, ...nativeBinding() });
    applyPragmas(db, busy, true);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) throw new Error('no schema');
    probe(db);
    return db;
  } catch {
    db?.close();
    return null;
  }
}
