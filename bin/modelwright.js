#!/usr/bin/env node
// The `modelwright` command: registers tsx so the TypeScript engine runs without a build step, then
// hands over to engine/cli/main.ts. Output is flushed before exiting so piped JSON is never cut short.
import { register } from 'tsx/esm/api';

register();
const { main, processIo } = await import('../engine/cli/main.ts');
let code;
try {
  code = await main(process.argv.slice(2), processIo());
} catch (error) {
  process.stderr.write(`error MW_INTERNAL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  code = 1;
}
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
