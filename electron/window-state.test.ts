import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, placeWindow, readWindowState, writeWindowState, type WindowState } from './window-state';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };
const saved: WindowState = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: false, fullScreen: false };
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('remembered window bounds', () => {
  it('opens where it was closed when that is still on a display', () => {
    expect(placeWindow(saved, [screen])).toEqual({ bounds: saved.bounds, maximized: false, fullScreen: false });
  });

  it('comes back onto the screen when its display is gone, keeping the size', () => {
    const offScreen: WindowState = { ...saved, bounds: { ...saved.bounds, x: 4000 } };
    const placed = placeWindow(offScreen, [screen]);
    expect(placed.bounds).toEqual({ width: 1200, height: 800 });
  });

  it('uses a default size that fits the screen the first time', () => {
    expect(placeWindow(null, [screen]).bounds).toEqual({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
    expect(placeWindow(null, [{ x: 0, y: 0, width: 1280, height: 720 }]).bounds).toEqual({ width: 1280, height: 720 });
  });

  it('survives a round trip to disk, and ignores a damaged file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-window-'));
    dirs.push(dir);
    const file = join(dir, 'window-state.json');
    await writeWindowState(file, { ...saved, bounds: { x: 100.4, y: 80, width: 1200.6, height: 800 }, maximized: true });
    expect(await readWindowState(file)).toEqual({ ...saved, bounds: { x: 100, y: 80, width: 1201, height: 800 }, maximized: true });
    await writeFile(file, '{"bounds": {"x": "left"}}');
    expect(await readWindowState(file)).toBeNull();
    await writeFile(file, 'not json');
    expect(await readWindowState(file)).toBeNull();
    expect(await readWindowState(join(dir, 'missing.json'))).toBeNull();
  });
});
