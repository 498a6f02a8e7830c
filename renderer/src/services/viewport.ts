/**
 * The canvas viewport, for services that need it (fit view after a template, drop positions, the
 * centre of the screen for new nodes). The Canvas registers React Flow's instance here on mount.
 */
import type { XY } from '../graph/types';

export interface Viewport {
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  screenToFlow(point: XY): XY;
  /** The flow position at the centre of the visible canvas. */
  center(): XY;
}

let current: Viewport | null = null;

export function registerViewport(viewport: Viewport | null): void {
  current = viewport;
}

export function viewport(): Viewport | null {
  return current;
}

/** Fits the view after React Flow has measured newly added nodes. */
export function fitViewSoon(): void {
  setTimeout(() => current?.fitView(), 80);
}
