import { describe, expect, it } from 'vitest';
import { emptyGraph } from '../engine/graph/schema';
import { hostMethodNames, type HostCalls } from '../engine/host/contract';
import { withNativeDialogs, type ProjectDialogs } from './native-dialogs';

function fakeService() {
  const calls: { method: string; request: unknown }[] = [];
  const service = Object.fromEntries(
    hostMethodNames.map((method) => [
      method,
      async (request?: unknown) => {
        calls.push({ method, request });
        return method === 'getInfo' ? { version: '1', mode: 'electron', backend: null, workspace: '/w', nativeDialogs: false, maxImportBytes: 1, maxChunkBytes: 1 } : { method };
      },
    ]),
  ) as unknown as HostCalls;
  return { service, calls };
}

function dialogs(answer: string | null): ProjectDialogs & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async chooseProjectToOpen(defaultPath) {
      asked.push(`open ${defaultPath}`);
      return answer;
    },
    async chooseSaveLocation(defaultPath) {
      asked.push(`save ${defaultPath}`);
      return answer;
    },
  };
}

describe('native dialogs', () => {
  it('says so in getInfo', async () => {
    const { service } = fakeService();
    expect((await withNativeDialogs(service, dialogs(null), '/w').getInfo()).nativeDialogs).toBe(true);
  });

  it('asks for the project to open when no path is given, then opens it', async () => {
    const { service, calls } = fakeService();
    const ask = dialogs('/w/Houses');
    await withNativeDialogs(service, ask, '/w').openProject({});
    expect(ask.asked).toEqual(['open /w']);
    expect(calls).toEqual([{ method: 'openProject', request: { path: '/w/Houses' } }]);
  });

  it('asks where to save when Save As has neither name nor path', async () => {
    const { service, calls } = fakeService();
    const ask = dialogs('/w/Houses copy');
    const graph = emptyGraph('Houses');
    await withNativeDialogs(service, ask, '/w').saveProjectAs({ graph, fromPath: '/w/Houses' });
    expect(ask.asked).toEqual(['save /w/Houses']);
    expect(calls).toEqual([{ method: 'saveProjectAs', request: { graph, fromPath: '/w/Houses', path: '/w/Houses copy' } }]);
  });

  it('does not ask when the request names the target, and passes everything else through', async () => {
    const { service, calls } = fakeService();
    const ask = dialogs('/never');
    const api = withNativeDialogs(service, ask, '/w');
    await api.openProject({ path: '/w/A' });
    await api.saveProjectAs({ graph: emptyGraph(), name: 'B' });
    await api.listRecentProjects();
    expect(ask.asked).toEqual([]);
    expect(calls.map((call) => call.method)).toEqual(['openProject', 'saveProjectAs', 'listRecentProjects']);
  });

  it('rejects with MW_DIALOG_CANCELLED when the dialog is closed, without calling the service', async () => {
    const { service, calls } = fakeService();
    const api = withNativeDialogs(service, dialogs(null), '/w');
    await expect(api.openProject({})).rejects.toMatchObject({ code: 'MW_DIALOG_CANCELLED' });
    await expect(api.saveProjectAs({ graph: emptyGraph() })).rejects.toMatchObject({ code: 'MW_DIALOG_CANCELLED' });
    expect(calls).toEqual([]);
  });
});
