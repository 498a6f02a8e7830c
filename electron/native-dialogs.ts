/**
 * The host service with the desktop's native dialogs: `openProject({})` and `saveProjectAs` without a
 * name or path ask the user with the system's open/save dialogs, then call the service with the path
 * chosen. A closed dialog rejects with MW_DIALOG_CANCELLED (the renderer ignores it quietly).
 * Everything else passes straight through; `getInfo` says `nativeDialogs: true`.
 */
import { join } from 'node:path';
import { MwError } from '../engine/errors';
import type { HostCalls } from '../engine/host/contract';

/** The two questions the desktop asks; main answers them with Electron's `dialog` on the window. */
export interface ProjectDialogs {
  /** A project folder to open, or null if the user cancelled. */
  chooseProjectToOpen(defaultPath: string): Promise<string | null>;
  /** A new project folder to save into, or null if the user cancelled. */
  chooseSaveLocation(defaultPath: string): Promise<string | null>;
}

function cancelled(what: string): MwError {
  return new MwError('MW_DIALOG_CANCELLED', { message: `No ${what} was chosen.` });
}

export function withNativeDialogs(service: HostCalls, dialogs: ProjectDialogs, workspace: string): HostCalls {
  return {
    ...bindAll(service),
    async getInfo() {
      return { ...(await service.getInfo()), nativeDialogs: true };
    },
    async openProject(request) {
      if (request.path !== undefined) return service.openProject(request);
      const path = await dialogs.chooseProjectToOpen(workspace);
      if (path === null) throw cancelled('project to open');
      return service.openProject({ path });
    },
    async saveProjectAs(request) {
      if (request.name !== undefined || request.path !== undefined) return service.saveProjectAs(request);
      const path = await dialogs.chooseSaveLocation(join(workspace, request.graph.metadata.name === '' ? 'Untitled' : request.graph.metadata.name));
      if (path === null) throw cancelled('folder to save in');
      return service.saveProjectAs({ ...request, path });
    },
  };
}

/** The service's methods bound to it, so spreading them keeps `this` (HostCalls only, no extras). */
function bindAll(service: HostCalls): HostCalls {
  return {
    getInfo: () => service.getInfo(),
    run: (r) => service.run(r),
    cancel: (r) => service.cancel(r),
    inspectFile: (r) => service.inspectFile(r),
    beginImport: (r) => service.beginImport(r),
    importChunk: (r) => service.importChunk(r),
    finishImport: (r) => service.finishImport(r),
    abortImport: (r) => service.abortImport(r),
    importPath: (r) => service.importPath(r),
    newProject: (r) => service.newProject(r),
    openProject: (r) => service.openProject(r),
    saveProject: (r) => service.saveProject(r),
    saveProjectAs: (r) => service.saveProjectAs(r),
    listRecentProjects: () => service.listRecentProjects(),
    listProjects: () => service.listProjects(),
    autosave: (r) => service.autosave(r),
    checkRecovery: (r) => service.checkRecovery(r),
    restoreAutosave: (r) => service.restoreAutosave(r),
    discardAutosave: (r) => service.discardAutosave(r),
    listExamples: () => service.listExamples(),
    openExample: (r) => service.openExample(r),
    ask: (r) => service.ask(r),
    listQueries: (r) => service.listQueries(r),
    pinQuery: (r) => service.pinQuery(r),
    runStoreState: (r) => service.runStoreState(r),
    listRuns: (r) => service.listRuns(r),
    getRun: (r) => service.getRun(r),
    compareRuns: (r) => service.compareRuns(r),
    setRunNotes: (r) => service.setRunNotes(r),
    setRunTags: (r) => service.setRunTags(r),
    restoreGraph: (r) => service.restoreGraph(r),
    promoteRun: (r) => service.promoteRun(r),
    getChampion: (r) => service.getChampion(r),
    exportRunMlflow: (r) => service.exportRunMlflow(r),
    previewReport: (r) => service.previewReport(r),
    exportReport: (r) => service.exportReport(r),
  };
}
