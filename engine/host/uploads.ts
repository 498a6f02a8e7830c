/**
 * Streamed uploads into a project's `data/` folder (browser mode's drag-and-drop). Each chunk is written
 * to a temp file as it arrives, so memory stays bounded whatever the file size; on finish the temp file
 * is moved into `data/` under a name that does not overwrite anything.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { MwError } from '../errors';
import { DATA_DIR } from '../project/project';
import { safeName, uniqueFileName } from '../project/workspace';

/** Extensions accepted as data: the CSV reader detects comma, semicolon, tab and bar separators. */
export const DATA_FILE_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;
const UPLOADS_DIR = '.uploads';
/** Uploads left behind by a crash are removed after this long. */
const STALE_MS = 60 * 60 * 1000;
const MAX_OPEN_UPLOADS = 8;

export function checkDataFileName(name: string): void {
  if (!(DATA_FILE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase())) {
    throw new MwError('MW_IMPORT_NOT_CSV', { message: `"${name}" is not a CSV file.`, details: { fileName: name } });
  }
}

interface Upload {
  readonly id: string;
  readonly projectPath: string;
  readonly fileName: string;
  readonly size: number;
  readonly tempPath: string;
  readonly handle: FileHandle;
  received: number;
  /** Chunks are written one after another, in the order they arrived. */
  queue: Promise<unknown>;
  failed: MwError | null;
}

export interface UploadManager {
  begin(projectPath: string, fileName: string, size: number): Promise<string>;
  chunk(id: string, offset: number, data: Uint8Array): Promise<number>;
  /** Moves the finished file into data/; returns the project and the file's project-relative path (`data/<name>`). */
  finish(id: string): Promise<{ readonly projectPath: string; readonly path: string }>;
  abort(id: string): Promise<void>;
  closeAll(): Promise<void>;
}

export function createUploadManager(maxBytes: number): UploadManager {
  const uploads = new Map<string, Upload>();

  function get(id: string): Upload {
    const upload = uploads.get(id);
    if (upload === undefined) throw new MwError('MW_IPC_BAD_PAYLOAD', { message: `There is no upload "${id.slice(0, 100)}" in progress.`, location: { field: 'importId' } });
    return upload;
  }

  async function drop(upload: Upload): Promise<void> {
    uploads.delete(upload.id);
    await upload.handle.close().catch(() => undefined);
    await rm(upload.tempPath, { force: true });
  }

  async function removeStale(dir: string): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const now = Date.now();
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info !== undefined && now - info.mtimeMs > STALE_MS && ![...uploads.values()].some((u) => u.tempPath === path)) await rm(path, { force: true });
    }
  }

  return {
    async begin(projectPath, fileName, size) {
      checkDataFileName(fileName);
      if (size > maxBytes) {
        throw new MwError('MW_IMPORT_TOO_LARGE', { message: `"${fileName}" is ${size} bytes; the import limit is ${maxBytes} bytes.`, details: { size, limit: maxBytes } });
      }
      if (uploads.size >= MAX_OPEN_UPLOADS) throw new MwError('MW_RUN_BUSY', { message: 'Too many files are being imported at once.', hint: 'Wait for the current imports to finish.' });
      const dir = join(projectPath, UPLOADS_DIR);
      await mkdir(dir, { recursive: true });
      await removeStale(dir);
      const id = randomUUID();
      const tempPath = join(dir, `${id}.part`);
      const handle = await open(tempPath, 'wx');
      uploads.set(id, { id, projectPath, fileName, size, tempPath, handle, received: 0, queue: Promise.resolve(), failed: null });
      return id;
    },

    chunk(id, offset, data) {
      const upload = get(id);
      const write = async (): Promise<number> => {
        if (upload.failed !== null) throw upload.failed;
        if (offset !== upload.received) {
          throw new MwError('MW_IPC_BAD_PAYLOAD', { message: `Chunk at byte ${offset} arrived, expected byte ${upload.received}.`, location: { field: 'offset' } });
        }
        if (upload.received + data.byteLength > upload.size) {
          throw new MwError('MW_IPC_BAD_PAYLOAD', { message: `The upload is larger than the announced ${upload.size} bytes.`, location: { field: 'data' } });
        }
        try {
          await upload.handle.write(data, 0, data.byteLength, offset);
        } catch (cause) {
          upload.failed = new MwError('MW_DISK_WRITE', { message: `Could not write the upload: ${(cause as Error).message}`, cause });
          throw upload.failed;
        }
        upload.received += data.byteLength;
        return upload.received;
      };
      const result = upload.queue.then(write, write);
      upload.queue = result.catch(() => undefined);
      return result;
    },

    async finish(id) {
      const upload = get(id);
      await upload.queue;
      if (upload.failed !== null) throw upload.failed;
      if (upload.received !== upload.size) {
        throw new MwError('MW_IPC_BAD_PAYLOAD', { message: `The upload has ${upload.received} of ${upload.size} bytes.`, location: { field: 'importId' } });
      }
      uploads.delete(id);
      try {
        await upload.handle.sync();
        await upload.handle.close();
        const dataDir = join(upload.projectPath, DATA_DIR);
        await mkdir(dataDir, { recursive: true });
        const name = await uniqueFileName(dataDir, safeName(upload.fileName, 'data.csv'));
        await rename(upload.tempPath, join(dataDir, name));
        return { projectPath: upload.projectPath, path: `${DATA_DIR}/${name}` };
      } catch (cause) {
        await rm(upload.tempPath, { force: true });
        throw new MwError('MW_DISK_WRITE', { message: `Could not store "${upload.fileName}": ${(cause as Error).message}`, cause });
      }
    },

    async abort(id) {
      const upload = uploads.get(id);
      if (upload !== undefined) await drop(upload);
    },

    async closeAll() {
      await Promise.all([...uploads.values()].map(drop));
    },
  };
}
