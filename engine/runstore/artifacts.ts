/**
 * Writing a run's artifacts under runs/<id>/. The writer is an injected effect so tests can make it fail
 * the way a full disk does (ENOSPC) and check that the run is marked failed with the database consistent.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { MwError } from '../errors';

export interface ArtifactWriter {
  mkdirp(path: string): Promise<void>;
  /** Writes the whole file or nothing (temp file + rename), from a string, bytes or chunks. */
  writeFile(path: string, data: string | Uint8Array | Iterable<string>): Promise<void>;
  /** Removes a file or folder (best effort: used to clean up after a failed write). */
  remove(path: string): Promise<void>;
}

export const nodeArtifactWriter: ArtifactWriter = {
  async mkdirp(path) {
    await mkdir(path, { recursive: true });
  },
  async writeFile(path, data) {
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temp, 'w');
      try {
        if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
        else for (const chunk of data) await handle.write(chunk);
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (thrown) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw thrown;
    }
  },
  async remove(path) {
    await rm(path, { recursive: true, force: true });
  },
};

/** A coded MW_DISK_WRITE error for a failed artifact write, keeping the system code (ENOSPC, EACCES…). */
export function diskWriteError(path: string, thrown: unknown): MwError {
  if (thrown instanceof MwError) return thrown;
  const code = typeof thrown === 'object' && thrown !== null && 'code' in thrown ? String(thrown.code) : 'unknown';
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : thrown instanceof Error ? thrown.message : String(thrown);
  return new MwError('MW_DISK_WRITE', { message: `The run's file "${path}" could not be written: ${why}.`, details: { path, code }, cause: thrown });
}
