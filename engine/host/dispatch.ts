/**
 * The one generic dispatcher every transport uses (the WebSocket here, ipcMain in Electron): checks the
 * method name, validates the request with the contract, calls the implementation, validates the response,
 * and turns anything thrown into an ErrorInfo. No handler ever sees an unvalidated payload.
 */
import { MwError, toErrorInfo, type ErrorInfo } from '../errors';
import { isHostMethod, parseRequest, parseResponse, type HostCalls } from './contract';

export type DispatchResult = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: ErrorInfo };

export async function dispatch(api: HostCalls, method: unknown, params: unknown): Promise<DispatchResult> {
  if (!isHostMethod(method)) {
    const name = typeof method === 'string' ? method.slice(0, 100) : typeof method;
    return { ok: false, error: new MwError('MW_IPC_BAD_PAYLOAD', { message: `There is no host method "${name}".`, location: { field: 'method' } }).toInfo() };
  }
  const request = parseRequest(method, params);
  if (!request.ok) return { ok: false, error: request.error };
  let result: unknown;
  try {
    // The table and the interface agree (contract.ts proves it at compile time), so the call is sound.
    const call = api[method] as (request: unknown) => Promise<unknown>;
    result = await call.call(api, request.value);
  } catch (thrown) {
    return { ok: false, error: toErrorInfo(thrown) };
  }
  const response = parseResponse(method, result);
  if (!response.ok) return { ok: false, error: response.error };
  return { ok: true, result: response.value };
}
