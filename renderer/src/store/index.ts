/** The app's one store, made of typed slices (graph, run, ui, project, runs). */
import { create } from 'zustand';
import { createGraphSlice } from './graph-slice';
import { createProjectSlice } from './project-slice';
import { createRunSlice } from './run-slice';
import { createRunsSlice } from './runs-slice';
import { createUiSlice } from './ui-slice';
import type { AppState } from './types';

/** A fresh store (tests create their own). */
export function createAppStore() {
  return create<AppState>()((set, get) => ({
    graph: createGraphSlice(set, get),
    run: createRunSlice(set, get),
    ui: createUiSlice(set, get),
    project: createProjectSlice(set, get),
    runs: createRunsSlice(set, get),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The store the app uses. */
export const useStore: AppStore = createAppStore();
