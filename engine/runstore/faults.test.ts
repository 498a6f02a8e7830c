import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { thrownCode } from '../nodes/test-support';
import { SCHEMA_VERSION } from './migrations';
import { RunStore } from './store';
import { syntheticRun } from './test-support';

const start = Date.UTC(2025, 0, 1);
const project = () => mkdtempSync(join(tmpdir(), 'mw-runstore-faults-'));

describe('run store faults', () => {
  it('a corrupt database: coded error, project still opens, nothing deleted or rewritten', () => {
    const dir = project();
    mkdirSync(join(dir, 'runs'));
    const file = join(dir, 'runs/runs.sqlite');
    const garbage = Buffer.from('this is not SQLite '.repeat(500));
    writeFileSync(file, garbage);
    const store = RunStore.open(dir);
    expect(store.state.mode).toBe('unavailable');
    expect(store.state.problem?.code).toBe('MW_RUNSTORE_CORRUPT');
    expect(thrownCode(() => store.listRuns())).toBe('MW_RUNSTORE_CORRUPT');
    expect(thrownCode(() => store.beginRun(syntheticRun(0, start).begin))).toBe('MW_RUNSTORE_CORRUPT');
    store.close();
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('a database with a damaged index opens read-only: runs still listed, nothing rewritten', () => {
    const dir = project();
    const first = RunStore.open(dir);
    first.insertFinishedRuns(Array.from({ length: 200 }, (_, i) => syntheticRun(i, start)));
    first.close();
    const file = join(dir, 'runs/runs.sqlite');
    const db = new Database(file, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'runs_graph_hash'").get() as { rootpage: number };
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0xa5, (rootpage - 1) * pageSize + 8, rootpage * pageSize);
    writeFileSync(file, bytes);

    const store = RunStore.open(dir);
    expect(store.state.mode).toBe('read-only');
    expect(store.state.problem?.code).toBe('MW_RUNSTORE_CORRUPT');
    expect(store.listRuns().total).toBe(200);
    expect(thrownCode(() => store.setNotes('run-00000', 'x'))).toBe('MW_RUNSTORE_READ_ONLY');
    store.close();
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a locked database: MW_RUNSTORE_LOCKED instead of a hang', () => {
    const dir = project();
    RunStore.open(dir).close();
    const other = new Database(join(dir, 'runs/runs.sqlite'));
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const store = RunStore.open(dir, { busyTimeoutMs: 50 });
      expect(store.state.problem?.code).toBe('MW_RUNSTORE_LOCKED');
      expect(store.state.mode).not.toBe('read-write');
      store.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const after = RunStore.open(dir);
    expect(after.state.mode).toBe('read-write');
    after.close();
  });

  it('a database from a newer Modelwright opens read-only and still lists runs', () => {
    const dir = project();
    const first = RunStore.open(dir);
    first.insertFinishedRuns([syntheticRun(0, start)]);
    first.close();
    const db = new Database(join(dir, 'runs/runs.sqlite'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const store = RunStore.open(dir);
    expect(store.state).toMatchObject({ mode: 'read-only', problem: { code: 'MW_RUNSTORE_TOO_NEW' } });
    expect(store.listRuns().total).toBe(1);
    expect(thrownCode(() => store.setTags('run-00000', ['x']))).toBe('MW_RUNSTORE_READ_ONLY');
    store.close();
  });

  it('a run left running by a killed process is marked interrupted on the next open', () => {
    const dir = project();
    const storeModule = join(import.meta.dirname, 'store.ts');
    const supportModule = join(import.meta.dirname, 'test-support.ts');
    const script = `
      const { RunStore } = await import(${JSON.stringify(storeModule)});
      const { syntheticRun } = await import(${JSON.stringify(supportModule)});
      const store = RunStore.open(${JSON.stringify(dir)});
      store.insertFinishedRuns([syntheticRun(0, ${start})]);
      store.beginRun({ ...syntheticRun(1, ${start}).begin, id: 'killed-mid-run' });
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.signal, child.stderr).toBe('SIGKILL');

    const next = RunStore.open(dir);
    expect(next.state.interrupted).toEqual(['killed-mid-run']);
    // A run of a process that is still alive (this one) is left alone by the next open.
    next.beginRun({ ...syntheticRun(2, start).begin, id: 'still-running' });
    next.close();

    const store = RunStore.open(dir);
    expect(store.state.interrupted).toEqual([]);
    const run = store.getRun('killed-mid-run');
    expect(run.status).toBe('interrupted');
    expect(run.error?.code).toBe('MW_ENGINE_CRASHED');
    expect(run.endedAt).not.toBeNull();
    expect(store.getRun('still-running').status).toBe('running');
    expect(store.getRun('run-00000').status).toBe('succeeded');
    const integrity = (store as unknown as { db: Database.Database }).db.pragma('integrity_check', { simple: true });
    expect(integrity).toBe('ok');
    store.close();
  });
});
