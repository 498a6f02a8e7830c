import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MwError } from '../errors';
import { emptyGraph, type Graph } from '../graph/schema';
import { PROJECT_FILE } from '../project/project';
import type { RunEvent } from '../run/events';
import { createHostService, type HostService } from './service';

let root: string;
let workspace: string;
let service: HostService;
const irisCsv = new URL('../../examples/iris.csv', import.meta.url);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-service-'));
  workspace = join(root, 'workspace');
  const examples = join(root, 'examples');
  await mkdir(examples);
  await copyFile(irisCsv, join(examples, 'iris.csv'));
  const example: Graph = {
    ...emptyGraph('Iris classification'),
    metadata: { name: 'Iris classification', description: 'Which species?' },
    nodes: [
      { id: 'src', kind: 'csv-source', version: 1, params: { path: 'iris.csv' }, position: { x: 0, y: 0 } },
      { id: 'split', kind: 'split', version: 1, params: {}, position: { x: 200, y: 0 } },
    ],
    edges: [{ id: 'e1', from: { node: 'src', port: 'table' }, to: { node: 'split', port: 'table' } }],
  };
  await writeFile(join(examples, 'iris.json'), JSON.stringify(example));
  service = createHostService({ mode: 'browser', workspace, examplesDir: examples, version: '0.0.0-test', maxImportBytes: 1_000_000 });
});

afterAll(async () => {
  await service.close();
  await rm(root, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof MwError) return e.code;
    throw e;
  }
  return 'no error';
}

function graphNamed(name: string): Graph {
  return { ...emptyGraph(name), nodes: [{ id: 'n', kind: 'csv-source', version: 1, params: { path: 'data/x.csv' }, position: { x: 5, y: 6 } }] };
}

describe('host service: projects', () => {
  it('reports what it is', async () => {
    const info = await service.getInfo();
    expect(info).toMatchObject({ version: '0.0.0-test', mode: 'browser', workspace, nativeDialogs: false, maxImportBytes: 1_000_000 });
  });

  it('creates, saves, lists and reopens a project', async () => {
    const created = await service.newProject({ name: 'Houses' });
    expect(created.project.path).toBe(join(workspace, 'Houses'));
    expect(created.graph.nodes).toEqual([]);
    expect(created.recovery.available).toBe(false);
    const saved = await service.saveProject({ projectPath: created.project.path, graph: graphNamed('Houses') });
    expect(saved.hasAutosave).toBe(false);
    const reopened = await service.openProject({ path: created.project.path });
    expect(reopened.graph.nodes).toEqual(graphNamed('Houses').nodes);
    expect((await service.listProjects()).map((p) => p.name)).toContain('Houses');
    expect((await service.listRecentProjects())[0]?.path).toBe(created.project.path);
    // A second project of the same name gets its own folder.
    expect((await service.newProject({ name: 'Houses' })).project.path).toBe(join(workspace, 'Houses 2'));
  });

  it('refuses to save into a folder that is not a project, and names that escape the workspace', async () => {
    const stray = join(root, 'not-a-project');
    await mkdir(stray);
    expect(await codeOf(service.saveProject({ projectPath: stray, graph: emptyGraph() }))).toBe('MW_PROJECT_NOT_FOUND');
    expect(await readdir(stray)).toEqual([]);
    const sneaky = await service.newProject({ name: '../../escape' });
    expect(sneaky.project.path.startsWith(workspace)).toBe(true);
  });

  it('opens a corrupt project with MW_PROJECT_CORRUPT and overwrites nothing', async () => {
    const folder = join(workspace, 'Broken');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, PROJECT_FILE), '{ "format": "modelwright.graph", ');
    expect(await codeOf(service.openProject({ path: folder }))).toBe('MW_PROJECT_CORRUPT');
    expect(await readFile(join(folder, PROJECT_FILE), 'utf8')).toBe('{ "format": "modelwright.graph", ');
    expect(await codeOf(service.openProject({ path: join(workspace, 'Nope') }))).toBe('MW_PROJECT_NOT_FOUND');
    expect(await codeOf(service.openProject({}))).toBe('MW_IPC_BAD_PAYLOAD');
    // The broken project still lists, by folder name, so the user can see it.
    expect((await service.listProjects()).map((p) => p.name)).toContain('Broken');
  });

  it('autosaves, offers recovery on open, restores, and clears the backup on save or discard', async () => {
    const { project } = await service.newProject({ name: 'Crashy' });
    await service.autosave({ projectPath: project.path, graph: graphNamed('edited but not saved') });
    const reopened = await service.openProject({ path: project.path });
    expect(reopened.recovery.available).toBe(true);
    expect(reopened.project.hasAutosave).toBe(true);
    expect(reopened.graph.nodes).toEqual([]);
    const restored = await service.restoreAutosave({ projectPath: project.path });
    expect(restored.graph.metadata.name).toBe('edited but not saved');
    await service.saveProject({ projectPath: project.path, graph: restored.graph });
    expect((await service.checkRecovery({ projectPath: project.path })).available).toBe(false);
    await service.autosave({ projectPath: project.path, graph: graphNamed('again') });
    await service.discardAutosave({ projectPath: project.path });
    expect((await service.checkRecovery({ projectPath: project.path })).available).toBe(false);
    expect(await codeOf(service.restoreAutosave({ projectPath: project.path }))).toBe('MW_FILE_NOT_FOUND');
  });

  it('saves as a new project, copying the data folder along', async () => {
    const { project } = await service.newProject({ name: 'Original' });
    await writeFile(join(project.path, 'data', 'x.csv'), 'a\n1\n');
    const copy = await service.saveProjectAs({ fromPath: project.path, graph: graphNamed('whatever'), name: 'Copy' });
    expect(copy.name).toBe('Copy');
    expect(await readFile(join(copy.path, 'data', 'x.csv'), 'utf8')).toBe('a\n1\n');
    expect(await codeOf(service.saveProjectAs({ graph: emptyGraph() }))).toBe('MW_IPC_BAD_PAYLOAD');
  });
});

describe('host service: examples, data and runs', () => {
  it('lists examples and opens one as a ready-to-run project', async () => {
    expect(await service.listExamples()).toEqual([{ id: 'iris', title: 'Iris classification', description: 'Which species?' }]);
    const opened = await service.openExample({ id: 'iris' });
    expect(opened.graph.nodes[0]?.params).toEqual({ path: 'data/iris.csv' });
    const events: RunEvent[] = [];
    const finished = new Promise<RunEvent>((resolve) => {
      const off = service.onEvent((event) => {
        events.push(event);
        if (event.type === 'run-finished') {
          off();
          resolve(event);
        }
      });
    });
    const { runId } = await service.run({ graph: opened.graph, projectPath: opened.project.path });
    expect(await finished).toMatchObject({ runId, status: 'succeeded' });
    expect(events.filter((e) => e.type === 'step-finished')).toHaveLength(2);
  });

  it('imports a file in chunks into data/ and summarises it', async () => {
    const { project } = await service.newProject({ name: 'Upload' });
    const bytes = await readFile(irisCsv);
    const { importId } = await service.beginImport({ projectPath: project.path, fileName: 'iris.csv', size: bytes.byteLength });
    const chunk = 1000;
    const acks = [];
    for (let offset = 0; offset < bytes.byteLength; offset += chunk) {
      acks.push(service.importChunk({ importId, offset, data: bytes.subarray(offset, offset + chunk) }));
    }
    expect((await Promise.all(acks)).at(-1)?.received).toBe(bytes.byteLength);
    const summary = await service.finishImport({ importId });
    expect(summary.path).toBe('data/iris.csv');
    expect(summary.table?.rowCount).toBe(150);
    expect(summary.suggestedTargets[0]).toBe('species');
    expect(await readFile(join(project.path, 'data', 'iris.csv'))).toEqual(bytes);
    expect((await readdir(join(project.path, '.uploads'))).length).toBe(0);

    // The same name again does not overwrite the first file.
    const second = await service.beginImport({ projectPath: project.path, fileName: 'iris.csv', size: 4 });
    await service.importChunk({ importId: second.importId, offset: 0, data: new TextEncoder().encode('a\n1\n') });
    expect((await service.finishImport({ importId: second.importId })).path).toBe('data/iris-2.csv');
  });

  it('refuses bad imports with coded errors and leaves no temp files', async () => {
    const { project } = await service.newProject({ name: 'Bad uploads' });
    expect(await codeOf(service.beginImport({ projectPath: project.path, fileName: 'photo.png', size: 10 }))).toBe('MW_IMPORT_NOT_CSV');
    expect(await codeOf(service.beginImport({ projectPath: project.path, fileName: 'big.csv', size: 2_000_000 }))).toBe('MW_IMPORT_TOO_LARGE');
    const { importId } = await service.beginImport({ projectPath: project.path, fileName: 'x.csv', size: 10 });
    expect(await codeOf(service.importChunk({ importId, offset: 5, data: new Uint8Array(2) }))).toBe('MW_IPC_BAD_PAYLOAD');
    expect(await codeOf(service.importChunk({ importId, offset: 0, data: new Uint8Array(11) }))).toBe('MW_IPC_BAD_PAYLOAD');
    expect(await codeOf(service.finishImport({ importId }))).toBe('MW_IPC_BAD_PAYLOAD');
    await service.abortImport({ importId });
    expect(await readdir(join(project.path, '.uploads'))).toEqual([]);
    expect(await codeOf(service.importChunk({ importId, offset: 0, data: new Uint8Array(1) }))).toBe('MW_IPC_BAD_PAYLOAD');

    // An empty file is stored (the node shows the error), with the coded error in the summary.
    const empty = await service.beginImport({ projectPath: project.path, fileName: 'empty.csv', size: 0 });
    const summary = await service.finishImport({ importId: empty.importId });
    expect(summary.table).toBeNull();
    expect(summary.error?.code).toBe('MW_CSV_EMPTY');
  });

  it('imports by path (Electron), copied or in place', async () => {
    const { project } = await service.newProject({ name: 'By path' });
    const copied = await service.importPath({ projectPath: project.path, path: irisCsv.pathname, copy: true });
    expect(copied.path).toBe('data/iris.csv');
    const inPlace = await service.importPath({ projectPath: project.path, path: irisCsv.pathname, copy: false });
    expect(inPlace.path).toBe(irisCsv.pathname);
    expect(inPlace.sha256).toBe(copied.sha256);
    expect(await codeOf(service.importPath({ projectPath: project.path, path: '/etc/hostname.png', copy: true }))).toBe('MW_IMPORT_NOT_CSV');
    expect(await codeOf(service.inspectFile({ path: '/etc/passwd' }))).toBe('MW_IMPORT_NOT_CSV');
    expect((await service.inspectFile({ path: 'data/iris.csv', projectPath: project.path })).table?.rowCount).toBe(150);
  });
});
