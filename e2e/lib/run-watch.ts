/**
 * Watching a run from inside the page: a 25 ms poller records what the top bar, the nodes and the Training
 * tab show, so short runs on a fast machine are observed as reliably as long ones on a slow one (polling
 * over the DevTools protocol from the test process is too coarse for a run of a few seconds).
 *
 * Code passed to page.evaluate declares no named functions: tsx (esbuild keepNames) would wrap them in a
 * `__name` helper that does not exist in the page.
 */
import type { Page } from 'playwright-core';

export interface RunRecord {
  /** The run-state phases seen, in order, without repeats. */
  readonly phases: string[];
  readonly sawProgressBar: boolean;
  readonly sawRunningStatus: boolean;
  /** Epoch numbers the Training tab showed while a Train node was running, in order, without repeats. */
  readonly liveEpochs: number[];
  /** The training loss the Training tab showed with each of those epochs. */
  readonly liveLosses: number[];
  /** The loss chart had drawn something while the run was active. */
  readonly liveChartDrawn: boolean;
}

interface Recorder {
  record: RunRecord;
  timer: number;
}

type WatchedWindow = Window & { __mwRunRecorder?: Recorder };

/** Starts recording (replacing an earlier recorder). */
export async function startRunRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as WatchedWindow;
    if (w.__mwRunRecorder !== undefined) clearInterval(w.__mwRunRecorder.timer);
    const record = { phases: [] as string[], sawProgressBar: false, sawRunningStatus: false, liveEpochs: [] as number[], liveLosses: [] as number[], liveChartDrawn: false };
    const timer = window.setInterval(() => {
      const phase = document.querySelector('[data-testid="run-state"]')?.getAttribute('data-phase') ?? '';
      if (record.phases.at(-1) !== phase) record.phases.push(phase);
      if (phase !== 'starting' && phase !== 'running') return;
      record.sawProgressBar ||= document.querySelector('[data-testid^="node-progress-"]') !== null;
      record.sawRunningStatus ||= document.querySelector('[data-testid^="node-"][data-status="running"]') !== null;
      // Only while a Train node runs: before it starts, the tab may still show the previous run's epochs.
      const training = document.querySelector('[data-kind="train"][data-status="running"]') !== null;
      const match = /Epoch\s*(\d+)/.exec(document.querySelector('[data-testid="training-epoch"]')?.textContent ?? '');
      if (training && match !== null) {
        const epoch = Number(match[1]);
        if (record.liveEpochs.at(-1) !== epoch) {
          record.liveEpochs.push(epoch);
          // The head's spans read "Epoch n of N", "loss x", "validation loss y"…
          const spans = Array.from(document.querySelectorAll('[data-testid="training-panel"] .mw-training-head > span'));
          const loss = spans.map((el) => /^\s*loss\s*([-\d.e]+)/.exec(el.textContent ?? '')).find((m) => m !== null);
          if (loss !== undefined) record.liveLosses.push(Number(loss[1]));
        }
        record.liveChartDrawn ||= document.querySelector('[data-testid="training-loss-chart"] svg, [data-testid="training-loss-chart"] canvas') !== null;
      }
    }, 25);
    w.__mwRunRecorder = { record, timer };
  });
}

export async function runRecord(page: Page): Promise<RunRecord> {
  return page.evaluate(() => {
    const recorder = (window as WatchedWindow).__mwRunRecorder;
    if (recorder === undefined) throw new Error('startRunRecorder was not called on this page.');
    return recorder.record;
  });
}

export async function stopRunRecorder(page: Page): Promise<RunRecord> {
  const record = await runRecord(page);
  await page.evaluate(() => {
    const recorder = (window as WatchedWindow).__mwRunRecorder;
    if (recorder !== undefined) clearInterval(recorder.timer);
  });
  return record;
}
