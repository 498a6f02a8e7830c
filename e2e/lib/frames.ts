/**
 * Page-side measurements for the canvas benchmark (bench/canvas.ts): frame intervals from
 * requestAnimationFrame while a node is dragged, the canvas zoom, and long tasks on the main thread.
 *
 * Code passed to page.evaluate declares no named functions: tsx (esbuild keepNames) would wrap them in a
 * `__name` helper that does not exist in the page.
 */
import type { Page } from 'playwright-core';

/** The canvas zoom, read from React Flow's viewport transform. */
export async function canvasZoom(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').first().evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
}

/** The id of the rendered node whose centre is nearest the canvas' centre. */
export async function nodeNearestCenter(page: Page): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    if (canvas === undefined) throw new Error('No canvas on the page.');
    const cx = canvas.left + canvas.width / 2;
    const cy = canvas.top + canvas.height / 2;
    let best = '';
    let bestDistance = Infinity;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))) {
      const r = el.getBoundingClientRect();
      const d = Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy);
      if (d < bestDistance) {
        bestDistance = d;
        best = el.dataset['id'] ?? '';
      }
    }
    if (best === '') throw new Error('No node is rendered.');
    return best;
  });
}

/** How many nodes and edges React Flow has in the DOM right now. */
export async function renderedCounts(page: Page): Promise<{ nodes: number; edges: number }> {
  return page.evaluate(() => ({
    nodes: document.querySelectorAll('.react-flow__node').length,
    edges: document.querySelectorAll('.react-flow__edge').length,
  }));
}

/** Intervals between `frames + 1` animation frames with nothing else going on (the display's own rhythm). */
export async function idleFrameIntervals(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const stamps: number[] = [];
    for (let i = 0; i <= count; i++) stamps.push(await new Promise<number>((resolve) => requestAnimationFrame(resolve)));
    return stamps.slice(1).map((t, i) => t - (stamps[i] ?? t));
  }, frames);
}

/**
 * Drags node `nodeId` for `frames` animation frames and returns the intervals between them. One mouse move
 * per frame, dispatched at the start of the frame, zig-zagging ±100 px horizontally in 20 px steps: every
 * frame moves the node by more than the 16 px snap grid at zoom ≤ 1, so every frame re-renders.
 */
export interface DragFrames {
  /** Milliseconds between consecutive animation frames during the drag. */
  readonly intervals: number[];
  /** Frames at whose start the node stood somewhere else than at the previous frame's start. */
  readonly framesMoved: number;
}

export async function dragFrameIntervals(page: Page, nodeId: string, frames: number): Promise<DragFrames> {
  return page.evaluate(async ({ id, count }) => {
    const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
    if (!(el instanceof HTMLElement)) throw new Error(`Node ${id} is not rendered.`);
    const box = el.getBoundingClientRect();
    const x0 = box.left + box.width / 2;
    const y0 = box.top + Math.min(12, box.height / 2);
    const init = { bubbles: true, cancelable: true, view: window, button: 0 };
    el.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1, clientX: x0, clientY: y0 }));
    const stamps: number[] = [];
    let framesMoved = 0;
    let lastTransform = el.style.transform;
    for (let i = 0; i <= count; i++) {
      stamps.push(await new Promise<number>((resolve) => requestAnimationFrame(resolve)));
      if (el.style.transform !== lastTransform) framesMoved++;
      lastTransform = el.style.transform;
      const offset = 20 * (Math.abs(((i + 5) % 20) - 10) - 5);
      document.dispatchEvent(new MouseEvent('mousemove', { ...init, buttons: 1, clientX: x0 + offset, clientY: y0 }));
    }
    document.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0, clientX: x0, clientY: y0 }));
    return { intervals: stamps.slice(1).map((t, i) => t - (stamps[i] ?? t)), framesMoved };
  }, { id: nodeId, count: frames });
}

/** A long animation frame (Chromium's LoAF API, not in TypeScript's DOM types yet), the parts used here. */
interface LongAnimationFrameEntry {
  readonly startTime: number;
  readonly duration: number;
  readonly renderStart: number;
  readonly styleAndLayoutStart: number;
  readonly scripts?: readonly { invoker: string; sourceURL: string; sourceFunctionName: string; sourceCharPosition: number; duration: number }[];
}

/** A frame that kept the main thread busy for long, with what ran in it. */
export interface SlowFrame {
  readonly start: number;
  readonly duration: number;
  /** Milliseconds spent in style, layout and paint at the end of the frame. */
  readonly renderMs: number;
  /** The scripts that ran, longest first: invoker, file:function@char, milliseconds. */
  readonly scripts: { invoker: string; source: string; duration: number }[];
}

interface LongTaskWindow {
  __mwLongTasks?: { start: number; duration: number }[];
  __mwSlowFrames?: SlowFrame[];
}

/**
 * Starts recording long tasks (> 50 ms, the browser's definition) on the page's main thread, and the long
 * animation frames over `frameLimitMs` with their script attribution (to say what the long tasks were).
 */
export async function startLongTaskRecorder(page: Page, frameLimitMs = 100): Promise<void> {
  await page.evaluate((limit) => {
    const w = window as unknown as LongTaskWindow;
    const tasks: { start: number; duration: number }[] = [];
    const frames: SlowFrame[] = [];
    w.__mwLongTasks = tasks;
    w.__mwSlowFrames = frames;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
    if (!PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) return;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as LongAnimationFrameEntry[]) {
        if (entry.duration <= limit) continue;
        const end = entry.startTime + entry.duration;
        frames.push({
          start: entry.startTime,
          duration: entry.duration,
          renderMs: entry.renderStart > 0 ? end - entry.renderStart : 0,
          scripts: (entry.scripts ?? [])
            .map((s) => ({ invoker: s.invoker, source: `${s.sourceURL.split('/').pop() ?? ''}:${s.sourceFunctionName}@${s.sourceCharPosition}`, duration: s.duration }))
            .sort((a, b) => b.duration - a.duration),
        });
      }
    }).observe({ type: 'long-animation-frame' });
  }, frameLimitMs);
}

export async function longTasks(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(() => (window as unknown as LongTaskWindow).__mwLongTasks ?? []);
}

export async function slowFrames(page: Page): Promise<SlowFrame[]> {
  return page.evaluate(() => (window as unknown as LongTaskWindow).__mwSlowFrames ?? []);
}

/** CPU time of the page's renderer: its main thread and the whole renderer process (Chromium's own counters). */
export interface CpuTime {
  /** Seconds of CPU the renderer's main thread has used. */
  readonly thread: number;
  /** Seconds of CPU the renderer process has used (main thread, raster and compositor threads…). */
  readonly process: number;
}

/**
 * Reads CPU counters through the DevTools protocol (`Performance.getMetrics`: ThreadTime, ProcessTime).
 * CPU time barely depends on what else runs on the machine, unlike frame intervals, so it gives a steadier
 * comparison of two variants on a busy box.
 */
export async function cpuCounter(page: Page): Promise<() => Promise<CpuTime>> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  return async () => {
    const { metrics } = await session.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return { thread: value('ThreadTime'), process: value('ProcessTime') };
  };
}
