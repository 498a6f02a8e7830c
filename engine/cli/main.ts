/**
 * The `modelwright` command line: runs saved graphs and inspects data files with no window at all
 * (DESIGN.md "Headless"). bin/modelwright.js loads this file through tsx, so no build step is needed.
 */
import { parseArgs } from 'node:util';
import { createNodeFileAccess } from '../io/node-files';
import { ASK_USAGE, askMain } from './ask';
import { EXPORT_C_USAGE, exportCMain } from './export-c';
import { inspectCommand } from './inspect';
import { MLOPS_USAGE, mlopsMain } from './mlops';
import { ExitCode, type CliIo } from './io';
import { reportCommand } from './report';
import { runCommand } from './run';
import { MODELWRIGHT_VERSION } from '../version';

export const USAGE = `Usage:
  modelwright inspect <data.csv> [--json]
      Print the inferred column types and statistics of a CSV file.
  modelwright run <graph.json> [--out DIR] [--json] [--up-to NODE] [--record | --no-record]
      Run a saved graph. --out writes run.json, events.jsonl and artifacts into DIR;
      --up-to runs only what NODE needs. A project's graph (project.modelwright.json) is
      recorded in its run store (runs/); --record records any graph next to it, --no-record none.
${EXPORT_C_USAGE}
${ASK_USAGE}
  modelwright report <graph.json> [--out report.html] [--pdf] [--node ID] [--title TEXT]
                     [--audience plain|technical] [--unit $] [--json]
      Run what the graph's Report node needs (or add one after its Evaluate node) and write
      a self-contained HTML report, its companion CSV files and, with --pdf, a PDF (Chromium).
${MLOPS_USAGE}
  modelwright --help | --version

Exit codes: 0 success, 1 the run or the read failed, 2 bad usage or an invalid graph,
3 a check failed (a threshold gate in run, drift in monitor --fail-on-drift).`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return ExitCode.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`modelwright ${MODELWRIGHT_VERSION}\n`);
    return ExitCode.ok;
  }
  try {
    switch (command) {
      case 'inspect': {
        const { values, positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
        const [path, ...extra] = positionals;
        if (path === undefined || extra.length > 0) return usage(io, 'inspect takes one CSV file.');
        return await inspectCommand({ path, json: values.json }, io);
      }
      case 'run': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          options: {
            json: { type: 'boolean', default: false },
            out: { type: 'string' },
            'up-to': { type: 'string' },
            record: { type: 'boolean' },
            'no-record': { type: 'boolean' },
          },
        });
        if (values.record === true && values['no-record'] === true) return usage(io, 'Choose --record or --no-record, not both.');
        const [graphPath, ...extra] = positionals;
        if (graphPath === undefined || extra.length > 0) return usage(io, 'run takes one graph file.');
        if (values.out === '') return usage(io, '--out needs a folder.');
        return await runCommand(
          {
            graphPath,
            json: values.json,
            ...(values.out === undefined ? {} : { outDir: values.out }),
            ...(values['up-to'] === undefined ? {} : { upTo: values['up-to'] }),
            ...(values.record === true ? { record: true } : values['no-record'] === true ? { record: false } : {}),
          },
          io,
        );
      }
      case 'export-c':
        return await exportCMain(rest, io);
      case 'ask':
        return await askMain(rest, io);
      case 'report': {
        const { values, positionals } = parseArgs({
          args: [...rest],
          allowPositionals: true,
          options: {
            out: { type: 'string' },
            pdf: { type: 'boolean', default: false },
            node: { type: 'string' },
            title: { type: 'string' },
            audience: { type: 'string' },
            unit: { type: 'string' },
            json: { type: 'boolean', default: false },
          },
        });
        const [graphPath, ...extra] = positionals;
        if (graphPath === undefined || extra.length > 0) return usage(io, 'report takes one graph file.');
        if (values.out === '') return usage(io, '--out needs a file name.');
        const audience = values.audience;
        if (audience !== undefined && audience !== 'plain' && audience !== 'technical') return usage(io, '--audience is plain or technical.');
        return await reportCommand(
          {
            graphPath,
            pdf: values.pdf,
            json: values.json,
            ...(values.out === undefined ? {} : { out: values.out }),
            ...(values.node === undefined ? {} : { nodeId: values.node }),
            ...(values.title === undefined ? {} : { title: values.title }),
            ...(audience === undefined ? {} : { audience }),
            ...(values.unit === undefined ? {} : { unit: values.unit }),
          },
          io,
        );
      }
      case undefined:
        return usage(io, 'No command given.');
      default:
        return (await mlopsMain(command, rest, io)) ?? usage(io, `Unknown command "${command}".`);
    }
  } catch (thrown) {
    // parseArgs reports unknown options and missing option values as TypeErrors with a readable message.
    if (thrown instanceof TypeError && 'code' in thrown && String(thrown.code).startsWith('ERR_PARSE_ARGS')) return usage(io, thrown.message);
    throw thrown;
  }
}

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`${problem}\n\n${USAGE}\n`);
  return ExitCode.usage;
}

/** The real process: streams, files on disk, Ctrl-C cancels the run (a second Ctrl-C quits at once). */
export function processIo(): CliIo {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nCancelling… (Ctrl-C again to quit now)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const stream = (s: NodeJS.WriteStream) => ({
    write: (text: string) => void s.write(text),
    isTTY: s.isTTY,
    ...(s.columns === undefined ? {} : { columns: s.columns }),
  });
  return {
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    files: (baseDir) => createNodeFileAccess(baseDir),
    cwd: process.cwd(),
    signal: controller.signal,
    now: () => performance.now(),
  };
}
