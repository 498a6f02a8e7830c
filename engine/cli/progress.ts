/**
 * Shows a run's events: a progress bar redrawn in place on a terminal, plain lines otherwise (CI logs,
 * pipes). Finished steps, warnings and failures are always printed as lines that stay.
 */
import type { RunEvent } from '../run/events';
import { assertNever } from '../util/assert';
import type { CliStream } from './io';
import { formatDuration, formatError, formatNumber, truncate } from './format';

const BAR_WIDTH = 24;

export interface Reporter {
  (event: RunEvent): void;
}

export function createReporter(stream: CliStream, labels: ReadonlyMap<string, string>): Reporter {
  const tty = stream.isTTY === true;
  let total = 0;
  let done = 0;
  let current: { nodeId: string; fraction: number; message: string } | undefined;
  let barShown = false;
  const plainProgress = new Map<string, number>();
  const name = (nodeId: string) => labels.get(nodeId) ?? nodeId;
  const position = () => `[${Math.min(done + 1, total)}/${total}]`;

  const clearBar = () => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };
  const drawBar = () => {
    if (!tty || current === undefined) return;
    const overall = total === 0 ? 1 : (done + current.fraction) / total;
    const filled = Math.round(overall * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const text = `${bar} ${done}/${total} ${name(current.nodeId)}${current.message === '' ? '' : ` · ${current.message}`}`;
    stream.write(`\r\x1b[2K${truncate(text, Math.max(20, (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80) - 1))}`);
    barShown = true;
  };
  const line = (text: string) => {
    clearBar();
    stream.write(`${text}\n`);
    drawBar();
  };

  return (event) => {
    switch (event.type) {
      case 'run-started':
        total = event.steps.length;
        break;
      case 'step-started':
        current = { nodeId: event.nodeId, fraction: 0, message: 'running' };
        if (tty) drawBar();
        else line(`${position()} ${name(event.nodeId)} …`);
        break;
      case 'progress': {
        if (current !== undefined && current.nodeId === event.nodeId) {
          current.fraction = event.fraction;
          current.message = `${event.message ?? ''} ${Math.round(event.fraction * 100)}%`.trim();
        }
        if (tty) drawBar();
        else {
          // Plain output: one line per quarter, so logs stay short.
          const quarter = Math.floor(event.fraction * 4);
          if (quarter > (plainProgress.get(event.nodeId) ?? 0) && quarter < 4) {
            plainProgress.set(event.nodeId, quarter);
            line(`    ${Math.round(event.fraction * 100)}%${event.message === undefined ? '' : ` ${event.message}`}`);
          }
        }
        break;
      }
      case 'epoch': {
        if (current !== undefined && current.nodeId === event.nodeId) {
          current.fraction = event.epoch / Math.max(1, event.epochs);
          current.message = `epoch ${event.epoch}/${event.epochs} loss ${formatNumber(event.loss)}`;
        }
        const every = Math.max(1, Math.ceil(event.epochs / 20));
        if (tty) drawBar();
        else if (event.epoch % every === 0 || event.epoch === event.epochs) {
          const val = event.valLoss === undefined ? '' : `, validation loss ${formatNumber(event.valLoss)}`;
          line(`    epoch ${event.epoch}/${event.epochs}: loss ${formatNumber(event.loss)}${val}`);
        }
        break;
      }
      case 'log':
        if (event.level !== 'debug') line(`    ${event.level === 'info' ? '·' : event.level} ${event.message}`);
        break;
      case 'step-finished':
        line(`${position()} ${name(event.nodeId)} ${event.cached ? 'cached' : `done in ${formatDuration(event.durationMs)}`}`);
        for (const w of event.warnings) line(indent(formatError(w, 'warning')));
        done++;
        current = undefined;
        break;
      case 'step-failed':
        line(`${position()} ${name(event.nodeId)} FAILED after ${formatDuration(event.durationMs)}`);
        line(indent(formatError(event.error, 'error', name(event.nodeId))));
        done++;
        current = undefined;
        break;
      case 'step-skipped':
        line(`${position()} ${name(event.nodeId)} skipped: ${event.reason}`);
        done++;
        break;
      case 'run-finished':
        clearBar();
        break;
      default:
        assertNever(event, 'run event');
    }
  };
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}
