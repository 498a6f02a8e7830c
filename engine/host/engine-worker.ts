/**
 * Entry of the engine worker thread. The host starts it through a bootstrap that registers tsx, so the
 * TypeScript sources load as they are (see engine-client.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { ToEngine } from './engine-protocol';
import { serveEngine } from './engine-serve';
import { chromiumPrinter } from '../report/pdf';

if (parentPort === null) throw new Error('engine-worker.ts must run in a worker thread.');
const port = parentPort;
serveEngine(
  {
    postMessage: (message) => port.postMessage(message),
    onMessage: (handler) => port.on('message', (message: ToEngine) => handler(message)),
  },
  // Browser mode prints report PDFs with the system Chromium (none found: the HTML is still written).
  { printer: chromiumPrinter() },
);
port.postMessage({ type: 'ready' });
