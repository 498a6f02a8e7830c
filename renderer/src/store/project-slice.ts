/**
 * The project slice: which project is open, the revision last saved (unsaved = graph rev differs),
 * crash-recovery offer, recent projects, examples, host info, and the summaries of imported data files.
 */
import type { DataFileSummary, ExampleInfo, HostInfo, ProjectRef, RecentProject, RecoveryInfo } from '../../../engine/host/contract';
import type { SetState, SliceCreator } from './types';

export interface ProjectData {
  readonly current: ProjectRef | null;
  /** Graph revision at the last save (or open); the project is unsaved when the graph's rev differs. */
  readonly savedRev: number;
  /** An autosave newer than the saved project, offered for restore. */
  readonly recovery: RecoveryInfo | null;
  readonly lastAutosave: string | null;
  readonly recent: readonly RecentProject[];
  readonly examples: readonly ExampleInfo[];
  readonly workspaceProjects: readonly ProjectRef[];
  readonly info: HostInfo | null;
  /** Data file path (as stored in the node's params) → what the host found in it. */
  readonly files: Readonly<Record<string, DataFileSummary>>;
  readonly busy: string | null;
}

export interface ProjectActions {
  opened(project: ProjectRef, rev: number, recovery: RecoveryInfo | null): void;
  saved(project: ProjectRef, rev: number): void;
  autosaved(savedAt: string): void;
  setRecovery(recovery: RecoveryInfo | null): void;
  closed(): void;
  setRecent(recent: readonly RecentProject[]): void;
  setExamples(examples: readonly ExampleInfo[]): void;
  setWorkspaceProjects(projects: readonly ProjectRef[]): void;
  setInfo(info: HostInfo): void;
  setFile(summary: DataFileSummary): void;
  setBusy(what: string | null): void;
}

export type ProjectSlice = ProjectData & ProjectActions;

export const createProjectSlice: SliceCreator<'project'> = (set: SetState) => {
  const update = (f: (p: ProjectSlice) => Partial<ProjectData>) => set((s) => ({ project: { ...s.project, ...f(s.project) } }));
  return {
    current: null,
    savedRev: 0,
    recovery: null,
    lastAutosave: null,
    recent: [],
    examples: [],
    workspaceProjects: [],
    info: null,
    files: {},
    busy: null,

    opened(current, savedRev, recovery) {
      update(() => ({ current, savedRev, recovery: recovery?.available === true ? recovery : null, lastAutosave: null, files: {} }));
    },
    saved(current, savedRev) {
      update(() => ({ current, savedRev, recovery: null }));
    },
    autosaved(lastAutosave) {
      update(() => ({ lastAutosave }));
    },
    setRecovery(recovery) {
      update(() => ({ recovery }));
    },
    closed() {
      update(() => ({ current: null, recovery: null, files: {} }));
    },
    setRecent(recent) {
      update(() => ({ recent }));
    },
    setExamples(examples) {
      update(() => ({ examples }));
    },
    setWorkspaceProjects(workspaceProjects) {
      update(() => ({ workspaceProjects }));
    },
    setInfo(info) {
      update(() => ({ info }));
    },
    setFile(summary) {
      update((p) => ({ files: { ...p.files, [summary.path]: summary } }));
    },
    setBusy(busy) {
      update(() => ({ busy }));
    },
  };
};
