/**
 * Backend selection (issue 3): tries @tensorflow/tfjs-node-gpu (only if installed, and only counted as GPU
 * when TensorFlow really uses a GPU device), then @tensorflow/tfjs-node (an optional dependency: its
 * native binary often cannot be downloaded), then @tensorflow/tfjs-backend-wasm with SIMD, then cpu.
 * MODELWRIGHT_BACKEND (or the app setting) forces one. The result says what was chosen and why the others
 * were skipped; nodes put it into the run's events and the model's metadata.
 */
import { createRequire } from 'node:module';
import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';
import { MwError } from '../../errors';
import { tf } from './tf';
import { BACKEND_ENV_VAR, backendChoiceSchema, backendNames, type BackendChoice, type BackendInfo, type BackendName } from './info';

/** What a loader reports once its backend is registered with TensorFlow.js. */
export interface LoadedBackend {
  readonly package: string;
  readonly version: string;
  /** The id to pass to tf.setBackend. */
  readonly tfBackend: string;
  /** Run after tf.setBackend succeeded: extra facts (SIMD, GPU) and notes. */
  inspect?(): Promise<{ simd?: boolean; gpu?: boolean }>;
}

/** Loads and registers one backend; throws (any error) when it is unavailable, with the reason as message. */
export type BackendLoader = () => Promise<LoadedBackend>;

export interface SelectOptions {
  /** The app setting; `auto` unless the user chose a backend. */
  readonly choice?: BackendChoice;
  /** Environment variables (default: process.env); MODELWRIGHT_BACKEND wins over the setting. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the default loaders (tests simulate missing or broken packages with this). */
  readonly loaders?: Partial<Record<BackendName, BackendLoader>>;
}

const require = createRequire(import.meta.url);

class NotInstalled extends Error {}

function packageVersion(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function requireInstalled(pkg: string): void {
  try {
    require.resolve(pkg);
  } catch {
    throw new NotInstalled('not installed');
  }
}

/** Imports a package that may be absent; the specifier is a variable so the type checker does not need it. */
async function importOptional(pkg: string): Promise<unknown> {
  requireInstalled(pkg);
  const specifier: string = pkg;
  return (await import(specifier)) as unknown;
}

function nodeLoader(pkg: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu'): BackendLoader {
  return async () => {
    await importOptional(pkg);
    if (!tf.engine().registryFactory['tensorflow']) throw new Error(`${pkg} loaded but registered no "tensorflow" backend`);
    return {
      package: pkg,
      version: packageVersion(pkg),
      tfBackend: 'tensorflow',
      inspect: async () => {
        // NodeJSKernelBackend exposes whether TensorFlow placed its device on a GPU.
        const backend = tf.backend() as unknown as { isUsingGpuDevice?: unknown };
        return pkg === '@tensorflow/tfjs-node-gpu' ? { gpu: backend.isUsingGpuDevice === true } : {};
      },
    };
  };
}

type WasmModule = Pick<typeof WasmBackend, 'setWasmPaths' | 'version_wasm'>;

const wasmBinaries = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

const wasmLoader: BackendLoader = async () => {
  const pkg = '@tensorflow/tfjs-backend-wasm';
  const wasm = (await importOptional(pkg)) as WasmModule;
  // File paths, not URLs: in Node the Emscripten loader reads the binaries with fs. Threads are off in Node.
  const paths: Record<string, string> = {};
  for (const file of wasmBinaries) paths[file] = require.resolve(`${pkg}/dist/${file}`);
  wasm.setWasmPaths(paths);
  return {
    package: pkg,
    version: wasm.version_wasm,
    tfBackend: 'wasm',
    inspect: async () => ({ simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true }),
  };
};

const cpuLoader: BackendLoader = async () => ({ package: '@tensorflow/tfjs-backend-cpu', version: packageVersion('@tensorflow/tfjs-backend-cpu'), tfBackend: 'cpu' });

export const defaultLoaders: Readonly<Record<BackendName, BackendLoader>> = {
  'node-gpu': nodeLoader('@tensorflow/tfjs-node-gpu'),
  node: nodeLoader('@tensorflow/tfjs-node'),
  wasm: wasmLoader,
  cpu: cpuLoader,
};

/** The forced backend and what forced it, or null for automatic selection. Invalid values are coded errors. */
export function forcedBackend(options: SelectOptions): { name: BackendName; by: 'env' | 'setting' } | null {
  const env = options.env ?? process.env;
  const raw = env[BACKEND_ENV_VAR]?.trim().toLowerCase();
  if (raw !== undefined && raw !== '') {
    const parsed = backendChoiceSchema.safeParse(raw);
    if (!parsed.success) {
      throw new MwError('MW_BACKEND_UNAVAILABLE', {
        message: `${BACKEND_ENV_VAR}="${raw}" is not a backend; use one of auto, ${backendNames.join(', ')}.`,
        details: { value: raw },
      });
    }
    if (parsed.data !== 'auto') return { name: parsed.data, by: 'env' };
    return null;
  }
  const choice = options.choice ?? 'auto';
  return choice === 'auto' ? null : { name: choice, by: 'setting' };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((l) => l.trim() !== '') ?? 'failed to load').trim().slice(0, 300);
}

/**
 * Picks and activates a backend. Uncached: prefer `ensureBackend`, which runs this once per process
 * and choice.
 */
export async function selectBackend(options: SelectOptions = {}): Promise<BackendInfo> {
  const forced = forcedBackend(options);
  const loaders = { ...defaultLoaders, ...options.loaders };
  const skipped: { name: BackendName; reason: string }[] = [];
  const notes: string[] = [];
  const candidates = forced === null ? backendNames : [forced.name];
  if (forced !== null) {
    const why = forced.by === 'env' ? `${BACKEND_ENV_VAR}=${forced.name}` : `the backend setting is ${forced.name}`;
    for (const name of backendNames) if (name !== forced.name) skipped.push({ name, reason: `not tried: ${why}` });
  }
  let tensorflowFrom: string | null = null;
  for (const name of candidates) {
    if (name === 'node' && tensorflowFrom !== null) {
      skipped.push({ name, reason: `TensorFlow is already loaded from ${tensorflowFrom}` });
      continue;
    }
    const loader = loaders[name];
    try {
      const loaded = await loader();
      if (loaded.tfBackend === 'tensorflow') tensorflowFrom = loaded.package;
      const ok = await tf.setBackend(loaded.tfBackend);
      if (!ok) throw new Error(`TensorFlow.js could not initialise the "${loaded.tfBackend}" backend`);
      await tf.ready();
      const facts = (await loaded.inspect?.()) ?? {};
      let chosen: BackendName = name;
      if (name === 'node-gpu' && facts.gpu !== true) {
        // tfjs-node-gpu runs on the CPU when CUDA finds no device: say so instead of claiming a GPU.
        chosen = 'node';
        notes.push('@tensorflow/tfjs-node-gpu is installed but TensorFlow found no usable GPU device, so it fell back to CPU TensorFlow.');
        skipped.push({ name: 'node-gpu', reason: 'no GPU device in use (fell back to CPU TensorFlow)' });
      }
      tf.env().set('PROD', true);
      return {
        name: chosen,
        package: loaded.package,
        version: loaded.version,
        tfjsVersion: tf.version_core,
        tfBackend: loaded.tfBackend,
        ...(facts.simd === undefined ? {} : { simd: facts.simd }),
        ...(facts.gpu === undefined ? {} : { gpu: facts.gpu }),
        forcedBy: forced?.by ?? null,
        skipped: [
          ...skipped,
          ...(forced === null ? backendNames.slice(backendNames.indexOf(name) + 1).filter((n) => !skipped.some((s) => s.name === n)).map((n) => ({ name: n, reason: `not needed: ${chosen} loaded first` })) : []),
        ],
        notes,
      };
    } catch (error) {
      const reason = error instanceof NotInstalled ? 'not installed' : `failed to load: ${firstLine(error)}`;
      if (forced !== null) {
        throw new MwError('MW_BACKEND_UNAVAILABLE', {
          message: `The ${name} backend was requested (${forced.by === 'env' ? BACKEND_ENV_VAR : 'setting'}) but is unavailable: ${reason}.`,
          details: { backend: name, reason },
          cause: error,
        });
      }
      skipped.push({ name, reason });
    }
  }
  throw new MwError('MW_BACKEND_UNAVAILABLE', { message: 'No TensorFlow.js backend could be loaded.', details: { skipped } });
}

let active: { key: string; info: Promise<BackendInfo> } | undefined;

/**
 * The process-wide backend: selected on first use and reused while the choice stays the same
 * (TensorFlow.js has one active backend per process).
 */
export function ensureBackend(options: Omit<SelectOptions, 'loaders'> = {}): Promise<BackendInfo> {
  const forced = forcedBackend(options);
  const key = forced === null ? 'auto' : forced.name;
  if (active?.key !== key) {
    const info = selectBackend(options);
    active = { key, info };
    // A failed selection is not cached, so a later attempt (after installing a package) can succeed.
    info.catch(() => {
      if (active?.info === info) active = undefined;
    });
  }
  return active.info;
}
