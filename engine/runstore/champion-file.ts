/**
 * runs/champion.json: the current champion's record, written atomically on each promotion. The threshold
 * gate reads it (through FileAccess, so it also fingerprints it: a new champion re-runs the gate) to check
 * "beats the champion by at least X" without opening the database.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { z } from 'zod';
import { championSchema, runMetricsSchema, type Champion, type RunMetrics } from './schema';

export const CHAMPION_FORMAT = 'modelwright.champion';

export const championFileSchema = z.object({
  format: z.literal(CHAMPION_FORMAT),
  version: z.literal(1),
  champion: championSchema,
  /** The champion run's primary Evaluate result (scores per partition), or null when it had none. */
  metrics: runMetricsSchema.nullable(),
});
export type ChampionFile = z.infer<typeof championFileSchema>;

export async function writeChampionFile(path: string, champion: Champion, metrics: RunMetrics | null): Promise<void> {
  const doc: ChampionFile = { format: CHAMPION_FORMAT, version: 1, champion, metrics };
  const temp = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(doc, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (thrown) {
    await unlink(temp).catch(() => undefined);
    throw thrown;
  }
}

/** Parses champion.json text; null when it is not a champion file (the gate then reports no champion). */
export function parseChampionFile(text: string): ChampionFile | null {
  try {
    const parsed = championFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
