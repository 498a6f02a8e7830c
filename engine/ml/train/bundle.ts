/**
 * Assembles a trained ModelBundle. Every learner family (networks in ./fit.ts, tree ensembles in
 * ./tree-estimator.ts) fills in the same fields the same way; only the estimator, its training outcome and
 * family-specific metadata differ.
 */
import { sourceColumnOf } from '../../data/recipe';
import { Partition, getColumn, type Column, type RecipeStep, type Table } from '../../data/table';
import { hashValue } from '../../util/hash';
import { MODELWRIGHT_VERSION } from '../../version';
import type { BackendInfo } from '../backend/info';
import type { EpochRecord, Estimator, FeatureLayout, InputColumnSchema, ModelBundle, ModelMetadata, Refit, Task, TargetEncoding } from '../model';
import type { TrainParams } from './params';

export interface TrainedParts {
  readonly kind: string;
  readonly task: Task;
  /** The prepared table the model was trained on (its recipe and sources go into the bundle). */
  readonly table: Table;
  readonly target: Column;
  readonly encoding: TargetEncoding;
  readonly layout: FeatureLayout;
  readonly estimator: Estimator;
  readonly history: readonly EpochRecord[];
  readonly params: TrainParams;
  readonly backend: BackendInfo;
  readonly rows: { readonly train: number; readonly validation: number; readonly source: ModelMetadata['validationSource'] };
  readonly outcome: { readonly epochsRun: number; readonly bestEpoch: number; readonly stoppedEarly: boolean; readonly trainingMs: number };
  readonly notes: string[];
  readonly refit: Refit;
  /** Family-specific metadata (e.g. split-gain importance for trees). */
  readonly extra?: Pick<ModelMetadata, 'importance'>;
}

export function assembleModelBundle(parts: TrainedParts): ModelBundle {
  const { table, layout, encoding, task, params, backend, rows, outcome } = parts;
  return {
    kind: parts.kind,
    task,
    target: parts.target.name,
    classes: encoding.kind === 'classes' ? encoding.classes : [],
    targetEncoding: encoding,
    inputSchema: inputSchemaOf(table, table.recipe, layout),
    recipe: table.recipe,
    features: layout,
    estimator: parts.estimator,
    history: parts.history,
    metadata: {
      modelwrightVersion: MODELWRIGHT_VERSION,
      tfjsVersion: backend.tfjsVersion,
      backend,
      seed: params.seed,
      params: { ...params },
      dataFingerprint: dataFingerprint(table),
      sources: table.sources.map((s) => ({ ...s })),
      trainRows: rows.train,
      validationRows: rows.validation,
      validationSource: rows.source,
      epochsRun: outcome.epochsRun,
      bestEpoch: outcome.bestEpoch,
      stoppedEarly: outcome.stoppedEarly,
      trainingMs: outcome.trainingMs,
      metricName: task === 'regression' ? 'r2' : 'accuracy',
      notes: parts.notes,
      ...parts.extra,
    },
    refit: parts.refit,
  };
}

/**
 * The raw columns Predict needs: the features chosen in Select Columns (types as seen in training; a
 * column that Encode turned into indicators was a category column), or, without a Select Columns step,
 * the user's columns behind the model's features.
 */
export function inputSchemaOf(table: Table, recipe: readonly RecipeStep[], layout: FeatureLayout): InputColumnSchema[] {
  const encoded = new Set<string>();
  let selected: string[] | null = null;
  for (const step of recipe) {
    const state = step.state as { features?: unknown; columns?: unknown } | null;
    if (step.kind === 'select-columns' && Array.isArray(state?.features)) selected = state.features.filter((f): f is string => typeof f === 'string');
    if (step.kind === 'encode' && Array.isArray(state?.columns)) {
      for (const c of state.columns as { source?: unknown }[]) if (typeof c.source === 'string') encoded.add(c.source);
    }
  }
  const names = selected ?? [...new Set(layout.columns.map((c) => sourceColumnOf(recipe, c.name)))];
  return names.map((name) => {
    if (encoded.has(name)) return { name, type: 'categorical' as const };
    return { name, type: getColumn(table, name)?.type ?? 'float' };
  });
}

/** Equal sources, rows, partition and preprocessing give an equal fingerprint. */
export function dataFingerprint(table: Table): string {
  const partitions = table.partition === null ? null : [Partition.train, Partition.validation, Partition.test].map((p) => table.partition!.filter((v) => v === p).length);
  return hashValue({ sources: table.sources, rows: table.rowCount, partitions, partitionHash: table.partition === null ? null : hashPartition(table.partition), recipe: table.recipe });
}

function hashPartition(partition: Uint8Array): string {
  let text = '';
  for (let i = 0; i < partition.length; i += 4096) text += String.fromCharCode(...partition.subarray(i, i + 4096));
  return hashValue(text);
}
