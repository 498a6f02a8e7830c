/**
 * The Node implementation of HostApi, transport-agnostic: browser mode serves it over a WebSocket
 * (web-server.ts), Electron's main process will serve it over ipcMain (wrapping openProject/saveProjectAs
 * with native dialogs). Requests arrive already validated by the contract (dispatch.ts); this file
 * enforces what the schemas cannot: projects exist, names are safe, nothing is overwritten by accident.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, cp, mkdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MwError } from '../errors';
import { emptyGraph, type Graph } from '../graph/schema';
import { createProjectFromExample, listExamples } from '../project/examples';
import {
  DATA_DIR,
  isProject,
  listProjectFolders,
  projectFolder,
  readAutosave,
  readProject,
  removeAutosave,
  writeAutosave,
  writeProject,
  type ProjectSnapshot,
} from '../project/project';
import { createUniqueFolder, readRecent, safeName, touchRecent, uniqueFileName } from '../project/workspace';
import { MAX_CHUNK_BYTES, MAX_IMPORT_BYTES, type DataFileSummary, type HostApi, type OpenedProject, type ProjectRef } from './contract';
import { createEngineClient, type EngineClient, type EngineClientOptions } from './engine-client';
import { checkDataFileName, createUploadManager } from './uploads';
import { QUERY_MAX_CHARS } from '../query/intent';
import { pinQuery, readQueryHistory, recordQuery } from './query-history';
import { createRunStoreApi, type RunStoreApi } from '../runstore/host-api';
import type { ExportReportRequest, ExportReportResponse } from '../report/contract';

export interface HostServiceOptions {
  readonly mode: 'browser' | 'electron';
  /** Folder where projects are created and the recent list is kept. */
  readonly workspace: string;
  /** Folder holding the example graphs and their CSVs. */
  readonly examplesDir: string;
  readonly version: string;
  /** Largest accepted import, in bytes (default MAX_IMPORT_BYTES). */
  readonly maxImportBytes?: number;
  /** The engine; by default a worker thread is started. */
  readonly engine?: EngineClient;
  readonly engineOptions?: EngineClientOptions;
  /** The run stores the runs view reads (by default one per project, opened on first use). */
  readonly runStores?: RunStoreApi;
}

export interface HostService extends HostApi {
  /** Stops the engine worker and drops unfinished uploads. */
  close(): Promise<void>;
  readonly engine: EngineClient;
  /**
   * `exportReport` to a file anywhere: only for a path the user chose in a native save dialog (Electron's
   * main process), never one a page names (the page's `exportReport` writes inside the project only).
   */
  exportReportTo(request: ExportReportRequest, path: string): Promise<ExportReportResponse>;
}

export function createHostService(options: HostServiceOptions): HostService {
  const workspace = resolve(options.workspace);
  const maxImportBytes = options.maxImportBytes ?? MAX_IMPORT_BYTES;
  const engine = options.engine ?? createEngineClient(options.engineOptions);
  const uploads = createUploadManager(maxImportBytes);
  // The engine records runs (engine-serve.ts); the host reads the same database for the runs view.
  const runStores = options.runStores ?? createRunStoreApi();
  /** Writes that must not interleave (autosaves per project, the recent list) run one after another. */
  const queues = new Map<string, Promise<unknown>>();

  function serially<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (queues.get(key) ?? Promise.resolve()).then(task, task);
    const settled = result.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return result;
  }

  /** The project folder, which must hold a project file (no call writes into an arbitrary folder). */
  async function existingProject(path: string): Promise<string> {
    const folder = resolve(projectFolder(path));
    if (!(await isProject(folder))) throw new MwError('MW_PROJECT_NOT_FOUND', { message: `No Modelwright project was found at "${folder}".`, details: { path: folder } });
    return folder;
  }

  async function refFor(snapshot: ProjectSnapshot): Promise<ProjectRef> {
    return { path: snapshot.path, name: snapshot.graph.metadata.name, modified: snapshot.modified, hasAutosave: (await readAutosave(snapshot.path)) !== null };
  }

  async function remember(snapshot: ProjectSnapshot): Promise<void> {
    await serially('recent', () => touchRecent(workspace, { path: snapshot.path, name: snapshot.graph.metadata.name, openedAt: new Date().toISOString() }));
  }

  async function opened(snapshot: ProjectSnapshot): Promise<OpenedProject> {
    await remember(snapshot);
    const autosave = await readAutosave(snapshot.path);
    return {
      project: { path: snapshot.path, name: snapshot.graph.metadata.name, modified: snapshot.modified, hasAutosave: autosave !== null },
      graph: snapshot.graph,
      recovery: autosave === null ? { available: false } : { available: true, savedAt: autosave.savedAt },
    };
  }

  /** Paths inside the project are given back project-relative with `/`, as node params store them. */
  function nodePath(path: string, projectPath: string | undefined): string {
    if (projectPath === undefined || !isAbsolute(path)) return path;
    const inside = relative(projectPath, path);
    return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split(sep).join('/');
  }

  async function inspectIn(path: string, projectPath: string | undefined): Promise<DataFileSummary> {
    const summary = await engine.inspect({ path, baseDir: projectPath ?? workspace });
    return { ...summary, path: nodePath(path, projectPath) };
  }

  function withName(graph: Graph, name: string): Graph {
    return { ...graph, metadata: { ...graph.metadata, name } };
  }

  return {
    engine,

    async getInfo() {
      return {
        version: options.version,
        mode: options.mode,
        backend: engine.backend,
        workspace,
        nativeDialogs: false,
        maxImportBytes,
        maxChunkBytes: MAX_CHUNK_BYTES,
      };
    },

    async run(request) {
      const baseDir = request.projectPath === undefined ? workspace : await existingProject(request.projectPath);
      const runId = randomUUID();
      engine.startRun({ runId, graph: request.graph, baseDir, ...(request.upTo === undefined ? {} : { upTo: request.upTo }) });
      return { runId };
    },

    async cancel(request) {
      engine.cancel(request.runId);
    },

    onEvent(listener) {
      return engine.onEvent(listener);
    },

    async inspectFile(request) {
      // Only data files: the summary shows the first rows, so this must not become a way to read any file.
      checkDataFileName(request.path);
      const projectPath = request.projectPath === undefined ? undefined : await existingProject(request.projectPath);
      return inspectIn(request.path, projectPath);
    },

    async beginImport(request) {
      const projectPath = await existingProject(request.projectPath);
      return { importId: await uploads.begin(projectPath, request.fileName, request.size) };
    },

    async importChunk(request) {
      return { received: await uploads.chunk(request.importId, request.offset, request.data) };
    },

    async finishImport(request) {
      const { projectPath, path } = await uploads.finish(request.importId);
      return inspectIn(path, projectPath);
    },

    async abortImport(request) {
      await uploads.abort(request.importId);
    },

    async importPath(request) {
      const projectPath = await existingProject(request.projectPath);
      const source = resolve(request.path);
      checkDataFileName(source);
      const info = await stat(source).catch(() => undefined);
      if (info === undefined || !info.isFile()) throw new MwError('MW_FILE_NOT_FOUND', { message: `The file "${source}" was not found.`, details: { path: source } });
      if (info.size > maxImportBytes) throw new MwError('MW_IMPORT_TOO_LARGE', { details: { size: info.size, limit: maxImportBytes } });
      if (!request.copy) return inspectIn(source, projectPath);
      const dataDir = join(projectPath, DATA_DIR);
      await mkdir(dataDir, { recursive: true });
      const name = await uniqueFileName(dataDir, safeName(basename(source), 'data.csv'));
      await copyFile(source, join(dataDir, name));
      return inspectIn(join(dataDir, name), projectPath);
    },

    async newProject(request) {
      const folder = await createUniqueFolder(workspace, request.name);
      const snapshot = await writeProject(folder, { ...emptyGraph(safeName(request.name)), metadata: { name: safeName(request.name), created: new Date().toISOString() } });
      return opened(snapshot);
    },

    async openProject(request) {
      if (request.path === undefined) {
        throw new MwError('MW_IPC_BAD_PAYLOAD', { message: 'Browser mode has no open dialog: name the project folder to open.', location: { field: 'path' } });
      }
      return opened(await readProject(resolve(request.path)));
    },

    async saveProject(request) {
      const folder = await existingProject(request.projectPath);
      return serially(folder, async () => {
        const snapshot = await writeProject(folder, request.graph);
        await removeAutosave(folder);
        await remember(snapshot);
        return refFor(snapshot);
      });
    },

    async saveProjectAs(request) {
      let folder: string;
      let name: string;
      if (request.name !== undefined) {
        name = safeName(request.name);
        folder = await createUniqueFolder(workspace, name);
      } else if (request.path !== undefined) {
        folder = resolve(request.path);
        name = basename(folder);
        await mkdir(folder, { recursive: true });
      } else {
        throw new MwError('MW_IPC_BAD_PAYLOAD', { message: 'Save as needs a new project name.', location: { field: 'name' } });
      }
      if (request.fromPath !== undefined) {
        const from = await existingProject(request.fromPath);
        // Relative data paths keep working in the copy; existing files in the target are kept.
        await cp(join(from, DATA_DIR), join(folder, DATA_DIR), { recursive: true, force: false, errorOnExist: false }).catch((cause: NodeJS.ErrnoException) => {
          if (cause.code !== 'ENOENT') throw new MwError('MW_DISK_WRITE', { message: `Could not copy the data folder: ${cause.message}`, cause });
        });
      }
      const snapshot = await writeProject(folder, withName(request.graph, name));
      await remember(snapshot);
      return refFor(snapshot);
    },

    async listRecentProjects() {
      const recent = await readRecent(workspace);
      const alive = [];
      for (const entry of recent) {
        if (!(await isProject(entry.path))) continue;
        const snapshot = await readProject(entry.path).catch(() => undefined);
        alive.push({
          path: entry.path,
          name: snapshot?.graph.metadata.name ?? entry.name,
          ...(snapshot === undefined ? {} : { modified: snapshot.modified }),
          hasAutosave: (await readAutosave(entry.path)) !== null,
          openedAt: entry.openedAt,
        });
      }
      return alive;
    },

    async listProjects() {
      const refs: ProjectRef[] = [];
      for (const folder of await listProjectFolders(workspace)) {
        const snapshot = await readProject(folder).catch(() => undefined);
        refs.push(snapshot === undefined ? { path: folder, name: basename(folder), hasAutosave: (await readAutosave(folder)) !== null } : await refFor(snapshot));
      }
      return refs;
    },

    async autosave(request) {
      const folder = await existingProject(request.projectPath);
      const saved = await serially(folder, () => writeAutosave(folder, request.graph));
      return { savedAt: saved.savedAt };
    },

    async checkRecovery(request) {
      const autosave = await readAutosave(await existingProject(request.projectPath));
      return autosave === null ? { available: false } : { available: true, savedAt: autosave.savedAt };
    },

    async restoreAutosave(request) {
      const folder = await existingProject(request.projectPath);
      const autosave = await readAutosave(folder);
      if (autosave === null) throw new MwError('MW_FILE_NOT_FOUND', { message: 'There is no autosave to restore for this project.', details: { path: folder } });
      return { graph: autosave.graph, savedAt: autosave.savedAt };
    },

    async discardAutosave(request) {
      const folder = await existingProject(request.projectPath);
      await serially(folder, () => removeAutosave(folder));
    },

    async listExamples() {
      return (await listExamples(options.examplesDir)).map(({ id, title, description }) => ({ id, title, description }));
    },

    async openExample(request) {
      return opened(await createProjectFromExample(options.examplesDir, request.id, workspace));
    },

    async ask(request) {
      const projectPath = request.projectPath === undefined ? undefined : await existingProject(request.projectPath);
      const now = new Date();
      const result = await engine.ask({
        graph: request.graph,
        baseDir: projectPath ?? workspace,
        text: request.text,
        today: now.toISOString().slice(0, 10),
        ...(request.nodeId === undefined ? {} : { nodeId: request.nodeId }),
      });
      const text = request.text.trim();
      // Empty and over-long questions are answered (with a coded reading) but not kept.
      if (projectPath === undefined || request.record === false || text === '' || text.length > QUERY_MAX_CHARS) return result;
      const sentence = result.answer?.sentence ?? result.edit?.summary ?? result.error?.message ?? (result.intent.kind === 'not-understood' ? result.intent.message : undefined);
      const entry = await serially(`queries:${projectPath}`, () =>
        recordQuery(projectPath, {
          id: randomUUID(),
          text,
          askedAt: now.toISOString(),
          kind: result.intent.kind,
          reading: result.intent.reading.slice(0, 2000),
          ...(sentence === undefined ? {} : { sentence: sentence.slice(0, 2000) }),
          pinned: false,
        }),
      );
      return { ...result, entry };
    },

    async listQueries(request) {
      return readQueryHistory(await existingProject(request.projectPath));
    },

    async pinQuery(request) {
      const folder = await existingProject(request.projectPath);
      const { projectPath: _project, ...change } = request;
      return serially(`queries:${folder}`, () => pinQuery(folder, change));
    },

    async runStoreState(request) {
      return runStores.runStoreState({ projectPath: await existingProject(request.projectPath) });
    },

    async listRuns(request) {
      return runStores.listRuns({ ...request, projectPath: await existingProject(request.projectPath) });
    },

    async getRun(request) {
      return runStores.getRun({ ...request, projectPath: await existingProject(request.projectPath) });
    },

    async compareRuns(request) {
      return runStores.compareRuns({ ...request, projectPath: await existingProject(request.projectPath) });
    },

    async setRunNotes(request) {
      await runStores.setRunNotes({ ...request, projectPath: await existingProject(request.projectPath) });
    },

    async setRunTags(request) {
      await runStores.setRunTags({ ...request, projectPath: await existingProject(request.projectPath) });
    },

    async restoreGraph(request) {
      return runStores.restoreGraph({ ...request, projectPath: await existingProject(request.projectPath) });
    },

    async promoteRun(request) {
      const projectPath = await existingProject(request.projectPath);
      return serially(`runs:${projectPath}`, () => runStores.promoteRun({ ...request, projectPath }));
    },

    async getChampion(request) {
      return runStores.getChampion({ projectPath: await existingProject(request.projectPath) });
    },

    async exportRunMlflow(request) {
      const projectPath = await existingProject(request.projectPath);
      // The export writes files: only inside the project (default <project>/mlruns), never anywhere a page names.
      const mlrunsDir = resolve(projectPath, request.mlrunsDir ?? 'mlruns');
      const inside = relative(projectPath, mlrunsDir);
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
        throw new MwError('MW_IPC_BAD_PAYLOAD', { message: 'MLflow exports are written inside the project folder.', location: { field: 'mlrunsDir' } });
      }
      return runStores.exportRunMlflow({ projectPath, runId: request.runId, mlrunsDir });
    },

    async previewReport(request) {
      const baseDir = request.projectPath === undefined ? workspace : await existingProject(request.projectPath);
      return engine.previewReport({ runId: randomUUID(), graph: request.graph, baseDir, ...(request.nodeId === undefined ? {} : { nodeId: request.nodeId }) });
    },

    async exportReport(request) {
      if (request.projectPath === undefined) {
        throw new MwError('MW_IPC_BAD_PAYLOAD', { message: 'Exporting a report needs a project: save the graph as a project first.', location: { field: 'projectPath' } });
      }
      const projectPath = await existingProject(request.projectPath);
      // The export writes files: inside the project (default <project>/reports/), never anywhere a page names.
      let path: string | undefined;
      if (request.path !== undefined) {
        path = resolve(projectPath, request.path);
        const inside = relative(projectPath, path);
        if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
          throw new MwError('MW_IPC_BAD_PAYLOAD', { message: 'Reports are written inside the project folder.', location: { field: 'path' } });
        }
      }
      return engine.exportReport({
        runId: randomUUID(),
        graph: request.graph,
        baseDir: projectPath,
        projectPath,
        format: request.format,
        ...(path === undefined ? {} : { path }),
        ...(request.nodeId === undefined ? {} : { nodeId: request.nodeId }),
      });
    },

    async exportReportTo(request, path) {
      const projectPath = request.projectPath === undefined ? undefined : await existingProject(request.projectPath);
      return engine.exportReport({
        runId: randomUUID(),
        graph: request.graph,
        baseDir: projectPath ?? workspace,
        format: request.format,
        path: resolve(path),
        ...(projectPath === undefined ? {} : { projectPath }),
        ...(request.nodeId === undefined ? {} : { nodeId: request.nodeId }),
      });
    },

    async close() {
      runStores.close();
      await uploads.closeAll();
      await engine.close();
    },
  };
}
