/**
 * The top bar's "Report" button and the dialog it opens: a preview of the report exactly as it will be
 * exported (built from the latest run's cached results), then Export HTML / Export PDF. File ▸ Export
 * Report… in the desktop app opens the same dialog (services/desktop.ts).
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { isActive } from '../store/run-slice';
import type { AppState } from '../store/types';
import { ReportPreview } from './ReportPreview';
import { closeReport, exportReport, openReport } from './service';
import { useReportStore, type ReportState } from './store';
import './report.css';

const selectRunning = (s: AppState) => isActive(s.run.phase);

export function ReportButton() {
  const running = useStore(selectRunning);
  const open = useReportStore((s) => s.open);
  return (
    <>
      <button
        className="mw-btn mw-btn-ghost"
        onClick={() => void openReport()}
        disabled={running}
        data-testid="btn-report"
        title={running ? 'The report can be previewed when the run has finished.' : 'Preview the report of the latest run, then export it as HTML or PDF'}
      >
        ▤ Report
      </button>
      {open && createPortal(<ReportDialog />, document.body)}
    </>
  );
}

const selectDialog = (s: ReportState) => ({ building: s.building, progress: s.progress, preview: s.preview, error: s.error, exporting: s.exporting, exported: s.exported });
const selectNative = (s: AppState) => s.project.info?.nativeDialogs === true;

function ReportDialog() {
  const d = useReportStore(useShallow(selectDialog));
  const native = useStore(selectNative);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    dialog.current?.focus();
    // Modal: keys go no further than here, wherever the focus is (a disabled button drops it to the
    // page), so the canvas's shortcuts (services/keyboard.ts) do not act behind it; Esc closes it.
    const onKey = (e: KeyboardEvent) => {
      e.stopPropagation();
      if (e.key === 'Escape') {
        e.preventDefault();
        closeReport();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  const summary = d.preview?.summary;
  const canExport = d.preview !== null && d.exporting === null;
  return (
    <div className="mw-modal-backdrop mw-report-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeReport()}>
      <div ref={dialog} className="mw-report-dialog" role="dialog" aria-modal="true" aria-label="Report preview" data-testid="report-dialog" tabIndex={-1}>
        <header className="mw-report-head">
          <div className="mw-report-heading">
            <h2>{summary?.title ?? 'Report'}</h2>
            <div className="mw-small mw-muted" data-testid="report-summary">
              {summary === undefined
                ? 'Preview of the report as it will be exported'
                : `${summary.sections.length} sections · ${summary.charts} charts${summary.attachments.length > 0 ? ` · ${summary.attachments.length} CSV file${summary.attachments.length === 1 ? '' : 's'}` : ''}${d.preview?.added === true ? ' · reporting on the Evaluate node (add a Report node to set a title, audience and unit)' : ''}`}
            </div>
          </div>
          <div className="mw-report-actions">
            <span className="mw-small mw-muted mw-report-where">{native ? 'You choose where to save' : 'Saved in the project’s reports folder'}</span>
            <button className="mw-btn" disabled={!canExport} onClick={() => void exportReport('html')} data-testid="btn-export-html" title="One self-contained HTML file (opens offline, prints), with its CSV files beside it">
              {d.exporting === 'html' ? 'Exporting…' : 'Export HTML'}
            </button>
            <button className="mw-btn mw-btn-primary" disabled={!canExport} onClick={() => void exportReport('pdf')} data-testid="btn-export-pdf" title="The HTML file and a PDF printed from it">
              {d.exporting === 'pdf' ? 'Printing…' : 'Export PDF'}
            </button>
            <button className="mw-icon-btn" onClick={closeReport} aria-label="Close the report preview" title="Close (Esc)" data-testid="btn-report-close">×</button>
          </div>
        </header>
        {d.exported !== null && (
          <div className="mw-report-exported" data-testid="report-exported">
            Written: <code data-testid="report-exported-path">{d.exported.html.path}</code>
            {d.exported.pdf !== null && <> and <code>{d.exported.pdf.path}</code></>}
            {d.exported.attachments.length > 0 && <> with {d.exported.attachments.length} CSV file{d.exported.attachments.length === 1 ? '' : 's'}</>}
          </div>
        )}
        {d.error !== null && (
          <div className="mw-callout mw-callout-error mw-report-error" role="alert" data-testid="report-error" data-code={d.error.code}>
            <div>{d.error.message}</div>
            <div className="mw-small">{d.error.hint}</div>
          </div>
        )}
        <div className="mw-report-body">
          {d.building ? (
            <div className="mw-report-building" data-testid="report-building">
              <span className="mw-spinner" aria-hidden="true" />
              <span>
                Building the report{d.progress.total > 0 ? ` — step ${Math.min(d.progress.done + 1, d.progress.total)} of ${d.progress.total}` : '…'}
                <span className="mw-small mw-muted"> Steps the last run finished come from its cache; others run now.</span>
              </span>
            </div>
          ) : d.preview !== null ? (
            <ReportPreview html={d.preview.html} />
          ) : null}
        </div>
      </div>
    </div>
  );
}
