/** The Log tab: run log lines, warnings and errors, newest last. */
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { PanelEmpty } from './DataPanel';

const selectLog = (s: AppState) => s.run.log;

export function LogPanel() {
  const log = useStore(selectLog);
  if (log.length === 0) return <PanelEmpty text="Nothing logged yet." />;
  return (
    <div className="mw-log" data-testid="log-panel">
      {log.map((line, i) => (
        <div key={i} className={`mw-log-line mw-log-${line.level}`}>
          <span className="mw-log-time">{new Date(line.time).toLocaleTimeString()}</span>
          {line.nodeId !== undefined && <span className="mw-badge">{line.nodeId}</span>}
          <span>{line.message}</span>
        </div>
      ))}
    </div>
  );
}
