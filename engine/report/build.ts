/**
 * Builds the report document from the Report node's inputs: works out the shared facts (confidence
 * intervals, feature importance, drift, gates), writes the sections in the order, and renders every
 * chart to SVG so the document is complete and the renderers need nothing else.
 */
import { sourceColumnOf } from '../data/recipe';
import { featureColumns, fitRows, rowsIn, targetColumn, type Table } from '../data/table';
import { driftReport, type DriftReport } from '../mlops/drift';
import { profileTable } from '../mlops/profile';
import type { SpecLookup } from '../graph/compile';
import type { MetricsResult } from '../ml/metrics/types';
import type { ModelBundle } from '../ml/model';
import type { Predictions } from '../ml/predictions';
import { preparedFor } from '../ml/train/infer';
import { checkGate } from '../nodes/gate/check';
import { gateParams } from '../nodes/gate/spec';
import { explainModel } from '../nodes/explain/execute';
import { checkCancelled, type ExecContext } from '../run/context';
import { answersSection } from './answers';
import type { ReportDocument, ReportSection } from './document';
import type { GateFacts, ImportanceFacts, ReportFacts, ReportOptions } from './facts';
import { metricIntervals } from './intervals';
import { lineageSection } from './lineage-section';
import type { RunLineage } from './lineage';
import { metricsSection } from './metrics-section';
import { modelSection } from './model-card';
import type { ReportParams } from './params';
import { pipelineBlock } from './pipeline';
import { predictionsSection } from './predictions-section';
import { dataSection } from './profile';
import { summarySection } from './summary';
import { paragraph, table as tableBlock } from './blocks';
import { renderChartSvg } from './svg';
import { plural } from './format';

export interface ReportInputs {
  readonly metrics: MetricsResult;
  readonly model?: ModelBundle | undefined;
  readonly predictions?: Predictions | undefined;
  /** The training table (raw, split or prepared). */
  readonly table?: Table | undefined;
  /** The Explain node's importance table (feature, importance, spread). */
  readonly importance?: Table | undefined;
}

export interface ReportBuildContext {
  readonly runId: string;
  readonly nodeId: string;
  readonly now: Date;
  readonly lineage: RunLineage | null;
  /** The backend the run used (runInfo.backend), for the lineage when no model is connected. */
  readonly backend: unknown;
  readonly specs: SpecLookup;
  readonly signal: AbortSignal;
  readonly emit: ExecContext['emit'];
  readonly warn: ExecContext['warn'];
}

function importanceFromTable(t: Table): ImportanceFacts | null {
  const feature = t.columns.find((c) => c.name === 'feature');
  const importance = t.columns.find((c) => c.name === 'importance');
  const spread = t.columns.find((c) => c.name === 'spread');
  if (feature?.kind !== 'categorical' || importance?.kind !== 'numeric') return null;
  const items = [];
  for (let r = 0; r < t.rowCount; r++) {
    const name = feature.categories[feature.codes[r]!];
    if (name === undefined) continue;
    items.push({ feature: name, importance: importance.values[r]!, std: spread?.kind === 'numeric' ? spread.values[r]! : 0 });
  }
  return { items, method: 'Permutation importance from the Explain node', onTrainingRows: false };
}

async function computeImportance(model: ModelBundle, t: Table, ctx: ReportBuildContext): Promise<ImportanceFacts> {
  const params = { repeats: 5, metric: 'auto', maxRows: 2000, seed: 0 } as const;
  const result = await explainModel(model, t, params, { signal: ctx.signal, emit: ctx.emit });
  const metric = result.metric === 'r2' ? 'R²' : result.metric.replace('_', ' ');
  return {
    items: result.importances.map((i) => ({ feature: i.column, importance: i.mean, std: i.std })),
    method: `Permutation importance: drop in ${metric} when a column is shuffled, ${params.repeats} shuffles on ${plural(result.rows, result.partition === 'test' ? 'test row' : 'row')}`,
    onTrainingRows: result.partition !== 'test',
  };
}

/**
 * The new rows Predict scored against the training rows (engine/mlops drift: PSI, KS, chi-square), on the
 * columns both have: raw columns when the training table is raw, prepared ones when it went through the
 * model's preprocessing (the new rows are then run through the same recipe).
 */
function driftFacts(inputs: ReportInputs, features: readonly string[]): DriftReport | null {
  const { predictions, table, model } = inputs;
  if (predictions === undefined || table === undefined || predictions.table.rowCount === 0) return null;
  let current: Table;
  let columns: string[];
  // Select Columns only sets roles: a table that went through nothing else still holds the values as read.
  const raw = table.recipe.every((step) => step.kind === 'select-columns');
  if (raw) {
    current = predictions.table;
    columns = features.filter((f) => current.columns.some((c) => c.name === f));
  } else if (model !== undefined && sameSteps(table, model)) {
    current = preparedFor(model, predictions.table).table;
    columns = featureColumns(table).map((c) => c.name).filter((f) => current.columns.some((c) => c.name === f));
  } else {
    return null;
  }
  const kindOf = (t: Table, name: string) => t.columns.find((c) => c.name === name)?.kind;
  columns = columns.filter((name) => kindOf(table, name) === kindOf(current, name));
  const rows = table.partition === null ? fitRows(table) : rowsIn(table, 'train');
  if (columns.length === 0 || rows.length === 0) return null;
  const reference = profileTable(table, rows, { columns, description: 'training rows' });
  if (reference.columns.length === 0) return null;
  return driftReport(reference, current);
}

/** The table went through exactly the model's preprocessing (same steps from the same nodes). */
function sameSteps(table: Table, model: ModelBundle): boolean {
  return table.recipe.length === model.recipe.length && table.recipe.every((step, i) => step.kind === model.recipe[i]!.kind && step.nodeId === model.recipe[i]!.nodeId);
}

function gateFacts(metrics: MetricsResult, lineage: RunLineage | null, nodeId: string): GateFacts[] {
  if (lineage === null) return [];
  const graph = lineage.graph;
  const source = graph.edges.find((e) => e.to.node === nodeId && e.to.port === 'metrics')?.from;
  if (source === undefined) return [];
  const out: GateFacts[] = [];
  for (const node of graph.nodes) {
    if (node.kind !== 'gate') continue;
    const feeds = graph.edges.some((e) => e.to.node === node.id && e.to.port === 'metrics' && e.from.node === source.node && e.from.port === source.port);
    if (!feeds) continue;
    const params = gateParams.safeParse(node.params);
    if (!params.success) continue;
    try {
      // The champion comparison needs the run store; only the fixed conditions are re-checked here.
      const outcome = checkGate(metrics, { ...params.data, beatChampion: { ...params.data.beatChampion, enabled: false } }, null);
      if (outcome.conditions.length === 0) continue;
      out.push({ label: `The threshold gate “${node.label ?? 'Threshold Gate'}”`, passed: outcome.passed, conditions: outcome.conditions });
    } catch {
      // A gate naming a metric this evaluation lacks fails on its own node; nothing to add here.
    }
  }
  return out;
}

function targetOf(inputs: ReportInputs): string {
  if (inputs.model !== undefined) return inputs.model.target;
  if (inputs.predictions !== undefined) return inputs.predictions.target;
  const t = inputs.table === undefined ? undefined : targetColumn(inputs.table);
  return t?.name ?? 'the target';
}

function featuresOf(inputs: ReportInputs, target: string): string[] {
  if (inputs.model !== undefined) return inputs.model.inputSchema.map((c) => c.name).filter((n) => n !== target);
  if (inputs.table === undefined) return [];
  const names = featureColumns(inputs.table).map((c) => sourceColumnOf(inputs.table!.recipe, c.name));
  return [...new Set(names)];
}

/** The report document for the given inputs and parameters. */
export async function buildReport(inputs: ReportInputs, params: ReportParams, ctx: ReportBuildContext): Promise<ReportDocument> {
  const { metrics, model } = inputs;
  const target = targetOf(inputs);
  const features = featuresOf(inputs, target);
  const options: ReportOptions = {
    title: params.title.trim() === '' ? 'Model report' : params.title.trim(),
    author: params.author.trim(),
    audience: params.audience,
    unit: params.targetUnit.trim(),
    intendedUse: params.intendedUse,
    limitations: params.limitations,
    maxFeatureCharts: params.maxFeatureCharts,
    pinnedAnswers: params.pinnedAnswers,
  };
  ctx.emit({ type: 'progress', fraction: 0.05, message: 'confidence intervals' });

  let intervals: ReportFacts['intervals'] = {};
  const intervalNotes: string[] = [];
  if (model !== undefined && inputs.table !== undefined && params.includeMetrics) {
    try {
      const names = Object.keys(metrics.scores[metrics.headline.partition] ?? {});
      const outcome = metricIntervals(metrics, model, inputs.table, { resamples: metrics.headline.ci?.resamples ?? 1000, seed: metrics.headline.ci?.seed ?? 0, metrics: names });
      intervals = outcome.intervals;
      intervalNotes.push(...outcome.notes);
    } catch (thrown) {
      intervalNotes.push(`Confidence intervals other than the headline's could not be computed: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
  } else if (metrics.headline.ci !== null) {
    intervals = { [metrics.headline.partition]: { [metrics.headline.metric]: metrics.headline.ci } };
    intervalNotes.push('Only the headline metric has a confidence interval: connect the model and the training table to the Report node for intervals on every metric.');
  }
  checkCancelled(ctx.signal);

  let importance: ImportanceFacts | null = inputs.importance === undefined ? null : importanceFromTable(inputs.importance);
  if (importance === null && params.computeImportance && model !== undefined && inputs.table !== undefined) {
    ctx.emit({ type: 'progress', fraction: 0.2, message: 'feature importance' });
    importance = await computeImportance(model, inputs.table, ctx);
  }
  const facts: ReportFacts = {
    options,
    metrics,
    model,
    predictions: inputs.predictions,
    table: inputs.table,
    task: metrics.task,
    target,
    features,
    classes: metrics.task === 'classification' ? metrics.classes : [],
    heldOut: metrics.rowCounts[metrics.headline.partition] ?? 0,
    intervals,
    intervalNotes,
    importance,
    drift: driftFacts(inputs, features),
    gates: gateFacts(metrics, ctx.lineage, ctx.nodeId),
    lineage: ctx.lineage,
    graph: ctx.lineage?.graph ?? null,
    runId: ctx.runId,
    nodeId: ctx.nodeId,
    createdAt: ctx.now,
    backend: ctx.backend,
  };
  checkCancelled(ctx.signal);

  const sections: ReportSection[] = [summarySection(facts)];
  if (params.includeDataProfile) sections.push(dataSection(facts));
  if (params.includePipeline) sections.push(pipelineSection(facts, ctx.specs));
  if (params.includeModelCard) sections.push(modelSection(facts));
  if (params.includeMetrics) sections.push(metricsSection(facts));
  const predicted = params.includePredictions ? predictionsSection(facts) : null;
  if (predicted !== null) sections.push(predicted.section);
  const answers = answersSection(options.pinnedAnswers);
  if (answers !== null) sections.push(answers);
  if (params.includeLineage) sections.push(lineageSection(facts, ctx.specs));

  ctx.emit({ type: 'progress', fraction: 0.6, message: 'charts' });
  await renderCharts(sections, ctx);
  const n = features.length;
  return {
    format: 'modelwright.report',
    version: 1,
    title: options.title,
    subtitle: `Predicting ${target} from ${plural(n, 'column')} · ${metrics.task}`,
    author: options.author,
    audience: options.audience,
    createdAt: ctx.now.toISOString(),
    runId: ctx.runId,
    sections,
    attachments: predicted === null ? [] : [predicted.attachment],
  };
}

function pipelineSection(facts: ReportFacts, specs: SpecLookup): ReportSection {
  if (facts.graph === null) {
    return { id: 'pipeline', title: 'Pipeline', blocks: [paragraph('The pipeline is not known: the report was built outside a recorded run.')] };
  }
  const block = pipelineBlock(facts.graph, facts.nodeId, specs, facts.options.audience);
  const rows = block.nodes.filter((n) => n.params.length > 0).map((n) => [n.label ?? n.title, n.params.map((p) => `${p.key}: ${p.value}`).join('; ')]);
  return {
    id: 'pipeline',
    title: 'Pipeline',
    blocks: [
      paragraph(`The ${plural(block.nodes.length, 'step')} that produced these results, from the data files at the top to this report at the bottom. Each box shows the step and its settings; every transform learnt its settings from the training rows only.`),
      block,
      tableBlock(['Step', facts.options.audience === 'technical' ? 'Parameters' : 'Parameters changed from their defaults'], rows, { id: 'pipeline-params' }),
    ],
  };
}

/** Renders every chart block's spec to SVG in place; a chart that fails keeps `svg: null` (its alt text shows). */
async function renderCharts(sections: ReportSection[], ctx: ReportBuildContext): Promise<void> {
  let index = 0;
  for (const section of sections) {
    for (let i = 0; i < section.blocks.length; i++) {
      const block = section.blocks[i]!;
      if (block.kind !== 'chart') continue;
      checkCancelled(ctx.signal);
      index++;
      try {
        const { svg } = await renderChartSvg(block.spec, `c${index}-${block.id}`);
        section.blocks[i] = { ...block, svg };
      } catch (thrown) {
        ctx.emit({ type: 'log', level: 'warn', message: `The chart "${block.title}" could not be drawn: ${thrown instanceof Error ? thrown.message : String(thrown)}` });
      }
    }
  }
}
