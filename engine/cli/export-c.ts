/**
 * `modelwright export-c MODEL_DIR --out DIR [--name NAME] [--int8] [--budget-flash BYTES] [--budget-ram BYTES]
 *  [--data CSV] [--harness] [--json]`: a saved model as one C99 source and header for microcontrollers
 * (engine/export/tinyml). The flash and RAM estimate is printed before anything is written; over a budget
 * nothing is written and the error lists smaller models that would fit.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCsv } from '../data/csv/index';
import { MwError, toErrorInfo } from '../errors';
import { describeQuantisation, exportC, exportCOptionsSchema, harnessSource, measureQuantisation, type ExportCResult } from '../export/tinyml/index';
import { loadModel } from '../ml/model-files/index';
import { formatError } from './format';
import { ExitCode, type CliIo } from './io';

export const EXPORT_C_USAGE = `  modelwright export-c <model-dir> --out DIR [--name NAME] [--int8] [--budget-flash BYTES] [--budget-ram BYTES]
                       [--data CSV] [--harness] [--json]
      Export a saved model as NAME.c and NAME.h (plain C99 for microcontrollers). Prints the flash and RAM
      it needs first; refuses a model over a budget and suggests a smaller one. --data measures the int8
      accuracy loss on a CSV; --harness also writes NAME_harness.c, a main() that predicts rows from a file.`;

export interface ExportCCommand {
  readonly modelDir: string;
  readonly outDir: string;
  readonly name?: string;
  readonly int8: boolean;
  readonly budgetFlash?: string;
  readonly budgetRam?: string;
  readonly data?: string;
  readonly harness: boolean;
  readonly json: boolean;
}

function bytes(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*(k|kb|kib|m|mb|mib)?$/i.exec(text.trim());
  if (match === null) throw new MwError('MW_NODE_INVALID_PARAMS', { message: `${option} takes a number of bytes (e.g. 32768 or 32k), not "${text}".`, location: { field: option } });
  const unit = (match[2] ?? '').toLowerCase();
  return Number(match[1]) * (unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1);
}

export async function exportCCommand(command: ExportCCommand, io: CliIo): Promise<number> {
  const files = io.files(io.cwd);
  let result: ExportCResult;
  const report: Record<string, unknown> = { model: command.modelDir };
  try {
    const budgetFlash = bytes(command.budgetFlash, '--budget-flash');
    const budgetRam = bytes(command.budgetRam, '--budget-ram');
    const options = exportCOptionsSchema.safeParse({
      ...(command.name === undefined ? {} : { name: command.name }),
      int8: command.int8,
      ...(budgetFlash === undefined ? {} : { budgetFlash }),
      ...(budgetRam === undefined ? {} : { budgetRam }),
    });
    if (!options.success) {
      const issue = options.error.issues[0];
      throw new MwError('MW_NODE_INVALID_PARAMS', { message: `--${String(issue?.path[0] ?? 'name')}: ${issue?.message ?? 'invalid'}`, location: { field: String(issue?.path[0] ?? '') } });
    }
    const model = await loadModel(files.resolve(command.modelDir), files);
    result = exportC(model, options.data);
    report.estimate = result.estimate;
    report.summary = result.summary;
    if (!command.json) io.stdout.write(`${result.summary.join('\n')}\n`);
    if (command.data !== undefined) {
      const { table } = await readCsv(files.openRead(command.data, io.signal), { signal: io.signal });
      const quantisation = measureQuantisation(model, result, table);
      report.quantisation = quantisation;
      if (!command.json) io.stdout.write(`${quantisation === null ? 'No int8 weights to measure (export with --int8 a network model).' : describeQuantisation(quantisation)}\n`);
    }
    const out = files.resolve(command.outDir);
    await files.mkdirp(out);
    const written = [result.header, result.source, ...(command.harness ? [{ path: `${result.name}_harness.c`, text: harnessSource(result) }] : [])];
    for (const file of written) await files.writeAtomic(join(out, file.path), file.text);
    report.files = written.map((f) => join(out, f.path));
    if (command.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(`Wrote ${written.map((f) => join(command.outDir, f.path)).join(', ')}.\nCompile with: cc -std=c99 -O2 -c ${join(command.outDir, result.source.path)} (link with -lm).\n`);
    return ExitCode.ok;
  } catch (thrown) {
    const info = toErrorInfo(thrown);
    if (command.json) io.stdout.write(`${JSON.stringify({ ...report, error: info }, null, 2)}\n`);
    else io.stderr.write(`${formatError(info)}\n`);
    return info.code === 'MW_NODE_INVALID_PARAMS' ? ExitCode.usage : ExitCode.runError;
  }
}

/** Parses the export-c arguments (unknown options throw parseArgs' TypeError, which main reports as usage). */
export async function exportCMain(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      name: { type: 'string' },
      int8: { type: 'boolean', default: false },
      'budget-flash': { type: 'string' },
      'budget-ram': { type: 'string' },
      data: { type: 'string' },
      harness: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [modelDir, ...extra] = positionals;
  const problem = modelDir === undefined || extra.length > 0 ? 'export-c takes one model folder.' : values.out === undefined || values.out === '' ? 'export-c needs --out DIR.' : null;
  if (problem !== null || modelDir === undefined || values.out === undefined) {
    io.stderr.write(`${problem ?? ''}\n\nUsage:\n${EXPORT_C_USAGE}\n`);
    return ExitCode.usage;
  }
  return exportCCommand(
    {
      modelDir,
      outDir: values.out,
      int8: values.int8,
      harness: values.harness,
      json: values.json,
      ...(values.name === undefined ? {} : { name: values.name }),
      ...(values['budget-flash'] === undefined ? {} : { budgetFlash: values['budget-flash'] }),
      ...(values['budget-ram'] === undefined ? {} : { budgetRam: values['budget-ram'] }),
      ...(values.data === undefined ? {} : { data: values.data }),
    },
    io,
  );
}
