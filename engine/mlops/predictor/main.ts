/**
 * predict.js: the dependency-free predictor shipped in every exported model folder.
 *
 *   node predict.js input.csv > predictions.csv      (or "-" to read the CSV from standard input)
 *
 * It reads the model from the folder it sits in and writes the input rows plus the prediction columns.
 * Exit codes: 0 success, 1 the model or the data could not be used (a coded message on stderr), 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadPortableModel, predictCsv } from './predict-folder';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    process.stderr.write('Usage: node predict.js <input.csv | -> > predictions.csv\n');
    return args[0] === '--help' || args[0] === '-h' ? 0 : 2;
  }
  const here = dirname(resolve(process.argv[1] ?? '.'));
  const model = loadPortableModel({ text: (name) => readFileSync(join(here, name), 'utf8'), bytes: (name) => readFileSync(join(here, name)) });
  const input = args[0] === '-' ? readFileSync(0, 'utf8') : readFileSync(resolve(args[0] ?? ''), 'utf8');
  for (const chunk of await predictCsv(model, input)) process.stdout.write(chunk);
  return 0;
}

main().then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    const coded = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'MW_INTERNAL';
    process.stderr.write(`error ${coded}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
