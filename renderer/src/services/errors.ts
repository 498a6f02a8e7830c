/** Turning anything a HostApi call throws into the coded ErrorInfo the UI shows. */
import { MwError, type ErrorCode, type ErrorInfo } from '../../../engine/errors';
import { HostError } from '../../../engine/host/contract';

export function errorInfoOf(thrown: unknown): ErrorInfo {
  if (thrown instanceof HostError) return thrown.info;
  if (thrown instanceof MwError) return thrown.toInfo();
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new MwError('MW_INTERNAL', { message }).toInfo();
}

export function codedError(code: ErrorCode, message?: string): ErrorInfo {
  return new MwError(code, message === undefined ? {} : { message }).toInfo();
}
