/**
 * Keyboard shortcuts, one table (also shown on the shortcut sheet). Shortcuts that edit the canvas are
 * ignored while typing in a field; saving and running work everywhere.
 */
import { useStore } from '../store';
import { editGraph } from './edit';
import { autoLayout } from './layout';
import { requestSaveAs, saveProject } from './projects';
import { cancelRun, runGraph, runToSelected } from './run';
import { viewport } from './viewport';

export interface Shortcut {
  /** Shown on the sheet, e.g. "Mod+Z" (Mod = Ctrl, or ⌘ on a Mac). */
  readonly keys: string;
  readonly label: string;
  /** Runs even when focus is in a text field. */
  readonly global?: boolean;
  matches(e: KeyboardEvent, mod: boolean): boolean;
  run(): void;
}

const key = (e: KeyboardEvent) => e.key.toLowerCase();

export const shortcuts: readonly Shortcut[] = [
  { keys: 'Mod+Z', label: 'Undo', matches: (e, m) => m && !e.shiftKey && key(e) === 'z', run: () => editGraph('undo') },
  { keys: 'Mod+Shift+Z', label: 'Redo', matches: (e, m) => m && ((e.shiftKey && key(e) === 'z') || key(e) === 'y'), run: () => editGraph('redo') },
  { keys: 'Delete', label: 'Delete the selection', matches: (e) => e.key === 'Delete' || e.key === 'Backspace', run: () => useStore.getState().graph.deleteSelection() },
  { keys: 'Mod+C', label: 'Copy', matches: (e, m) => m && key(e) === 'c', run: () => editGraph('copy') },
  { keys: 'Mod+X', label: 'Cut', matches: (e, m) => m && key(e) === 'x', run: () => editGraph('cut') },
  { keys: 'Mod+V', label: 'Paste', matches: (e, m) => m && key(e) === 'v', run: () => editGraph('paste') },
  { keys: 'Mod+D', label: 'Duplicate', matches: (e, m) => m && key(e) === 'd', run: () => useStore.getState().graph.duplicateSelection() },
  { keys: 'Mod+A', label: 'Select all', matches: (e, m) => m && key(e) === 'a', run: () => editGraph('selectAll') },
  { keys: 'Mod+S', label: 'Save', global: true, matches: (e, m) => m && !e.shiftKey && key(e) === 's', run: () => void saveProject() },
  {
    keys: 'Mod+Shift+S', label: 'Save as…', global: true, matches: (e, m) => m && e.shiftKey && key(e) === 's',
    run: requestSaveAs,
  },
  { keys: 'Mod+Enter', label: 'Run all', global: true, matches: (e, m) => m && !e.shiftKey && e.key === 'Enter', run: () => void runGraph() },
  { keys: 'Mod+Shift+Enter', label: 'Run to the selected node', global: true, matches: (e, m) => m && e.shiftKey && e.key === 'Enter', run: () => void runToSelected() },
  { keys: 'Mod+.', label: 'Cancel the run', global: true, matches: (e, m) => m && e.key === '.', run: () => void cancelRun() },
  { keys: 'Shift+L', label: 'Auto-layout', matches: (e, m) => !m && e.shiftKey && key(e) === 'l', run: () => void autoLayout() },
  { keys: 'F', label: 'Fit view', matches: (e, m) => !m && !e.shiftKey && key(e) === 'f', run: () => viewport()?.fitView() },
  { keys: '+', label: 'Zoom in', matches: (e, m) => !m && (e.key === '+' || e.key === '='), run: () => viewport()?.zoomIn() },
  { keys: '−', label: 'Zoom out', matches: (e, m) => !m && e.key === '-', run: () => viewport()?.zoomOut() },
  { keys: '/', label: 'Search nodes', matches: (e, m) => !m && e.key === '/', run: () => document.querySelector<HTMLInputElement>('[data-testid="palette-search"]')?.focus() },
  { keys: 'Mod+K', label: 'Ask a question (query box)', global: true, matches: (e, m) => m && key(e) === 'k', run: () => document.querySelector<HTMLElement>('[data-testid="query-input"]')?.focus() },
  { keys: '?', label: 'Show these shortcuts', matches: (e) => e.key === '?', run: () => useStore.getState().ui.setShortcutsOpen(!useStore.getState().ui.shortcutsOpen) },
  { keys: 'Esc', label: 'Close dialogs, clear the selection', matches: (e) => e.key === 'Escape', run: () => {
    const s = useStore.getState();
    if (s.ui.shortcutsOpen) s.ui.setShortcutsOpen(false);
    else s.graph.select([]);
  } },
];

/** Input types whose keys edit text; checkboxes, radios, sliders and buttons take no typing. */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'month', 'week', 'time']);

/** Whether keys pressed on `target` are typing (text entry, or a select's type-ahead), not shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && TEXT_INPUT_TYPES.has((target as HTMLInputElement).type);
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Runs the shortcut a key press matches. Every press it handles is preventDefault-ed: that marks it as
 * handled, so the desktop app's menu accelerator for the same keys (Edit ▸ Undo, File ▸ Save…) does not
 * run the command a second time. Presses it leaves alone (typing in a field) go on to the field and menu.
 */
export function handleKeyDown(e: KeyboardEvent): void {
  if (e.defaultPrevented || useStore.getState().project.current === null) return;
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const typing = isTyping(e.target);
  for (const shortcut of shortcuts) {
    if (!shortcut.matches(e, mod)) continue;
    if (typing && shortcut.global !== true) return;
    e.preventDefault();
    shortcut.run();
    return;
  }
}

export function startKeyboard(): () => void {
  window.addEventListener('keydown', handleKeyDown);
  return () => window.removeEventListener('keydown', handleKeyDown);
}

export function displayKeys(keys: string): string {
  return keys.replace('Mod', isMac ? '⌘' : 'Ctrl');
}
