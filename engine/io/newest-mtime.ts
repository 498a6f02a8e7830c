/** "Is the build stale?" for the launchers: the newest source file under a folder (Node only). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', 'dist', '.git']);
const TEST_FILE = /\.test\.tsx?$/;

/**
 * Newest modification time (ms) of the files under `dir` that `counts` accepts, ignoring build output,
 * dot-folders and tests; 0 when `dir` does not exist.
 */
export async function newestMtime(dir: string, counts: (fileName: string) => boolean = () => true): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(path, counts));
    else if (!TEST_FILE.test(entry.name) && counts(entry.name)) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}
