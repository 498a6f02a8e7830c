/**
 * What the backend choice looks like as data: the setting, and the report of what was chosen and why the
 * others were skipped. Pure (zod only), so specs, summaries and the run store can use it without TensorFlow.js.
 */
import { z } from 'zod';

/** The TensorFlow.js backends Modelwright can run on, fastest first. */
export const backendNames = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export const backendNameSchema = z.enum(backendNames);
export type BackendName = z.infer<typeof backendNameSchema>;

/** A setting value: `auto` tries the backends in order; a name forces that backend (or fails with MW_BACKEND_UNAVAILABLE). */
export const backendChoiceSchema = z.enum(['auto', ...backendNames]);
export type BackendChoice = z.infer<typeof backendChoiceSchema>;

/** The environment variable that forces a backend (it wins over the setting). */
export const BACKEND_ENV_VAR = 'MODELWRIGHT_BACKEND';

export const backendInfoSchema = z.object({
  name: backendNameSchema,
  /** The npm package that provides it. */
  package: z.string(),
  /** That package's version. */
  version: z.string(),
  /** @tensorflow/tfjs-core's version. */
  tfjsVersion: z.string(),
  /** The TensorFlow.js backend id (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: z.string(),
  /** wasm only: whether the SIMD build is running. */
  simd: z.boolean().optional(),
  /** node-gpu only: whether TensorFlow really placed work on a GPU. */
  gpu: z.boolean().optional(),
  /** What forced the choice, or null when it was picked automatically. */
  forcedBy: z.enum(['env', 'setting']).nullable(),
  /** The backends not used, each with the reason. */
  skipped: z.array(z.object({ name: backendNameSchema, reason: z.string() })),
  /** A sentence such as "fell back to CPU TensorFlow: no GPU device". */
  notes: z.array(z.string()),
});
export type BackendInfo = z.infer<typeof backendInfoSchema>;

/** One line for logs and the CLI: "wasm (@tensorflow/tfjs-backend-wasm 4.22.0, SIMD); skipped node: not installed". */
export function describeBackend(info: BackendInfo): string {
  const extras = [info.simd === true ? 'SIMD' : null, info.gpu === true ? 'GPU' : null, info.forcedBy === null ? null : `forced by ${info.forcedBy === 'env' ? BACKEND_ENV_VAR : 'setting'}`].filter((x) => x !== null);
  const head = `${info.name} (${info.package} ${info.version}${extras.length > 0 ? `, ${extras.join(', ')}` : ''})`;
  const skipped = info.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  const notes = info.notes.length > 0 ? ` ${info.notes.join(' ')}` : '';
  return `TensorFlow.js backend ${head}${skipped === '' ? '' : `; skipped ${skipped}`}.${notes}`;
}
