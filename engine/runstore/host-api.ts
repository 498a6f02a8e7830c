/**
 * The run store as the host serves it to the renderer: one function per entry of `runStoreHostMethods`
 * (./schema.ts), each taking the validated request. Stores stay open per project folder (one SQLite
 * connection each) until `close()`. Host-side only (Node): the renderer reaches these through HostApi.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import { exportRunToMlflow } from '../mlops/mlflow';
import { RunStore, type OpenRunStoreOptions } from './store';
import type { runStoreHostMethods } from './schema';

type Methods = typeof runStoreHostMethods;
type Request<M extends keyof Methods> = z.infer<Methods[M]['request']>;
type Response<M extends keyof Methods> = z.infer<Methods[M]['response']>;
export type RunStoreApi = { [M in keyof Methods]: (request: Request<M>) => Promise<Response<M>> } & {
  /** The open store of a project (opened on first use), e.g. to hand to a run recorder. */
  store(projectPath: string): RunStore;
  /** Closes every store (app quit, project closed). */
  close(): void;
};

export function createRunStoreApi(options: OpenRunStoreOptions = {}): RunStoreApi {
  const stores = new Map<string, RunStore>();
  const store = (projectPath: string): RunStore => {
    let s = stores.get(projectPath);
    if (s === undefined) {
      s = RunStore.open(projectPath, options);
      stores.set(projectPath, s);
    }
    return s;
  };
  return {
    store,
    close() {
      for (const s of stores.values()) s.close();
      stores.clear();
    },
    runStoreState: async ({ projectPath }) => store(projectPath).state,
    listRuns: async ({ projectPath, query }) => store(projectPath).listRuns(query ?? {}),
    getRun: async ({ projectPath, runId }) => store(projectPath).getRun(runId),
    compareRuns: async ({ projectPath, runIds }) => store(projectPath).compareRuns(runIds),
    setRunNotes: async ({ projectPath, runId, notes }) => store(projectPath).setNotes(runId, notes),
    setRunTags: async ({ projectPath, runId, tags }) => store(projectPath).setTags(runId, tags),
    restoreGraph: async ({ projectPath, runId }) => store(projectPath).restoreGraph(runId),
    promoteRun: async ({ projectPath, runId, modelNode, note }) =>
      store(projectPath).promote(runId, { ...(modelNode === undefined ? {} : { modelNode }), ...(note === undefined ? {} : { note }) }),
    getChampion: async ({ projectPath }) => store(projectPath).championState(),
    exportRunMlflow: async ({ projectPath, runId, mlrunsDir }) =>
      exportRunToMlflow(store(projectPath).getRun(runId), { projectDir: projectPath, mlrunsDir: mlrunsDir ?? join(projectPath, 'mlruns') }),
  };
}
