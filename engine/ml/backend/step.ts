/**
 * The backend as the nodes use it: selected once per process (see ./select), honouring the app setting
 * passed by the host in `runInfo.backendChoice` and MODELWRIGHT_BACKEND, and reported in the run's events
 * (a log line, once per run) and `runInfo.backend` (for the run store and the model metadata).
 */
import type { ExecContext } from '../../run/context';
import { backendChoiceSchema, describeBackend, type BackendInfo } from './info';
import { ensureBackend } from './select';

/** runInfo key of the backend setting (`auto`, `node-gpu`, `node`, `wasm` or `cpu`). */
export const BACKEND_SETTING_KEY = 'backendChoice';
/** runInfo key where the chosen backend (BackendInfo) is recorded. */
export const BACKEND_INFO_KEY = 'backend';

export async function backendForStep(ctx: ExecContext): Promise<BackendInfo> {
  const setting = backendChoiceSchema.safeParse(ctx.runInfo[BACKEND_SETTING_KEY]);
  const info = await ensureBackend(setting.success ? { choice: setting.data } : {});
  // Logged once per run (by the first model node), not by every node that uses it.
  if (ctx.runInfo[BACKEND_INFO_KEY] !== info) ctx.emit({ type: 'log', level: 'info', message: describeBackend(info) });
  ctx.runInfo[BACKEND_INFO_KEY] = info;
  return info;
}
