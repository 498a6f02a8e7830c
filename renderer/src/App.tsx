/** The app: the start screen until a project is open, then top bar, palette, canvas, inspector and results. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './canvas/Canvas';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { StartScreen } from './project/StartScreen';
import { ResultsPanel } from './results/ResultsPanel';
import { preloadVega } from './results/VegaChart';
import { RunsView } from './runs/RunsView';
import { startAutosave } from './services/autosave';
import { watchConnection } from './services/connection';
import { startDesktop } from './services/desktop';
import { startKeyboard } from './services/keyboard';
import { guardUnload, loadStartData } from './services/projects';
import { subscribeRunEvents } from './services/run';
import { syncTitle } from './services/title';
import { useStore } from './store';
import type { AppState } from './store/types';
import { ConnectionBanner, LeavePrompt, NamePrompt, RecoveryBanner, ShortcutSheet, Toasts } from './ui/Overlays';
import { TopBar } from './ui/TopBar';

const selectHasProject = (s: AppState) => s.project.current !== null;

export function App() {
  const hasProject = useStore(selectHasProject);

  useEffect(() => {
    const stops = [watchConnection(), subscribeRunEvents(), startAutosave(), startKeyboard(), guardUnload(), syncTitle(), startDesktop(), preloadVega()];
    void loadStartData();
    return () => stops.forEach((stop) => stop());
  }, []);

  return (
    <div className="mw-app" data-testid="app">
      <ConnectionBanner />
      {hasProject ? (
        <ReactFlowProvider>
          <TopBar />
          <RecoveryBanner />
          <RunsView />
          <div className="mw-main">
            <Palette />
            <div className="mw-center">
              <Canvas />
              <ResultsPanel />
            </div>
            <Inspector />
          </div>
        </ReactFlowProvider>
      ) : (
        <StartScreen />
      )}
      <NamePrompt />
      <LeavePrompt />
      <ShortcutSheet />
      <Toasts />
    </div>
  );
}
