/**
 * The e2e runner (`npm run test:e2e`, or `npm run test:e2e -- security` for some flows): builds the
 * renderer if it is stale, starts browser mode on a free port with a temporary workspace, runs the flows
 * listed below one after another against it, and ends with "N passed, M failed" (non-zero exit on failure).
 *
 * A flow is a module in e2e/flows/ exporting `async function flow(ctx: FlowContext)`; add it to `flows`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowContext } from './lib/context';
import { createHarness } from './lib/context';

interface FlowEntry {
  readonly name: string;
  readonly load: () => Promise<{ flow: (ctx: FlowContext) => Promise<void> }>;
}

const flows: readonly FlowEntry[] = [
  { name: 'security', load: () => import('./flows/security') },
  { name: 'host-api', load: () => import('./flows/host-api') },
  { name: 'report-pdf', load: () => import('./flows/report-pdf') },
  // The report preview and export from the canvas (issue 6).
  { name: 'report', load: () => import('./flows/report') },
  // The canvas in Chromium (issue 4): building by hand, a dropped CSV to a trained model, projects, bad input.
  { name: 'canvas', load: () => import('./flows/canvas') },
  { name: 'build-model', load: () => import('./flows/build-model') },
  { name: 'projects', load: () => import('./flows/projects') },
  { name: 'bad-input', load: () => import('./flows/bad-input') },
  // The query box (issue 7): questions, choices, suggestions, the model, history, building by one sentence.
  { name: 'query', load: () => import('./flows/query') },
  // The Runs view (issue 8): two recorded runs compared, a champion promoted, a run's graph restored.
  { name: 'runs', load: () => import('./flows/runs') },
  // Launches its own Electron app; where the Electron binary is absent it reports "not run", never "passed".
  { name: 'electron', load: () => import('./flows/electron') },
];

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !flows.some((f) => f.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown flow(s): ${unknown.join(', ')}. Flows: ${flows.map((f) => f.name).join(', ')}\n`);
    return 2;
  }
  const selected = only.length === 0 ? flows : flows.filter((f) => only.includes(f.name));
  const workspace = await mkdtemp(join(tmpdir(), 'mw-e2e-'));
  let passed = 0;
  let failed = 0;
  let notRun = 0;
  const harness = await createHarness(workspace);
  try {
    for (const entry of selected) {
      const started = performance.now();
      try {
        const { flow } = await entry.load();
        await flow(harness.contextFor(entry.name));
        passed++;
        process.stdout.write(`✓ ${entry.name} (${Math.round(performance.now() - started)} ms)\n`);
      } catch (error) {
        if (error instanceof Error && error.name === 'FlowNotRun') {
          notRun++;
          process.stdout.write(`- ${entry.name}: not run (${error.message})\n`);
          continue;
        }
        failed++;
        process.stdout.write(`✗ ${entry.name} (${Math.round(performance.now() - started)} ms)\n    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
    }
  } finally {
    await harness.close();
    await rm(workspace, { recursive: true, force: true });
  }
  process.stdout.write(notRun === 0 ? `${passed} passed, ${failed} failed\n` : `${passed} passed, ${failed} failed, ${notRun} skipped\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`e2e could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.stdout.write(`0 passed, 1 failed\n`);
    process.exit(1);
  },
);
