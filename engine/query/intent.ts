/**
 * The typed result of reading a plain-text question (issue 7): what the parser understood, as data.
 * Pure zod schemas (plus `applyGraphEdit`, a pure function) with no engine dependencies beyond the Table's
 * column types and the graph format, so the renderer can import them (query box, history, clickable
 * ambiguity choices, applying a graph edit as one undoable command) and the host can validate payloads.
 *
 * Every intent carries `reading`: the sentence that says how the question was understood, shown
 * before any answer, so a wrong reading is visible. Typos that were corrected are listed too.
 */
import { z } from 'zod';
import { columnRoleSchema, columnTypeSchema } from '../data/table';
import { graphEdgeSchema, graphNodeSchema, type Graph } from '../graph/schema';

/** Longer questions are refused (MW_QUERY_TOO_LONG); anything up to this is parsed. */
export const QUERY_MAX_CHARS = 2000;

const columnName = z.string().min(1).max(1000);
const scalar = z.union([z.number(), z.string(), z.boolean()]);
export type Scalar = z.infer<typeof scalar>;

// ── What the parser knows about the open project ───────────────────────────────────────────────

export const queryColumnSchema = z.object({
  name: columnName,
  type: columnTypeSchema,
  role: columnRoleSchema.optional(),
  /** Category values (categorical/text columns), most frequent first; capped by the context builder. */
  categories: z.array(z.string()).optional(),
  /** Range of numeric columns, used to say which column a bare number could belong to. */
  min: z.number().optional(),
  max: z.number().optional(),
});
export type QueryColumn = z.infer<typeof queryColumnSchema>;

export const queryModelInfoSchema = z.object({
  target: columnName,
  task: z.enum(['classification', 'regression']),
  /** Raw input columns the model expects. */
  inputs: z.array(columnName),
  classes: z.array(z.string()).default([]),
});
export type QueryModelInfo = z.infer<typeof queryModelInfoSchema>;

export const queryContextSchema = z.object({
  columns: z.array(queryColumnSchema),
  rowCount: z.number().int().nonnegative(),
  /** Node kinds present on the canvas (e.g. to know whether a Split or a Train exists). */
  nodeKinds: z.array(z.string()).default([]),
  /** The latest trained model, or null when none has been trained yet. */
  model: queryModelInfoSchema.nullable().default(null),
  /** ISO date used to turn years into ages ("built after 2000"); absent = such phrases are not read. */
  today: z.string().optional(),
});
export type QueryContext = z.infer<typeof queryContextSchema>;
export type QueryContextInput = z.input<typeof queryContextSchema>;

// ── Shared pieces ──────────────────────────────────────────────────────────────────────────────

export const filterOpSchema = z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'missing', 'present']);
export type FilterOp = z.infer<typeof filterOpSchema>;

/** One row condition. Dates are ISO strings; `in` takes a list; `missing`/`present` take no value. */
export const filterSchema = z.object({
  column: columnName,
  op: filterOpSchema,
  value: z.union([scalar, z.array(scalar), z.null()]),
});
export type Filter = z.infer<typeof filterSchema>;

/** Parts of a date column a question can group by ("average price by month"). */
export const datePartSchema = z.enum(['year', 'month', 'weekday']);
export type DatePart = z.infer<typeof datePartSchema>;

/**
 * A grouping key is a column name, or a part of a date column written `month of listed`
 * (years as YYYY, months as YYYY-MM, weekdays Mon…Sun; all in UTC).
 */
export function datePartKey(part: DatePart, column: string): string {
  return `${part} of ${column}`;
}

/** The part and date column of a `month of listed` key, or null for a plain column name. */
export function parseDatePartKey(key: string): { part: DatePart; column: string } | null {
  const m = /^(year|month|weekday) of (.+)$/.exec(key);
  const part = datePartSchema.safeParse(m?.[1]);
  return m === null || !part.success || m[2] === undefined ? null : { part: part.data, column: m[2] };
}

export const aggregateSchema = z.enum(['count', 'sum', 'mean', 'median', 'min', 'max', 'distinct', 'missing']);
export type Aggregate = z.infer<typeof aggregateSchema>;

export const correctionSchema = z.object({ typed: z.string(), read: z.string() });
export type Correction = z.infer<typeof correctionSchema>;

const base = {
  /** How the question was read, in a sentence ("Mean of price, grouped by city, over 2,000 rows"). */
  reading: z.string(),
  /** Words that were matched with a typo or a synonym, so the user can see it. */
  corrections: z.array(correctionSchema).default([]),
};

// ── Data questions ─────────────────────────────────────────────────────────────────────────────

const filters = z.array(filterSchema).max(20);

export const dataQuerySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('aggregate'),
    aggregate: aggregateSchema,
    /** The measured column; absent for a row count or "missing values in every column". */
    column: columnName.optional(),
    /** Column names, or date parts of a column (`datePartKey`: "month of listed"). */
    groupBy: z.array(columnName).max(2),
    filters,
    /** Order groups by the aggregate ("which city has the highest mean price": desc, limit 1). */
    sort: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().positive().optional(),
  }),
  z.object({
    type: z.literal('top-n'),
    n: z.number().int().positive().max(1000),
    by: columnName,
    order: z.enum(['asc', 'desc']),
    filters,
  }),
  z.object({ type: z.literal('distribution'), column: columnName, filters }),
  /** Pearson correlation of `a` with `b`, or with every other numeric column when `b` is absent. */
  z.object({ type: z.literal('correlation'), a: columnName, b: columnName.optional(), filters }),
  /** Mean of `measure` per value of `by` (a boolean or categorical column), optionally only some values. */
  z.object({
    type: z.literal('comparison'),
    measure: columnName,
    by: columnName,
    values: z.array(scalar).optional(),
    filters,
  }),
  /** The rows matching the filters ("houses in Lakeside with a garage"). */
  z.object({ type: z.literal('rows'), filters, limit: z.number().int().positive().max(1000) }),
]);
export type DataQuery = z.infer<typeof dataQuerySchema>;

// ── Graph building and editing ─────────────────────────────────────────────────────────────────

export const modelKindSchema = z.enum(['auto', 'linear', 'logistic', 'neural-network', 'random-forest', 'gradient-boosting']);
export type ModelKind = z.infer<typeof modelKindSchema>;

export const imputeStrategySchema = z.enum(['mean', 'median', 'most-frequent', 'constant']);
/** Fractions said in the question; the ones not said keep the Split node's current (or default) values. */
export const splitFractionsSchema = z
  .object({
    train: z.number().gt(0).lt(1).optional(),
    validation: z.number().gte(0).lt(1).optional(),
    test: z.number().gt(0).lt(1).optional(),
  })
  .refine((f) => f.train !== undefined || f.validation !== undefined || f.test !== undefined, 'Give at least one fraction.');
export type SplitFractions = z.infer<typeof splitFractionsSchema>;

const hiddenLayers = z.array(z.number().int().positive().max(4096)).min(1).max(10);

export const editOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('impute'), strategy: imputeStrategySchema.optional(), value: scalar.optional(), columns: z.array(columnName).optional() }),
  z.object({ op: z.literal('split'), fractions: splitFractionsSchema }),
  z.object({ op: z.literal('epochs'), epochs: z.number().int().positive().max(100_000) }),
  z.object({ op: z.literal('learning-rate'), value: z.number().positive() }),
  z.object({ op: z.literal('batch-size'), value: z.number().int().positive() }),
  z.object({ op: z.literal('scale'), method: z.enum(['standard', 'min-max', 'robust']) }),
  z.object({ op: z.literal('encode'), method: z.enum(['one-hot', 'ordinal']) }),
  z.object({ op: z.literal('model'), modelKind: modelKindSchema, hiddenLayers: hiddenLayers.optional() }),
  z.object({ op: z.literal('filter'), filters: filters.min(1) }),
  z.object({ op: z.literal('ignore-columns'), columns: z.array(columnName).min(1) }),
  z.object({ op: z.literal('target'), column: columnName }),
  z.object({ op: z.literal('evaluate') }),
  z.object({ op: z.literal('explain') }),
]);
export type EditOp = z.infer<typeof editOpSchema>;

// ── The intent union ───────────────────────────────────────────────────────────────────────────

export const buildModelIntentSchema = z.object({
  kind: z.literal('build-model'),
  ...base,
  target: columnName,
  /** The feature columns; absent = every other column (minus `allExcept`). */
  features: z.array(columnName).optional(),
  allExcept: z.array(columnName).default([]),
  modelKind: modelKindSchema.default('auto'),
  hiddenLayers: hiddenLayers.optional(),
  task: z.enum(['classification', 'regression']).optional(),
  /** Further edits said in the same sentence ("… for 200 epochs, split 70/30"). */
  options: z.array(editOpSchema).default([]),
});

export const editGraphIntentSchema = z.object({ kind: z.literal('edit-graph'), ...base, edits: z.array(editOpSchema).min(1) });

export const dataQuestionIntentSchema = z.object({ kind: z.literal('data-question'), ...base, query: dataQuerySchema });

export const modelTopicSchema = z.enum(['accuracy', 'importance', 'confusion', 'biggest-errors', 'overfitting']);
export type ModelTopic = z.infer<typeof modelTopicSchema>;

export const modelQuestionIntentSchema = z.object({
  kind: z.literal('model-question'),
  ...base,
  topic: modelTopicSchema,
  /** A metric named in the question ("what is the r2"), if any. */
  metric: z.string().optional(),
});

export const whatIfIntentSchema = z.object({
  kind: z.literal('what-if'),
  ...base,
  /** Input values by column name, as typed (the model side checks their types). */
  values: z.record(z.string(), scalar),
  /** The column asked about ("the price"), when named. */
  target: columnName.optional(),
});

export const ambiguityChoiceSchema = z.object({
  label: z.string(),
  /** The column this choice stands for, when the ambiguity is about a column. */
  column: columnName.optional(),
  /** The question rewritten for this choice; submitting it gives an unambiguous reading. */
  query: z.string(),
});
export type AmbiguityChoice = z.infer<typeof ambiguityChoiceSchema>;

export const ambiguityIntentSchema = z.object({
  kind: z.literal('ambiguity'),
  ...base,
  /** The words that could mean several things. */
  term: z.string(),
  choices: z.array(ambiguityChoiceSchema).min(2),
});

export const queryProblemCodeSchema = z.enum([
  'MW_QUERY_EMPTY',
  'MW_QUERY_TOO_LONG',
  'MW_QUERY_NOT_UNDERSTOOD',
  'MW_QUERY_UNKNOWN_COLUMN',
  'MW_QUERY_BAD_VALUE',
]);

export const notUnderstoodIntentSchema = z.object({
  kind: z.literal('not-understood'),
  ...base,
  code: queryProblemCodeSchema,
  /** What went wrong, in a sentence. */
  message: z.string(),
  /** Three questions that would work on this data. */
  suggestions: z.array(z.string()).max(3),
  /** For MW_QUERY_UNKNOWN_COLUMN: the unknown words and the closest column names. */
  unknown: z.object({ term: z.string(), closest: z.array(z.string()) }).optional(),
});

export const intentSchema = z.discriminatedUnion('kind', [
  buildModelIntentSchema,
  editGraphIntentSchema,
  dataQuestionIntentSchema,
  modelQuestionIntentSchema,
  whatIfIntentSchema,
  ambiguityIntentSchema,
  notUnderstoodIntentSchema,
]);
export type Intent = z.infer<typeof intentSchema>;
export type BuildModelIntent = z.infer<typeof buildModelIntentSchema>;
export type EditGraphIntent = z.infer<typeof editGraphIntentSchema>;
export type DataQuestionIntent = z.infer<typeof dataQuestionIntentSchema>;
export type ModelQuestionIntent = z.infer<typeof modelQuestionIntentSchema>;
export type WhatIfIntent = z.infer<typeof whatIfIntentSchema>;
export type AmbiguityIntent = z.infer<typeof ambiguityIntentSchema>;
export type NotUnderstoodIntent = z.infer<typeof notUnderstoodIntentSchema>;

// ── Answers ────────────────────────────────────────────────────────────────────────────────────

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export const answerTableSchema = z.object({ columns: z.array(z.string()), rows: z.array(z.array(cell)) });
export type AnswerTable = z.infer<typeof answerTableSchema>;

/** What the query box shows: the reading first, then a sentence, a table and optionally a chart. */
export const answerSchema = z.object({
  reading: z.string(),
  sentence: z.string(),
  table: answerTableSchema.optional(),
  /** A Vega-Lite specification (plain JSON, data inline). */
  chart: z.record(z.string(), z.unknown()).optional(),
  /** Caveats said alongside the answer (filled-in inputs, rows skipped as missing, …). */
  notes: z.array(z.string()).default([]),
});
export type Answer = z.infer<typeof answerSchema>;

// ── Graph edits (what "build" and "edit" questions do to the canvas) ───────────────────────────

const position = z.object({ x: z.number().finite(), y: z.number().finite() });

/**
 * A change to the canvas, applied as one undoable command: nodes to add (with validated params and
 * positions), edges to add and remove, params to replace and nodes to move.
 */
export const graphEditSchema = z.object({
  summary: z.string(),
  addNodes: z.array(graphNodeSchema),
  addEdges: z.array(graphEdgeSchema),
  removeEdges: z.array(z.string()),
  setParams: z.array(z.object({ nodeId: z.string(), params: z.record(z.string(), z.unknown()) })),
  moveNodes: z.array(z.object({ nodeId: z.string(), position })),
});
export type GraphEdit = z.infer<typeof graphEditSchema>;

/** Applies a graph edit (pure: returns a new graph; the old one stays for undo). */
export function applyGraphEdit(graph: Graph, edit: GraphEdit): Graph {
  const removed = new Set(edit.removeEdges);
  const params = new Map(edit.setParams.map((p) => [p.nodeId, p.params]));
  const moves = new Map(edit.moveNodes.map((m) => [m.nodeId, m.position]));
  const nodes = [...graph.nodes, ...edit.addNodes].map((n) => {
    const p = params.get(n.id);
    const at = moves.get(n.id);
    return p === undefined && at === undefined ? n : { ...n, ...(p === undefined ? {} : { params: p }), ...(at === undefined ? {} : { position: at }) };
  });
  return { ...graph, nodes, edges: [...graph.edges.filter((e) => !removed.has(e.id)), ...edit.addEdges] };
}
