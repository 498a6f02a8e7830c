/**
 * The report dialog's own state (like the query box's): whether it is open, the preview being built or
 * shown, the export in progress and the last files written. Actions only compute and set;
 * renderer/src/report/service.ts calls the host.
 */
import { create } from 'zustand';
import type { ErrorInfo } from '../../../engine/errors';
import type { ExportReportResponse, PreviewReportResponse, ReportFormat } from '../../../engine/report/contract';

/** Steps of the run behind the preview: done of total (0 of 0 until the run has started). */
export interface BuildProgress {
  readonly done: number;
  readonly total: number;
}

export interface ReportState {
  readonly open: boolean;
  /** A preview is being built (the run up to the Report node). */
  readonly building: boolean;
  readonly progress: BuildProgress;
  readonly preview: PreviewReportResponse | null;
  /** Why there is no preview, or why the last export failed. */
  readonly error: ErrorInfo | null;
  readonly exporting: ReportFormat | null;
  /** What the last export wrote (a closed save dialog keeps the one before). */
  readonly exported: ExportReportResponse | null;

  opened(): void;
  close(): void;
  progressed(progress: BuildProgress): void;
  previewed(preview: PreviewReportResponse): void;
  failed(error: ErrorInfo): void;
  exportStarted(format: ReportFormat): void;
  exportFinished(result: ExportReportResponse | null, error?: ErrorInfo): void;
}

const closed = { open: false, building: false, progress: { done: 0, total: 0 }, preview: null, error: null, exporting: null, exported: null } as const;

export const useReportStore = create<ReportState>()((set) => ({
  ...closed,
  opened: () => set({ ...closed, open: true, building: true }),
  close: () => set(closed),
  progressed: (progress) => set({ progress }),
  previewed: (preview) => set({ building: false, preview, error: null }),
  failed: (error) => set({ building: false, error }),
  exportStarted: (format) => set({ exporting: format, error: null }),
  exportFinished: (exported, error) => set(error !== undefined ? { exporting: null, error } : exported === null ? { exporting: null } : { exporting: null, exported }),
}));
