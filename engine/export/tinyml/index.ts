/**
 * TinyML export: a trained model (linear, small network or tree ensemble, with its preprocessing) as one
 * dependency-free C99 source and header for microcontrollers.
 *
 * ```ts
 * const result = exportC(model, { name: 'iris', int8: false, budgetFlash: 32_768 });
 * // result.header.text, result.source.text → iris.h, iris.c; result.summary: what it needs (flash, RAM)
 * ```
 * Errors: MW_EXPORT_UNSUPPORTED (model family or preprocessing the C cannot express), MW_EXPORT_TOO_LARGE
 * (over a budget; `details.suggestions` lists smaller variants that fit).
 */
export { exportC } from './generate';
export type { ExportCResult, ExportTarget, GeneratedFile } from './generate';
export { exportCOptionsSchema } from './options';
export type { ExportCOptions, ExportCOptionsInput } from './options';
export { describeQuantisation, measureQuantisation } from './quantisation';
export type { QuantisationReport } from './quantisation';
export { harnessSource, harnessRows, rawRows, parseHarnessOutput } from './harness';
export type { HarnessRow } from './harness';
export type { SizeEstimate, Suggestion } from './size';
