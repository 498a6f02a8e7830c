/**
 * The engine in its own OS process: an Electron `utilityProcess` running the bundled
 * electron/engine-entry.ts, handed to createEngineClient (engine/host/engine-client.ts) as its `spawn`.
 * Training then never blocks the main process, and native modules (tfjs-node) load in a process of their
 * own. The client does the rest: a crash mid-run ends the run as failed with MW_ENGINE_CRASHED, logs why
 * and starts a new process.
 */
import type { UtilityProcess } from 'electron';
import type { EngineProcess } from '../engine/host/engine-client';
import type { FromEngine } from '../engine/host/engine-protocol';

/** The part of Electron's `utilityProcess` module used here (passed in, so this file loads without Electron). */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore'; env?: Record<string, string | undefined> }): UtilityProcess;
}

/**
 * Starts the engine at `entry` in an Electron utility process. A V8 fatal error is reported through
 * 'error' before 'exit'; its type and location become the crash's error.
 */
export function utilityEngineSpawner(utilityProcess: UtilityProcessModule, entry: string, env: Record<string, string | undefined> = process.env): () => EngineProcess {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Modelwright engine', stdio: 'inherit', env });
    let fatal: Error | undefined;
    child.on('error', (type, location) => {
      fatal = new Error(`${type} at ${location}`);
    });
    return {
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: FromEngine) => listener(message)),
      onExit: (listener) => child.once('exit', (code) => listener(code, fatal)),
      terminate: () => {
        child.kill();
      },
    };
  };
}
