/**
 * Entry of the engine utility process (bundled to dist/electron/engine.mjs): the same serveEngine the
 * worker thread runs in browser mode, over Electron's `process.parentPort`.
 */
import type { FromEngine, ToEngine } from '../engine/host/engine-protocol';
import { serveEngine } from '../engine/host/engine-serve';

const parentPort = process.parentPort as Electron.ParentPort | undefined;
if (parentPort === undefined) throw new Error('engine-entry must run in an Electron utility process.');
const port = parentPort;

serveEngine({
  postMessage: (message: FromEngine) => port.postMessage(message),
  onMessage: (handler) => port.on('message', (event) => handler(event.data as ToEngine)),
});
port.postMessage({ type: 'ready' } satisfies FromEngine);
