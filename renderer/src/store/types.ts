/** The store's shape: one object per slice (CONVENTIONS.md "State"). */
import type { StoreApi } from 'zustand';
import type { GraphSlice } from './graph-slice';
import type { ProjectSlice } from './project-slice';
import type { RunSlice } from './run-slice';
import type { RunsSlice } from './runs-slice';
import type { UiSlice } from './ui-slice';

export interface AppState {
  readonly graph: GraphSlice;
  readonly run: RunSlice;
  readonly ui: UiSlice;
  readonly project: ProjectSlice;
  /** The Runs view (issue 8). */
  readonly runs: RunsSlice;
}

export type SetState = StoreApi<AppState>['setState'];
export type GetState = StoreApi<AppState>['getState'];

/** Builds one slice, given the store's set/get. */
export type SliceCreator<K extends keyof AppState> = (set: SetState, get: GetState) => AppState[K];

/** Replaces part of one slice (keeps its actions). */
export function patch<K extends keyof AppState>(set: SetState, key: K, update: (slice: AppState[K]) => Partial<AppState[K]>): void {
  set((state) => ({ [key]: { ...state[key], ...update(state[key]) } }) as unknown as Partial<AppState>);
}
