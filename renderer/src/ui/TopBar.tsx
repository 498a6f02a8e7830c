/** The top bar: project name with the unsaved marker, project actions, Run / Run to selected / Cancel, and the query box slot. */
import { useShallow } from 'zustand/react/shallow';
import { QueryBox } from '../query/QueryBox';
import { ReportButton } from '../report/ReportButton';
import { autoLayout } from '../services/layout';
import { requestClose, requestSaveAs, saveProject } from '../services/projects';
import { cancelRun, runGraph, runToSelected } from '../services/run';
import { toggleRunsView } from '../services/runs';
import { useStore } from '../store';
import { isActive } from '../store/run-slice';
import type { AppState } from '../store/types';

const selectTop = (s: AppState) => ({
  name: s.project.current?.name ?? s.graph.name,
  unsaved: s.project.current !== null && s.graph.rev !== s.project.savedRev,
  phase: s.run.phase,
  hasSelection: s.graph.nodes.some((n) => n.selected === true),
  canUndo: s.graph.history.past.length > 0,
  canRedo: s.graph.history.future.length > 0,
  busy: s.project.busy,
  autosaved: s.project.lastAutosave,
  runsOpen: s.runs.open,
});

export function TopBar() {
  const top = useStore(useShallow(selectTop));
  const running = isActive(top.phase);
  const { ui, graph } = useStore.getState();
  return (
    <header className="mw-topbar" data-testid="top-bar">
      <div className="mw-brand" title="Modelwright">
        <span className="mw-logo" aria-hidden="true">◆</span>
        <span className="mw-brand-name">Modelwright</span>
      </div>
      <div className="mw-project" data-testid="project-name-area">
        <span className="mw-project-name" data-testid="project-name">{top.name}</span>
        {top.unsaved && <span className="mw-unsaved" data-testid="unsaved-marker" title="Unsaved changes">● unsaved</span>}
        {!top.unsaved && top.busy === null && <span className="mw-muted mw-small" data-testid="saved-marker">saved</span>}
        {top.busy !== null && <span className="mw-muted mw-small">{top.busy}</span>}
      </div>
      <nav className="mw-toolbar">
        <button className="mw-btn mw-btn-ghost" onClick={() => requestClose()} data-testid="btn-home" title="Start screen: new, open, examples">Projects</button>
        <button className="mw-btn mw-btn-ghost" onClick={() => void saveProject()} data-testid="btn-save" title="Save (Ctrl+S)">Save</button>
        <button className="mw-btn mw-btn-ghost" onClick={requestSaveAs} data-testid="btn-save-as" title="Save as (Ctrl+Shift+S)">Save as…</button>
        <span className="mw-sep" />
        <button className="mw-icon-btn" disabled={!top.canUndo} onClick={() => graph.undo()} data-testid="btn-undo" title="Undo (Ctrl+Z)" aria-label="Undo">↶</button>
        <button className="mw-icon-btn" disabled={!top.canRedo} onClick={() => graph.redo()} data-testid="btn-redo" title="Redo (Ctrl+Shift+Z)" aria-label="Redo">↷</button>
        <button className="mw-icon-btn" onClick={() => void autoLayout()} data-testid="btn-layout" title="Auto-layout (Shift+L)" aria-label="Auto-layout">⇶</button>
        <span className="mw-sep" />
        <ReportButton />
        <span className="mw-sep" />
        <button className={`mw-btn ${top.runsOpen ? 'mw-btn-primary' : 'mw-btn-ghost'}`} onClick={toggleRunsView} aria-pressed={top.runsOpen} data-testid="btn-runs" title="Every recorded run: compare, restore, promote">Runs</button>
      </nav>
      <div className="mw-query-slot" data-testid="query-slot"><QueryBox /></div>
      <div className="mw-run-controls">
        {running ? (
          <button className="mw-btn mw-btn-danger" onClick={() => void cancelRun()} disabled={top.phase === 'cancelling'} data-testid="btn-cancel">
            <span className="mw-spinner" aria-hidden="true" /> {top.phase === 'cancelling' ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <>
            <button className="mw-btn" onClick={() => void runToSelected()} disabled={!top.hasSelection} data-testid="btn-run-to-selected" title="Run the selected node and what it needs (Ctrl+Shift+Enter)">Run to selected</button>
            <button className="mw-btn mw-btn-primary" onClick={() => void runGraph()} data-testid="btn-run" title="Run all (Ctrl+Enter)">▶ Run</button>
          </>
        )}
        <span className={`mw-run-state mw-run-${top.phase}`} data-testid="run-state" data-phase={top.phase}>{phaseLabel(top.phase)}</span>
        <button className="mw-icon-btn" onClick={() => ui.setShortcutsOpen(true)} data-testid="btn-shortcuts" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
      </div>
    </header>
  );
}

function phaseLabel(phase: AppState['run']['phase']): string {
  switch (phase) {
    case 'idle': return '';
    case 'starting': return 'Starting…';
    case 'running': return 'Running';
    case 'cancelling': return 'Cancelling';
    case 'succeeded': return 'Finished';
    case 'failed': return 'Failed';
    case 'cancelled': return 'Cancelled';
    case 'diverged': return 'Diverged';
  }
}
