import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MwError } from '../errors';
import { emptyGraph, type Graph } from '../graph/schema';
import { createProjectFromExample, listExamples } from './examples';
import { AUTOSAVE_FILE, PROJECT_FILE, listProjectFolders, readAutosave, readProject, removeAutosave, writeAutosave, writeProject } from './project';
import { createUniqueFolder, defaultWorkspace, readRecent, safeName, touchRecent, uniqueFileName, RECENT_LIMIT } from './workspace';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-project-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function graphWith(name: string): Graph {
  return {
    ...emptyGraph(name),
    nodes: [{ id: 'a', kind: 'csvSource', version: 1, params: { path: 'data/x.csv' }, position: { x: 1, y: 2 } }],
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof MwError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('project files', () => {
  it('writes atomically and reads back the same graph, with data/ created', async () => {
    const folder = join(dir, 'p');
    await writeProject(folder, graphWith('Houses'));
    const read = await readProject(folder);
    expect(read.graph.nodes).toEqual(graphWith('Houses').nodes);
    expect(read.graph.metadata.name).toBe('Houses');
    expect(await readdir(folder)).toEqual(expect.arrayContaining(['data', PROJECT_FILE]));
    expect((await readdir(folder)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // Opening by the project file's path works too.
    expect((await readProject(join(folder, PROJECT_FILE))).path).toBe(folder);
  });

  it('refuses a corrupt project file with MW_PROJECT_CORRUPT and leaves it untouched', async () => {
    const folder = join(dir, 'broken');
    await mkdir(folder);
    const bad = '{"format": "modelwright.graph", "version": 1, "nodes": [';
    await writeFile(join(folder, PROJECT_FILE), bad);
    expect(await codeOf(readProject(folder))).toBe('MW_PROJECT_CORRUPT');
    await writeFile(join(folder, PROJECT_FILE), JSON.stringify({ format: 'modelwright.graph', version: 1, metadata: {}, nodes: 'x', edges: [] }));
    expect(await codeOf(readProject(folder))).toBe('MW_PROJECT_CORRUPT');
    await writeFile(join(folder, PROJECT_FILE), bad);
    await codeOf(readProject(folder));
    expect(await readFile(join(folder, PROJECT_FILE), 'utf8')).toBe(bad);
  });

  it('keeps MW_GRAPH_TOO_NEW and reports missing projects as MW_PROJECT_NOT_FOUND', async () => {
    const folder = join(dir, 'new');
    await mkdir(folder);
    await writeFile(join(folder, PROJECT_FILE), JSON.stringify({ ...emptyGraph(), version: 99 }));
    expect(await codeOf(readProject(folder))).toBe('MW_GRAPH_TOO_NEW');
    expect(await codeOf(readProject(join(dir, 'nothing-here')))).toBe('MW_PROJECT_NOT_FOUND');
  });

  it('autosaves, reads back, and removes the backup; a damaged backup is not offered', async () => {
    const folder = join(dir, 'p');
    await writeProject(folder, graphWith('A'));
    expect(await readAutosave(folder)).toBeNull();
    const saved = await writeAutosave(folder, graphWith('edited'), undefined, () => new Date('2024-01-02T03:04:05Z'));
    expect(saved.savedAt).toBe('2024-01-02T03:04:05.000Z');
    expect((await readAutosave(folder))?.graph.metadata.name).toBe('edited');
    await writeFile(join(folder, AUTOSAVE_FILE), '{"format":"modelwright.autosave","savedAt":"x","graph":{');
    expect(await readAutosave(folder)).toBeNull();
    await removeAutosave(folder);
    await removeAutosave(folder);
    expect(await readdir(folder)).not.toContain(AUTOSAVE_FILE);
  });

  it('lists only folders holding a project file', async () => {
    await writeProject(join(dir, 'b'), graphWith('B'));
    await writeProject(join(dir, 'a'), graphWith('A'));
    await mkdir(join(dir, 'not-a-project'));
    await writeProject(join(dir, '.hidden'), graphWith('H'));
    expect(await listProjectFolders(dir)).toEqual([join(dir, 'a'), join(dir, 'b')]);
    expect(await listProjectFolders(join(dir, 'missing'))).toEqual([]);
  });
});

describe('workspace', () => {
  it('defaults to ~/Modelwright unless MODELWRIGHT_HOME is set', () => {
    expect(defaultWorkspace({})).toMatch(/Modelwright$/);
    expect(defaultWorkspace({ MODELWRIGHT_HOME: '/tmp/x' })).toBe('/tmp/x');
  });

  it('makes names safe: no separators, dots, control characters or device names', () => {
    expect(safeName('../../etc/passwd')).toBe('etc passwd');
    expect(safeName('a\\b:c*?"<>|\u0000d')).toBe('a b c d');
    expect(safeName('...')).toBe('Untitled');
    expect(safeName('CON')).toBe('Untitled');
    expect(safeName('  Houses 2024.  ')).toBe('Houses 2024');
    expect(safeName('x'.repeat(300))).toHaveLength(100);
  });

  it('never reuses a folder or file name', async () => {
    const first = await createUniqueFolder(dir, 'Houses');
    const second = await createUniqueFolder(dir, 'Houses');
    expect(first).toBe(join(dir, 'Houses'));
    expect(second).toBe(join(dir, 'Houses 2'));
    await writeFile(join(dir, 'houses.csv'), '');
    expect(await uniqueFileName(dir, 'houses.csv')).toBe('houses-2.csv');
    expect(await uniqueFileName(dir, 'other.csv')).toBe('other.csv');
  });

  it('keeps a bounded, de-duplicated recent list, most recent first', async () => {
    expect(await readRecent(dir)).toEqual([]);
    for (let i = 0; i < RECENT_LIMIT + 5; i++) await touchRecent(dir, { path: `/p/${i}`, name: `P${i}`, openedAt: `t${i}` });
    await touchRecent(dir, { path: '/p/3', name: 'P3', openedAt: 'later' });
    const list = await readRecent(dir);
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]).toEqual({ path: '/p/3', name: 'P3', openedAt: 'later' });
    expect(list.filter((e) => e.path === '/p/3')).toHaveLength(1);
    await writeFile(join(dir, '.modelwright', 'recent.json'), 'garbage');
    expect(await readRecent(dir)).toEqual([]);
  });
});

describe('examples', () => {
  it('copies an example graph and its CSVs into a new project, pointing params at data/', async () => {
    const examples = join(dir, 'examples');
    await mkdir(examples);
    await writeFile(join(examples, 'iris.csv'), 'a,b\n1,2\n');
    await writeFile(join(examples, 'notes.json'), '{"not": "a graph"}');
    const graph: Graph = {
      ...emptyGraph('Iris classification'),
      metadata: { name: 'Iris classification', description: 'Classify species.' },
      nodes: [
        { id: 's', kind: 'csvSource', version: 1, params: { path: 'iris.csv', other: 3 }, position: { x: 0, y: 0 } },
        { id: 't', kind: 'csvSource', version: 1, params: { path: '../outside.csv' }, position: { x: 0, y: 0 } },
      ],
    };
    await writeFile(join(examples, 'iris.json'), JSON.stringify(graph));
    expect(await listExamples(examples)).toEqual([{ id: 'iris', title: 'Iris classification', description: 'Classify species.', file: join(examples, 'iris.json') }]);

    const workspace = join(dir, 'ws');
    const project = await createProjectFromExample(examples, 'iris', workspace);
    expect(project.path).toBe(join(workspace, 'Iris classification'));
    expect(project.graph.nodes[0]?.params).toEqual({ path: 'data/iris.csv', other: 3 });
    expect(project.graph.nodes[1]?.params).toEqual({ path: '../outside.csv' });
    expect(await readFile(join(project.path, 'data', 'iris.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect((await createProjectFromExample(examples, 'iris', workspace)).path).toBe(join(workspace, 'Iris classification 2'));
    expect(await codeOf(createProjectFromExample(examples, 'nope', workspace))).toBe('MW_PROJECT_NOT_FOUND');
  });
});
