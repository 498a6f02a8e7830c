/** Toasts, the shortcut sheet, the connection banner, the crash-recovery banner and the name prompt. */
import { useEffect, useState } from 'react';
import { displayKeys, shortcuts } from '../services/keyboard';
import { discardAutosave, finishClose, newProject, restoreAutosave, saveProjectAs } from '../services/projects';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import type { Toast } from '../store/ui-slice';

const selectToasts = (s: AppState) => s.ui.toasts;
const selectShortcuts = (s: AppState) => s.ui.shortcutsOpen;
const selectConnection = (s: AppState) => s.ui.connection;
const selectRecovery = (s: AppState) => s.project.recovery;
const selectPrompt = (s: AppState) => s.ui.prompt;
const selectLeaving = (s: AppState) => (s.ui.leaving ? (s.project.current?.name ?? s.graph.name) : null);

const TOAST_MS = { info: 5000, success: 3500, error: 9000 } as const;

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    const t = setTimeout(() => useStore.getState().ui.dismissToast(toast.id), TOAST_MS[toast.kind]);
    return () => clearTimeout(t);
  }, [toast]);
  return (
    <div className={`mw-toast mw-toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${toast.kind}`}>
      <div className="mw-toast-body">
        <div className="mw-toast-msg">{toast.message}</div>
        {toast.hint !== undefined && <div className="mw-toast-hint">{toast.hint}</div>}
      </div>
      <button className="mw-icon-btn" onClick={() => useStore.getState().ui.dismissToast(toast.id)} aria-label="Dismiss">×</button>
    </div>
  );
}

export function Toasts() {
  const toasts = useStore(selectToasts);
  return <div className="mw-toasts" data-testid="toasts">{toasts.map((t) => <ToastItem key={t.id} toast={t} />)}</div>;
}

export function ShortcutSheet() {
  const open = useStore(selectShortcuts);
  if (!open) return null;
  return (
    <div className="mw-modal-backdrop" onClick={() => useStore.getState().ui.setShortcutsOpen(false)}>
      <div className="mw-modal" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcut-sheet" onClick={(e) => e.stopPropagation()}>
        <div className="mw-modal-head">
          <h2>Keyboard shortcuts</h2>
          <button className="mw-icon-btn" onClick={() => useStore.getState().ui.setShortcutsOpen(false)} aria-label="Close">×</button>
        </div>
        <div className="mw-shortcuts">
          {shortcuts.map((s) => (
            <div key={s.keys} className="mw-shortcut"><span>{s.label}</span><kbd>{displayKeys(s.keys)}</kbd></div>
          ))}
          <div className="mw-shortcut"><span>Select several nodes</span><kbd>Shift+drag</kbd></div>
          <div className="mw-shortcut"><span>Add to the selection</span><kbd>{displayKeys('Mod')}+click</kbd></div>
          <div className="mw-shortcut"><span>Add the highlighted node (in search)</span><kbd>Enter</kbd></div>
        </div>
      </div>
    </div>
  );
}

export function ConnectionBanner() {
  const connection = useStore(selectConnection);
  if (connection === 'open' || connection === 'connecting') return null;
  return (
    <div className="mw-banner mw-banner-error" role="alert" data-testid="connection-banner" data-state={connection}>
      <span className="mw-spinner" aria-hidden="true" />
      <span><strong>Connection to Modelwright lost.</strong> {connection === 'closed' ? 'Reload the page to reconnect.' : 'Reconnecting… your graph is kept and will be saved once the connection is back.'}</span>
      {connection === 'closed' && <button className="mw-btn mw-btn-small" onClick={() => window.location.reload()} data-testid="btn-reconnect">Reload</button>}
    </div>
  );
}

export function RecoveryBanner() {
  const recovery = useStore(selectRecovery);
  if (recovery === null || !recovery.available) return null;
  const when = recovery.savedAt === undefined ? '' : ` from ${new Date(recovery.savedAt).toLocaleString()}`;
  return (
    <div className="mw-banner mw-banner-warn" role="alert" data-testid="recovery-banner">
      <span><strong>Unsaved work was found.</strong> An autosave{when} is newer than the saved project (Modelwright may have closed unexpectedly).</span>
      <button className="mw-btn mw-btn-small mw-btn-primary" onClick={() => void restoreAutosave()} data-testid="btn-restore">Restore it</button>
      <button className="mw-btn mw-btn-small" onClick={() => void discardAutosave()} data-testid="btn-discard-autosave">Discard</button>
    </div>
  );
}

export function NamePrompt() {
  const prompt = useStore(selectPrompt);
  const [name, setName] = useState('');
  useEffect(() => setName(prompt?.initial ?? ''), [prompt]);
  if (prompt === null) return null;
  const close = () => useStore.getState().ui.setPrompt(null);
  const submit = () => {
    const trimmed = name.trim();
    if (trimmed === '') return;
    close();
    void (prompt.purpose === 'new' ? newProject(trimmed) : saveProjectAs(trimmed));
  };
  return (
    <div className="mw-modal-backdrop" onClick={close}>
      <form className="mw-modal mw-modal-small" role="dialog" data-testid="name-prompt" onClick={(e) => e.stopPropagation()} onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <div className="mw-modal-head"><h2>{prompt.purpose === 'new' ? 'New project' : 'Save project as'}</h2></div>
        <label className="mw-field-label" htmlFor="mw-project-name">Project name</label>
        <input id="mw-project-name" className="mw-input" autoFocus value={name} onChange={(e) => setName(e.target.value)} data-testid="name-prompt-input" maxLength={200} />
        <div className="mw-modal-actions">
          <button type="button" className="mw-btn" onClick={close}>Cancel</button>
          <button type="submit" className="mw-btn mw-btn-primary" disabled={name.trim() === ''} data-testid="name-prompt-ok">{prompt.purpose === 'new' ? 'Create' : 'Save'}</button>
        </div>
      </form>
    </div>
  );
}

export function LeavePrompt() {
  const name = useStore(selectLeaving);
  if (name === null) return null;
  return (
    <div className="mw-modal-backdrop" onClick={() => void finishClose('cancel')}>
      <div className="mw-modal mw-modal-small" role="dialog" data-testid="leave-prompt" onClick={(e) => e.stopPropagation()}>
        <div className="mw-modal-head"><h2>Save changes to {name}?</h2></div>
        <p className="mw-muted">Your changes will be lost if you close without saving.</p>
        <div className="mw-modal-actions">
          <button className="mw-btn" onClick={() => void finishClose('cancel')} data-testid="leave-cancel">Cancel</button>
          <button className="mw-btn" onClick={() => void finishClose('discard')} data-testid="leave-discard">Don't save</button>
          <button className="mw-btn mw-btn-primary" autoFocus onClick={() => void finishClose('save')} data-testid="leave-save">Save</button>
        </div>
      </div>
    </div>
  );
}
