/**
 * Dropping or choosing a CSV: a CSV Source node appears at the drop point at once, the file streams to
 * the host in chunks (progress on the node), lands in the project's data/ folder, and its schema and
 * suggested target show in the results panel. In the desktop app a file from the OS file manager is
 * read where it is (importPath) instead. Bad files are refused with coded errors.
 */
import type { ErrorInfo } from '../../../engine/errors';
import { specForKind } from '../../../engine/nodes/specs';
import { desktopHost, getHost, uploadFile } from '../host';
import type { XY } from '../graph/types';
import { fileFieldKey } from '../inspector/form-model';
import { useStore } from '../store';
import { codedError, errorInfoOf } from './errors';

/** The node kind a dropped data file becomes. */
export const DATA_SOURCE_KIND = 'csv-source';
const CSV_NAME = /\.(csv|tsv|txt)$/i;
/** Chunk size for uploads: big enough to be quick, small enough for a smooth progress bar. */
const CHUNK_BYTES = 1024 * 1024;

function sourceFileKey(): string {
  const spec = specForKind(DATA_SOURCE_KIND);
  const key = spec === undefined ? undefined : fileFieldKey(spec.params);
  if (key === undefined) throw new Error(`Node kind "${DATA_SOURCE_KIND}" has no data-file parameter (.meta({ file: true })).`);
  return key;
}

/** Why a file cannot be imported, before anything is sent; null when it may be. */
export function refuseFile(file: { name: string; size: number }, maxBytes: number): ErrorInfo | null {
  if (!CSV_NAME.test(file.name)) return codedError('MW_IMPORT_NOT_CSV', `"${file.name}" is not a CSV file.`);
  if (file.size > maxBytes) return codedError('MW_IMPORT_TOO_LARGE', `"${file.name}" is ${(file.size / 1e6).toFixed(0)} MB; the limit is ${(maxBytes / 1e6).toFixed(0)} MB.`);
  return null;
}

/** Imports dropped files; each becomes a CSV Source node (placed 40 px apart from `at`). */
export async function importDroppedFiles(files: readonly File[], at: XY): Promise<void> {
  let offset = 0;
  for (const file of files) {
    const { ui, project, graph } = useStore.getState();
    if (project.current === null) {
      ui.toast('error', 'Open or create a project first.', 'Imported files are kept in the project\'s data folder.');
      return;
    }
    const refused = refuseFile(file, project.info?.maxImportBytes ?? Number.MAX_SAFE_INTEGER);
    if (refused !== null) {
      ui.toast('error', refused.message, refused.hint);
      continue;
    }
    const coalesceKey = `import:${Date.now()}:${offset}`;
    const nodeId = graph.addNode(DATA_SOURCE_KIND, { x: at.x + offset, y: at.y + offset }, {}, coalesceKey);
    offset += 40;
    if (nodeId === undefined) {
      ui.toast('error', `The "${DATA_SOURCE_KIND}" node kind is not available.`);
      return;
    }
    await importInto(nodeId, file, coalesceKey);
  }
}

/** Streams one file into the project (or, in the desktop app, reads it in place) and points the node's file parameter at it. */
export async function importInto(nodeId: string, file: File, coalesceKey?: string): Promise<void> {
  const host = getHost();
  const store = useStore.getState();
  const current = store.project.current;
  if (current === null) return;
  const refused = refuseFile(file, store.project.info?.maxImportBytes ?? Number.MAX_SAFE_INTEGER);
  if (refused !== null) {
    store.ui.toast('error', refused.message, refused.hint);
    return;
  }
  const progress = (fraction: number, phase: 'uploading' | 'reading' | 'done' | 'failed', error?: ErrorInfo) =>
    useStore.getState().ui.setImport({ nodeId, fileName: file.name, fraction, phase, ...(error === undefined ? {} : { error }) });
  // The desktop app knows where a file dropped from the OS lives: read it there instead of uploading a copy.
  const localPath = desktopHost()?.getPathForFile(file) ?? '';
  progress(0, localPath === '' ? 'uploading' : 'reading');
  try {
    const summary = localPath !== ''
      ? await host.importPath({ projectPath: current.path, path: localPath, copy: false })
      : await uploadFile(host, current.path, file, {
        chunkBytes: Math.min(CHUNK_BYTES, store.project.info?.maxChunkBytes ?? CHUNK_BYTES),
        onProgress: ({ sent, total }) => progress(total === 0 ? 1 : sent / total, sent >= total ? 'reading' : 'uploading'),
      });
    const after = useStore.getState();
    after.project.setFile(summary);
    after.graph.setParams(nodeId, { [sourceFileKey()]: summary.path }, coalesceKey);
    after.graph.endCoalescing();
    after.graph.select([nodeId]);
    after.ui.setResultsTab('data');
    if (summary.error !== null) {
      progress(1, 'failed', summary.error);
      after.ui.toast('error', summary.error.message, summary.error.hint);
    } else {
      after.ui.clearImport(nodeId);
    }
  } catch (thrown) {
    const error = errorInfoOf(thrown);
    progress(0, 'failed', error);
    useStore.getState().ui.toast('error', error.message, error.hint);
  }
}
