/**
 * Records runs in the project's run store: plugs into runGraph (`recorder` option). At the start it writes
 * the graph snapshot, every node's validated params and the SHA-256 of every input file; while the run goes
 * it notes step outcomes, durations and training epochs; at the end it saves the artifacts (metrics, model
 * folders, predictions) under runs/<id>/ and writes the outcome, the metrics per partition and the training
 * history in one transaction. Only summaries go into the database, never tensors or table data.
 *
 * A failed artifact write (a full disk) marks the run `failed` with MW_DISK_WRITE; the record stays
 * consistent and lists only the artifacts that were written completely.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { toErrorInfo, type ErrorInfo } from '../errors';
import type { Plan, SpecLookup } from '../graph/compile';
import { backendInfoSchema } from '../ml/backend/info';
import type { EpochRecord, ModelBundle } from '../ml/model';
import type { MetricsResult } from '../ml/metrics/types';
import { tableCsvChunks } from '../mlops/csv-out';
import { gateOutcomes } from '../nodes/gate/check';
import { specForKind } from '../nodes/specs';
import type { NodeOutputs } from '../nodes/values';
import type { RunEvent } from '../run/events';
import type { RecordedRunEnd, RecordedRunStart, RunRecorder } from '../run/run-graph';
import { diskWriteError, nodeArtifactWriter, type ArtifactWriter } from './artifacts';
import { parseChampionFile, type ChampionFile } from './champion-file';
import { CHAMPION_FILE, runFolder, safeName } from './paths';
import type { RunArtifact, RunInput, RunMetrics, RunNodeParams, RunStep } from './schema';
import type { FinalRunStatus, RunStore } from './store';

/** Saves a trained model as a folder (the ML side's model files); gets the run's plan and outputs for context. */
export type SaveModel = (model: ModelBundle, dir: string, context: SaveModelContext) => Promise<void>;

export interface SaveModelContext {
  readonly nodeId: string;
  readonly plan: Plan;
  readonly outputs: ReadonlyMap<string, NodeOutputs>;
  readonly writer: ArtifactWriter;
}

export interface RunRecorderOptions {
  readonly store: RunStore;
  /** The project folder (artifact paths are stored relative to it). */
  readonly projectDir: string;
  /** Wall clock, ms since the epoch. */
  readonly now?: () => number;
  readonly writer?: ArtifactWriter;
  /** Writes a model folder; without it models are not saved (and cannot be promoted). */
  readonly saveModel?: SaveModel;
  readonly specs?: SpecLookup;
  /** Versions to record besides Node's and TensorFlow.js's (e.g. `{ modelwright: '0.1.0' }`). */
  readonly versions?: Readonly<Record<string, string>>;
  /** Reads runs/champion.json for re-checking gates (default: from disk via the writer-independent reader). */
  readonly readChampion?: () => Promise<ChampionFile | null>;
}

interface StepState {
  kind: string;
  status: RunStep['status'];
  durationMs: number;
  errorCode: string | null;
}

/** Creates the recorder for one run. */
export function createRunRecorder(options: RunRecorderOptions): RunRecorder & { readonly recorded: () => boolean } {
  const { store, projectDir } = options;
  const now = options.now ?? (() => Date.now());
  const writer = options.writer ?? nodeArtifactWriter;
  const specs = options.specs ?? specForKind;
  const steps = new Map<string, StepState>();
  const epochs = new Map<string, EpochRecord[]>();
  let runId: string | undefined;
  let started = 0;
  let recording = false;

  return {
    recorded: () => recording,

    async begin(start: RecordedRunStart) {
      runId = start.runId;
      started = now();
      for (const step of start.plan.steps) steps.set(step.nodeId, { kind: step.kind, status: 'not-run', durationMs: 0, errorCode: null });
      if (!store.writable) return {};
      const labels = new Map(start.graph.nodes.map((n) => [n.id, n.label ?? specs(n.kind)?.title ?? n.kind]));
      const params: Record<string, RunNodeParams> = {};
      const inputs: RunInput[] = [];
      for (const step of start.plan.steps) {
        params[step.nodeId] = { kind: step.kind, label: labels.get(step.nodeId) ?? step.nodeId, params: { ...step.params } };
        const spec = specs(step.kind);
        const paths = spec?.files?.(step.params) ?? [];
        const shas = (start.fingerprints[step.nodeId] ?? '').split(',');
        paths.forEach((path, i) => inputs.push({ nodeId: step.nodeId, path, sha256: shas[i] ?? '' }));
      }
      store.beginRun({ id: start.runId, name: start.graph.metadata.name, startedAt: started, graph: start.graph, upTo: start.upTo ?? null, inputs, params });
      recording = true;
      const folder = join(projectDir, runFolder(start.runId));
      try {
        await writer.mkdirp(folder);
      } catch {
        // Reported when the first artifact cannot be written.
      }
      return { artifactsDir: folder };
    },

    event(event: RunEvent) {
      switch (event.type) {
        case 'step-finished':
          setStep(event.nodeId, { status: event.cached ? 'cached' : 'done', durationMs: event.durationMs, errorCode: null });
          break;
        case 'step-failed':
          setStep(event.nodeId, { status: 'failed', durationMs: event.durationMs, errorCode: event.error.code });
          break;
        case 'step-skipped':
          setStep(event.nodeId, { status: 'skipped', durationMs: 0, errorCode: null });
          break;
        case 'epoch': {
          const list = epochs.get(event.nodeId) ?? [];
          list.push({ epoch: event.epoch, loss: event.loss, valLoss: event.valLoss ?? null, metric: event.metric ?? null, valMetric: event.valMetric ?? null, ms: event.ms });
          epochs.set(event.nodeId, list);
          break;
        }
        default:
          break;
      }
    },

    async finish({ plan, result, runInfo }): Promise<RecordedRunEnd> {
      const base: RecordedRunEnd = { status: result.status, ...(result.error === undefined ? {} : { error: result.error }) };
      if (!recording || runId === undefined) return base;
      const id = runId;
      const folderRel = runFolder(id);
      const artifacts: RunArtifact[] = [];
      const metrics: Record<string, RunMetrics> = {};
      const history: Record<string, EpochRecord[]> = {};
      const versions: Record<string, string> = { node: process.versions.node, ...options.versions };
      const info = backendInfoSchema.safeParse(runInfo['backend']);
      let backend = typeof runInfo['backend'] === 'string' ? runInfo['backend'] : info.success ? info.data.name : null;
      if (info.success) versions[info.data.package] = info.data.version;
      let status: FinalRunStatus = result.status;
      let error: ErrorInfo | null = result.error ?? null;

      /** Writes one artifact; on failure the run is failed and no further artifacts are attempted. */
      const save = async (artifact: RunArtifact, write: (absolute: string) => Promise<void>): Promise<void> => {
        if (status === 'failed' && error?.code === 'MW_DISK_WRITE') return;
        const absolute = join(projectDir, artifact.path);
        try {
          await write(absolute);
          artifacts.push(artifact);
        } catch (thrown) {
          await writer.remove(absolute).catch(() => undefined);
          status = 'failed';
          error = toErrorInfo(diskWriteError(artifact.path, thrown), { nodeId: artifact.nodeId });
        }
      };

      await save({ kind: 'other', nodeId: '', path: `${folderRel}/graph.json` }, async (path) => {
        await writer.mkdirp(join(projectDir, folderRel));
        await writer.writeFile(path, `${JSON.stringify(store.restoreGraph(id).graph, null, 2)}\n`);
      });

      for (const step of plan.steps) {
        const outputs = result.outputs.get(step.nodeId);
        if (outputs === undefined) continue;
        for (const [port, value] of Object.entries(outputs)) {
          const name = safeName(step.nodeId) + (Object.keys(outputs).length > 1 ? `-${safeName(port)}` : '');
          switch (value.type) {
            case 'Metrics': {
              // A gate passes its input Metrics through: record the Evaluate node's, not copies.
              if (step.kind === 'gate') break;
              metrics[step.nodeId] = metricsSummary(value.value);
              await save({ kind: 'metrics', nodeId: step.nodeId, path: `${folderRel}/metrics-${name}.json` }, (path) => writer.writeFile(path, `${JSON.stringify(value.value)}\n`));
              break;
            }
            case 'Model': {
              if (step.kind === 'gate') break;
              const model = value.value;
              if (model.history.length > 0) history[step.nodeId] = [...model.history];
              backend ??= model.metadata.backend.name;
              versions['tfjs'] = model.metadata.tfjsVersion;
              versions[model.metadata.backend.package] = model.metadata.backend.version;
              const saveModel = options.saveModel;
              if (saveModel !== undefined) {
                await save({ kind: 'model', nodeId: step.nodeId, path: `${folderRel}/model-${name}` }, async (path) => {
                  await writer.mkdirp(path);
                  await saveModel(model, path, { nodeId: step.nodeId, plan, outputs: result.outputs, writer });
                });
              }
              break;
            }
            case 'Predictions':
              await save({ kind: 'predictions', nodeId: step.nodeId, path: `${folderRel}/predictions-${name}.csv` }, (path) => writer.writeFile(path, tableCsvChunks(value.value.table)));
              break;
            case 'Table':
            case 'Report':
              break;
          }
        }
      }
      for (const [nodeId, list] of epochs) if (history[nodeId] === undefined) history[nodeId] = list;
      // Files nodes wrote themselves into the run's folder (a Report's HTML, an Export C folder…).
      try {
        const known = new Set(artifacts.map((a) => a.path));
        for (const entry of await readdir(join(projectDir, folderRel))) {
          const path = `${folderRel}/${entry}`;
          if (known.has(path) || entry.endsWith('.tmp')) continue;
          artifacts.push({ kind: /\.(html|pdf)$/i.test(entry) ? 'report' : 'other', nodeId: '', path });
        }
      } catch {
        // No folder: nothing was written.
      }

      let gates: Awaited<ReturnType<typeof gateOutcomes>> = [];
      try {
        gates = await gateOutcomes(plan, result, options.readChampion ?? (() => readChampionFromDisk(projectDir)));
      } catch {
        gates = [];
      }

      const ended = now();
      store.finishRun(id, {
        status,
        endedAt: ended,
        durationMs: result.durationMs,
        steps: plan.steps.map((s) => ({ nodeId: s.nodeId, ...(steps.get(s.nodeId) ?? { kind: s.kind, status: 'not-run', durationMs: 0, errorCode: null }) })),
        metrics,
        history,
        gates,
        backend,
        versions,
        artifacts,
        error,
      });
      return { status, ...(error === null ? {} : { error }) };
    },
  };

  function setStep(nodeId: string, patch: Omit<StepState, 'kind'>): void {
    const step = steps.get(nodeId);
    if (step !== undefined) Object.assign(step, patch);
  }
}

/** What the database keeps of an Evaluate result: scores, headline and notes (curves stay in the artifact). */
export function metricsSummary(result: MetricsResult): RunMetrics {
  return {
    task: result.task,
    protocol: result.protocol,
    rowCounts: result.rowCounts,
    scores: result.scores,
    headline: { metric: result.headline.metric, partition: result.headline.partition, value: result.headline.value, higherIsBetter: result.headline.higherIsBetter, ci: result.headline.ci },
    notes: result.notes,
  };
}

async function readChampionFromDisk(projectDir: string): Promise<ChampionFile | null> {
  const { readFile } = await import('node:fs/promises');
  try {
    return parseChampionFile(await readFile(join(projectDir, CHAMPION_FILE), 'utf8'));
  } catch {
    return null;
  }
}
