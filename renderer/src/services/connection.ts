/** Mirrors the host connection into the ui slice; says so when it drops and when it is back. */
import { connectionState, onConnectionChange } from '../host';
import { useStore } from '../store';
import { isActive } from '../store/run-slice';

export function watchConnection(): () => void {
  useStore.getState().ui.setConnection(connectionState());
  return onConnectionChange((state) => {
    const { ui, run } = useStore.getState();
    const was = ui.connection;
    ui.setConnection(state);
    if (state === 'open' && (was === 'reconnecting' || was === 'closed')) {
      ui.toast('success', 'Reconnected to Modelwright.', isActive(run.phase) ? 'The run continues in the host; progress resumes with its next event.' : 'Unsaved changes are kept and autosaved.');
    }
  });
}
