/**
 * The drift reference of a trained model: its raw training rows (before the recipe), profiled, plus the
 * model's predictions on them. Found from a finished run's plan and outputs: starting at the Train node's
 * input table (prepared, with the partition), walk upstream through steps that keep every row until the
 * earliest table holding the model's raw input columns; its train-partition rows are the reference.
 */
import { allRows, Partition, type CategoricalColumn, type Column, type NumericColumn, type Table } from '../data/table';
import type { Plan } from '../graph/compile';
import type { ModelBundle } from '../ml/model';
import { predictedLabels } from '../ml/metrics/classification';
import { predictRows } from '../ml/train/infer';
import type { NodeOutputs } from '../nodes/values';
import { profileColumn, profileTable, type ColumnProfile, type ReferenceProfile } from './profile';

function tableOutput(outputs: ReadonlyMap<string, NodeOutputs>, node: string, port: string): Table | undefined {
  const value = outputs.get(node)?.[port];
  return value?.type === 'Table' ? value.value : undefined;
}

function trainRowsOf(prepared: Table): Uint32Array {
  if (prepared.partition === null) return allRows(prepared.rowCount);
  const rows: number[] = [];
  for (let i = 0; i < prepared.rowCount; i++) if (prepared.partition[i] === Partition.train) rows.push(i);
  return Uint32Array.from(rows);
}

/** The model's predictions on rows of its prepared table, as a column: values (regression) or labels. */
export function predictionColumn(model: ModelBundle, prepared: Table, rows: Uint32Array): Column {
  const { output } = predictRows(model, prepared, rows);
  const n = rows.length;
  if (model.task === 'regression') {
    const column: NumericColumn = { name: 'prediction', role: 'ignored', kind: 'numeric', type: 'float', values: Float64Array.from(output.subarray(0, n)), missing: new Uint8Array(n) };
    return column;
  }
  const k = model.classes.length;
  const codes = predictedLabels(output.subarray(0, n * k), k);
  const column: CategoricalColumn = { name: 'prediction', role: 'ignored', kind: 'categorical', type: 'categorical', codes, categories: [...model.classes] };
  return column;
}

/** The profile of a model's training data (null when the run's tables cannot be traced back). */
export function trainingReference(plan: Plan, outputs: ReadonlyMap<string, NodeOutputs>, trainNodeId: string, model: ModelBundle): ReferenceProfile | null {
  const byId = new Map(plan.steps.map((s) => [s.nodeId, s]));
  const trainInput = byId.get(trainNodeId)?.inputs['table'];
  if (trainInput === undefined) return null;
  const prepared = tableOutput(outputs, trainInput.node, trainInput.port);
  if (prepared === undefined) return null;
  const wanted = model.inputSchema.map((c) => c.name);
  const hasInputs = (t: Table) => wanted.every((name) => t.columns.some((c) => c.name === name));
  let raw: Table | undefined = hasInputs(prepared) ? prepared : undefined;
  let ref = trainInput;
  for (let guard = 0; guard < plan.steps.length; guard++) {
    const step = byId.get(ref.node);
    const up = step?.inputs['table'];
    if (up === undefined) break;
    const table = tableOutput(outputs, up.node, up.port);
    if (table === undefined || table.rowCount !== prepared.rowCount) break;
    if (hasInputs(table)) raw = table;
    ref = up;
  }
  if (raw === undefined) return null;
  const rows = trainRowsOf(prepared);
  const columns = [...wanted, ...(raw.columns.some((c) => c.name === model.target) ? [model.target] : [])];
  // Roles as the model used them (a source table marks every column a feature).
  const roled: Table = { ...raw, columns: raw.columns.map((c) => ({ ...c, role: c.name === model.target ? 'target' : wanted.includes(c.name) ? 'feature' : 'ignored' })) };
  let prediction: ColumnProfile | null = null;
  try {
    prediction = profileColumn(predictionColumn(model, prepared, rows), allRows(rows.length));
  } catch {
    prediction = null;
  }
  const source = prepared.sources.map((s) => s.path).join(', ');
  return profileTable(roled, rows, {
    columns,
    prediction,
    description: `${rows.length} ${prepared.partition === null ? '' : 'train '}rows${source === '' ? '' : ` of ${source}`}`,
  });
}
