export {};
/**
 * `npm run bench -- <name> [...]`: runs benchmarks that compare Modelwright against a peer measured in
 * the same run and prints ratios. Each benchmark lives in its own module, listed here (no scanning).
 */
type Bench = (args: string[]) => Promise<void>;

const benches: Record<string, () => Promise<{ run: Bench }>> = {
  csv: () => import('./csv'),
  runs: () => import('./runs'),
  trees: () => import('./trees'),
  query: () => import('./query'),
  quality: () => import('./quality'),
  auto: () => import('./auto'),
  train: () => import('./train'),
  canvas: () => import('./canvas'),
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const names = Object.keys(benches);
  if (name === undefined || !(name in benches)) {
    console.error(`usage: npm run bench -- <${names.join('|')}> [options]`);
    process.exit(2);
  }
  const load = benches[name];
  if (load === undefined) return;
  const bench = await load();
  await bench.run(rest);
}

await main();
