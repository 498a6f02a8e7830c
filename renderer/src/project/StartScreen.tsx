/** The start screen: examples that open ready to run, recent projects, projects in the workspace, new project. */
import { useShallow } from 'zustand/react/shallow';
import { openExample, openProject } from '../services/projects';
import { useStore } from '../store';
import type { AppState } from '../store/types';

const selectStart = (s: AppState) => ({
  examples: s.project.examples,
  recent: s.project.recent,
  projects: s.project.workspaceProjects,
  info: s.project.info,
  busy: s.project.busy,
});

const exampleIcons: Record<string, string> = { iris: '✿', houses: '⌂' };
const iconFor = (id: string) => Object.entries(exampleIcons).find(([k]) => id.includes(k))?.[1] ?? '◇';

export function StartScreen() {
  const { examples, recent, projects, info, busy } = useStore(useShallow(selectStart));
  const recentPaths = new Set(recent.map((r) => r.path));
  const others = projects.filter((p) => !recentPaths.has(p.path));
  return (
    <div className="mw-start" data-testid="start-screen">
      <div className="mw-start-inner">
        <header className="mw-start-head">
          <span className="mw-logo mw-logo-big" aria-hidden="true">◆</span>
          <div>
            <h1>Modelwright</h1>
            <p className="mw-muted">Build, run and explain machine-learning models by connecting blocks. No code.</p>
          </div>
        </header>

        <div className="mw-start-actions">
          <button className="mw-btn mw-btn-primary mw-btn-large" onClick={() => useStore.getState().ui.setPrompt({ purpose: 'new', initial: 'My project' })} data-testid="btn-new-project" disabled={busy !== null}>
            + New project
          </button>
          {info?.nativeDialogs === true && (
            <button className="mw-btn mw-btn-large" onClick={() => void openProject()} data-testid="btn-open-project">Open…</button>
          )}
          {busy !== null && <span className="mw-muted">{busy}</span>}
        </div>

        <section>
          <h2 className="mw-start-title">Start from an example</h2>
          <div className="mw-cards">
            {examples.map((ex) => (
              <button key={ex.id} className="mw-card" onClick={() => void openExample(ex.id)} data-testid={`example-${ex.id}`} disabled={busy !== null}>
                <span className="mw-card-icon" aria-hidden="true">{iconFor(ex.id)}</span>
                <span className="mw-card-title">{ex.title}</span>
                <span className="mw-card-text">{ex.description}</span>
                <span className="mw-card-cta">Open, ready to run →</span>
              </button>
            ))}
            {examples.length === 0 && <div className="mw-muted">Loading examples…</div>}
          </div>
        </section>

        {(recent.length > 0 || others.length > 0) && (
          <section>
            <h2 className="mw-start-title">Your projects</h2>
            <ul className="mw-project-list" data-testid="project-list">
              {[...recent, ...others].map((p) => (
                <li key={p.path}>
                  <button className="mw-project-row" onClick={() => void openProject(p.path)} data-testid={`open-project-${p.name}`} disabled={busy !== null}>
                    <span className="mw-project-row-name">{p.name}{p.hasAutosave && <span className="mw-badge mw-badge-warn">unsaved changes</span>}</span>
                    <span className="mw-muted mw-small">{p.path}</span>
                    <span className="mw-muted mw-small">{p.modified === undefined ? '' : `saved ${new Date(p.modified).toLocaleString()}`}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}

        <footer className="mw-start-foot mw-muted mw-small">
          {info === null ? 'Connecting…' : `Modelwright ${info.version} · ${info.mode === 'browser' ? 'browser mode' : 'desktop'} · engine backend ${info.backend ?? 'loads on first run'} · projects in ${info.workspace}`}
        </footer>
      </div>
    </div>
  );
}
