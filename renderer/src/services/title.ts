/** The page (and Electron window) title: project name with an unsaved marker. */
import { useStore } from '../store';
import type { AppState } from '../store/types';

export function windowTitle(s: AppState): string {
  const current = s.project.current;
  if (current === null) return 'Modelwright';
  const unsaved = s.graph.rev !== s.project.savedRev;
  return `${unsaved ? '● ' : ''}${current.name} — Modelwright`;
}

export function syncTitle(): () => void {
  document.title = windowTitle(useStore.getState());
  return useStore.subscribe((state) => {
    const title = windowTitle(state);
    if (document.title !== title) document.title = title;
  });
}
