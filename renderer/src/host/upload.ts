/**
 * Streams a dropped file to the host in chunks (beginImport → importChunk… → finishImport), a few chunks
 * in flight, reading one slice of the file at a time: a 100 MB file never sits in memory whole.
 */
import type { DataFileSummary, HostApi } from '../../../engine/host/contract';

export interface UploadProgress {
  readonly sent: number;
  readonly total: number;
}

/** The part of a DOM File this needs. */
export interface UploadSource {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export interface UploadOptions {
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
  /** Bytes per chunk (default 1 MiB, capped by the host's limit). */
  readonly chunkBytes?: number;
  /** Chunks sent before waiting for the host's acknowledgement. */
  readonly inFlight?: number;
}

export async function uploadFile(host: HostApi, projectPath: string, file: UploadSource, options: UploadOptions = {}): Promise<DataFileSummary> {
  const chunkBytes = Math.max(1, options.chunkBytes ?? 1024 * 1024);
  const inFlight = Math.max(1, options.inFlight ?? 4);
  const { importId } = await host.beginImport({ projectPath, fileName: file.name, size: file.size });
  try {
    const acks: Promise<unknown>[] = [];
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      if (options.signal?.aborted === true) throw options.signal.reason ?? new Error('Upload cancelled.');
      const end = Math.min(file.size, offset + chunkBytes);
      const data = new Uint8Array(await file.slice(offset, end).arrayBuffer());
      acks.push(
        host.importChunk({ importId, offset, data }).then(({ received }) => options.onProgress?.({ sent: received, total: file.size })),
      );
      if (acks.length >= inFlight) await acks.shift();
    }
    await Promise.all(acks);
    return await host.finishImport({ importId });
  } catch (error) {
    await host.abortImport({ importId }).catch(() => undefined);
    throw error;
  }
}
