import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { rejectedCode } from '../nodes/test-support';
import { createRunStoreApi } from './host-api';
import { runStoreHostMethods } from './schema';
import { syntheticRun } from './test-support';

describe('run store host API', () => {
  it('answers every method with a response its schema accepts', async () => {
    const projectPath = mkdtempSync(join(tmpdir(), 'mw-hostapi-'));
    const api = createRunStoreApi();
    try {
      api.store(projectPath).insertFinishedRuns([syntheticRun(0, Date.UTC(2025, 0, 1)), syntheticRun(1, Date.UTC(2025, 0, 1))]);
      const check = <M extends keyof typeof runStoreHostMethods>(method: M, response: unknown) => {
        const parsed = runStoreHostMethods[method].response.safeParse(response);
        expect(parsed.success, `${method}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      };
      const req = <M extends keyof typeof runStoreHostMethods>(method: M, value: unknown): z.infer<(typeof runStoreHostMethods)[M]['request']> => runStoreHostMethods[method].request.parse(value) as z.infer<(typeof runStoreHostMethods)[M]['request']>;
      check('runStoreState', await api.runStoreState(req('runStoreState', { projectPath })));
      check('listRuns', await api.listRuns(req('listRuns', { projectPath, query: { status: ['succeeded'] } })));
      check('getRun', await api.getRun(req('getRun', { projectPath, runId: 'run-00000' })));
      check('compareRuns', await api.compareRuns(req('compareRuns', { projectPath, runIds: ['run-00000', 'run-00001'] })));
      check('setRunNotes', await api.setRunNotes(req('setRunNotes', { projectPath, runId: 'run-00000', notes: 'hi' })));
      check('setRunTags', await api.setRunTags(req('setRunTags', { projectPath, runId: 'run-00000', tags: ['a'] })));
      check('restoreGraph', await api.restoreGraph(req('restoreGraph', { projectPath, runId: 'run-00000' })));
      check('getChampion', await api.getChampion(req('getChampion', { projectPath })));
      check('exportRunMlflow', await api.exportRunMlflow(req('exportRunMlflow', { projectPath, runId: 'run-00000' })));
      expect(await rejectedCode(api.promoteRun(req('promoteRun', { projectPath, runId: 'run-00000' })))).toBe('MW_RUN_NO_MODEL');
      expect(await rejectedCode(api.getRun(req('getRun', { projectPath, runId: 'nope' })))).toBe('MW_RUN_NOT_FOUND');
      expect(runStoreHostMethods.compareRuns.request.safeParse({ projectPath, runIds: ['one'] }).success).toBe(false);
    } finally {
      api.close();
    }
  });
});
