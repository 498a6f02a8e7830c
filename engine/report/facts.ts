/**
 * What the report's sections share, worked out once from the Report node's inputs: the task, the target
 * and its units, the features, the held-out rows, confidence intervals, feature importance, drift, gates.
 */
import type { Column, Table } from '../data/table';
import { targetColumn } from '../data/table';
import type { Graph } from '../graph/schema';
import type { MetricsResult, ConfidenceInterval, EvaluationPartition } from '../ml/metrics/types';
import type { ModelBundle } from '../ml/model';
import type { Predictions } from '../ml/predictions';
import type { Audience } from './document';
import type { DriftReport } from '../mlops/drift';
import type { Intervals } from './intervals';
import type { RunLineage } from './lineage';
import type { PinnedAnswer } from './params';

export interface ImportanceItem {
  readonly feature: string;
  readonly importance: number;
  readonly std: number;
}

export interface ImportanceFacts {
  readonly items: readonly ImportanceItem[];
  /** Where it came from, in words ("permutation importance, drop in accuracy over 5 shuffles, 114 test rows"). */
  readonly method: string;
  /** Scored on all rows instead of held-out rows: shows what the model uses, not what generalises. */
  readonly onTrainingRows: boolean;
}

export interface GateFacts {
  readonly label: string;
  readonly passed: boolean;
  readonly conditions: readonly { readonly label: string; readonly actual: number | null; readonly passed: boolean }[];
}

export interface ReportOptions {
  readonly title: string;
  readonly author: string;
  readonly audience: Audience;
  /** Unit of the target ("$", "kg"); empty when unknown. */
  readonly unit: string;
  readonly intendedUse: string;
  readonly limitations: string;
  readonly maxFeatureCharts: number;
  readonly pinnedAnswers: readonly PinnedAnswer[];
}

export interface ReportFacts {
  readonly options: ReportOptions;
  readonly metrics: MetricsResult;
  readonly model: ModelBundle | undefined;
  readonly predictions: Predictions | undefined;
  readonly table: Table | undefined;
  readonly task: MetricsResult['task'];
  /** The target's name, or "the target" when no input names it. */
  readonly target: string;
  /** The raw columns the model uses (its input schema), else the table's feature columns. */
  readonly features: readonly string[];
  readonly classes: readonly string[];
  /** The headline partition's row count (held-out test rows, or all rows under cross-validation). */
  readonly heldOut: number;
  readonly intervals: Intervals;
  readonly intervalNotes: readonly string[];
  readonly importance: ImportanceFacts | null;
  /** The new rows (Predict's input) against the training rows, or null without both. */
  readonly drift: DriftReport | null;
  readonly gates: readonly GateFacts[];
  readonly lineage: RunLineage | null;
  /** The graph the run used (from the lineage), or null. */
  readonly graph: Graph | null;
  readonly runId: string;
  readonly nodeId: string;
  readonly createdAt: Date;
  readonly backend: unknown;
}

export function intervalOf(facts: ReportFacts, partition: EvaluationPartition, metric: string): ConfidenceInterval | null {
  const fromReport = facts.intervals[partition]?.[metric];
  if (fromReport !== undefined) return fromReport;
  const h = facts.metrics.headline;
  return h.partition === partition && h.metric === metric ? h.ci : null;
}

export function scoreOf(facts: ReportFacts, partition: EvaluationPartition, metric: string): number | null {
  return facts.metrics.scores[partition]?.[metric] ?? null;
}

/** The target column of the profiled table, if the table has one. */
export function tableTarget(facts: ReportFacts): Column | undefined {
  if (facts.table === undefined) return undefined;
  return targetColumn(facts.table) ?? facts.table.columns.find((c) => c.name === facts.target);
}

/** Class counts of the headline partition (rows of the confusion matrix), or null for regression. */
export function classCounts(facts: ReportFacts): number[] | null {
  const m = facts.metrics;
  if (m.task !== 'classification') return null;
  return m.curves.confusionMatrix.map((row) => row.reduce((a, b) => a + b, 0));
}

/** Correctly predicted rows of the headline partition (the confusion matrix diagonal). */
export function correctCount(facts: ReportFacts): { correct: number; total: number } | null {
  const m = facts.metrics;
  if (m.task !== 'classification') return null;
  const cm = m.curves.confusionMatrix;
  let correct = 0;
  let total = 0;
  cm.forEach((row, i) =>
    row.forEach((v, j) => {
      total += v;
      if (i === j) correct += v;
    }),
  );
  return { correct, total };
}
