/**
 * The window's remembered size and position (userData/window-state.json). Pure functions: reading is
 * validated (a damaged file means defaults), and a saved position is used only if the window would
 * still be visible on one of today's displays (a monitor may have been unplugged).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const bounds = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(150).max(100_000),
});
export type Bounds = z.infer<typeof bounds>;

export const windowStateSchema = z.strictObject({
  bounds,
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
const MIN_VISIBLE = 80;

/** Where the window opens: the saved bounds if they still show on a display, else centred defaults. */
export function placeWindow(saved: WindowState | null, workAreas: readonly Bounds[]): { bounds: Partial<Bounds> & { width: number; height: number }; maximized: boolean; fullScreen: boolean } {
  const primary = workAreas[0];
  const fallback = {
    width: primary === undefined ? DEFAULT_SIZE.width : Math.min(DEFAULT_SIZE.width, primary.width),
    height: primary === undefined ? DEFAULT_SIZE.height : Math.min(DEFAULT_SIZE.height, primary.height),
  };
  if (saved === null) return { bounds: fallback, maximized: false, fullScreen: false };
  const visible = workAreas.some((area) => overlap(saved.bounds, area) >= MIN_VISIBLE * MIN_VISIBLE);
  if (!visible) return { bounds: { width: Math.min(saved.bounds.width, fallback.width), height: Math.min(saved.bounds.height, fallback.height) }, maximized: saved.maximized, fullScreen: false };
  return { bounds: saved.bounds, maximized: saved.maximized, fullScreen: saved.fullScreen };
}

function overlap(a: Bounds, b: Bounds): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export async function readWindowState(file: string): Promise<WindowState | null> {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes atomically (temp file + rename), so a crash mid-write leaves the previous state. */
export async function writeWindowState(file: string, state: WindowState): Promise<void> {
  const parsed = windowStateSchema.parse({ ...state, bounds: roundBounds(state.bounds) });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(parsed, null, 2)}\n`, 'utf8');
  await rename(temp, file);
}

function roundBounds(b: Bounds): Bounds {
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
}
