/**
 * The Report port value: a typed document model (sections of blocks) that the renderers turn into one
 * self-contained HTML file (./html.ts) and a PDF (./pdf.ts), and that the app previews. Plain JSON but for
 * nothing: every string in it is the user's or ours as plain text; renderers escape all of it.
 * Validators first; types are inferred.
 */
import { z } from 'zod';

/** Sections in the order the report shows them (issue 6 "Contents"). */
export const reportSectionIds = ['summary', 'data', 'pipeline', 'model', 'metrics', 'predictions', 'answers', 'lineage'] as const;
export const reportSectionIdSchema = z.enum(reportSectionIds);
export type ReportSectionId = z.infer<typeof reportSectionIdSchema>;

export const audienceSchema = z.enum(['plain', 'technical']);
export type Audience = z.infer<typeof audienceSchema>;

/**
 * A table cell: preformatted text, optionally with the exact number behind it (written as `data-value`, so
 * a reader, a test or an auditor can check the figure against the run's metrics without rounding).
 */
export const cellSchema = z.union([z.string(), z.object({ text: z.string(), value: z.number().optional(), tone: z.enum(['good', 'bad', 'muted']).optional() })]);
export type Cell = z.infer<typeof cellSchema>;

const headingBlock = z.object({ kind: z.literal('heading'), text: z.string(), level: z.union([z.literal(3), z.literal(4)]) });
const paragraphBlock = z.object({ kind: z.literal('paragraph'), text: z.string(), lead: z.boolean().optional() });
const listBlock = z.object({ kind: z.literal('list'), items: z.array(z.string()) });

/** Large figures shown as tiles ("typical error $21,300"). */
const figuresBlock = z.object({
  kind: z.literal('figures'),
  items: z.array(z.object({ label: z.string(), value: z.string(), detail: z.string().optional(), number: z.number().optional() })),
});

const keyValueBlock = z.object({
  kind: z.literal('key-value'),
  title: z.string().optional(),
  rows: z.array(z.object({ key: z.string(), value: cellSchema })),
});

const tableBlock = z.object({
  kind: z.literal('table'),
  title: z.string().optional(),
  caption: z.string().optional(),
  columns: z.array(z.object({ name: z.string(), align: z.enum(['left', 'right']).default('left') })),
  rows: z.array(z.array(cellSchema)),
  /** A machine-readable name for the table (e.g. "metrics"), written as an attribute. */
  id: z.string().optional(),
  /** A machine-readable key per row (e.g. the metric name), written as an attribute. */
  rowKeys: z.array(z.string()).optional(),
});

/** A chart: its Vega-Lite spec (the same builders as the app's results panels) and the SVG rendered headless. */
const chartBlock = z.object({
  kind: z.literal('chart'),
  id: z.string(),
  title: z.string(),
  caption: z.string().optional(),
  /** Text alternative for screen readers and for when the SVG is missing. */
  alt: z.string(),
  spec: z.record(z.string(), z.unknown()),
  /** SVG rendered by vega's headless View, ids already namespaced; null when rendering failed (alt is shown). */
  svg: z.string().nullable(),
  /** Half width: two such charts share a row. */
  half: z.boolean().optional(),
});

export const pipelineNodeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  /** The user's label when it differs from the title. */
  label: z.string().optional(),
  category: z.string(),
  /** The node face's one-line summary of its parameters. */
  summary: z.string(),
  params: z.array(z.object({ key: z.string(), value: z.string() })),
  /** The node this report was built by. */
  self: z.boolean().optional(),
});
export type PipelineNode = z.infer<typeof pipelineNodeSchema>;

export const pipelineEdgeSchema = z.object({ from: z.string(), to: z.string(), type: z.string() });
export type PipelineEdge = z.infer<typeof pipelineEdgeSchema>;

/** The graph that produced the results; the renderer draws it as an SVG diagram (./pipeline-svg.ts). */
const pipelineBlock = z.object({ kind: z.literal('pipeline'), nodes: z.array(pipelineNodeSchema), edges: z.array(pipelineEdgeSchema) });

const calloutBlock = z.object({
  kind: z.literal('callout'),
  tone: z.enum(['info', 'caveat', 'warning']),
  title: z.string(),
  text: z.string(),
});

export const blockSchema = z.discriminatedUnion('kind', [
  headingBlock,
  paragraphBlock,
  listBlock,
  figuresBlock,
  keyValueBlock,
  tableBlock,
  chartBlock,
  pipelineBlock,
  calloutBlock,
]);
export type Block = z.infer<typeof blockSchema>;
export type ChartBlock = z.infer<typeof chartBlock>;
export type TableBlock = z.infer<typeof tableBlock>;
export type PipelineBlock = z.infer<typeof pipelineBlock>;
export type CalloutBlock = z.infer<typeof calloutBlock>;

export const sectionSchema = z.object({ id: reportSectionIdSchema, title: z.string(), blocks: z.array(blockSchema) });
export type ReportSection = z.infer<typeof sectionSchema>;

/** A file that goes beside the report (the full predictions as CSV, already formula-escaped). */
export const attachmentSchema = z.object({
  /** Suffix of the file name: the report "houses.html" gets "houses-predictions.csv". */
  suffix: z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/),
  mediaType: z.literal('text/csv'),
  description: z.string(),
  rows: z.number().int().nonnegative(),
  content: z.string(),
});
export type ReportAttachment = z.infer<typeof attachmentSchema>;

export const reportDocumentSchema = z.object({
  format: z.literal('modelwright.report'),
  version: z.literal(1),
  title: z.string(),
  /** One line under the title, e.g. "Predicting price from 6 columns". */
  subtitle: z.string(),
  author: z.string(),
  audience: audienceSchema,
  /** When the document was built (ISO-8601). */
  createdAt: z.string(),
  runId: z.string(),
  sections: z.array(sectionSchema),
  attachments: z.array(attachmentSchema),
});

/** The Report port value. */
export type ReportDocument = z.infer<typeof reportDocumentSchema>;

/** Summary of a Report output that crosses to the renderer (the document itself stays in the engine). */
export const reportSummarySchema = z.object({
  type: z.literal('Report'),
  title: z.string(),
  sections: z.array(z.object({ id: reportSectionIdSchema, title: z.string() })),
  charts: z.number().int().nonnegative(),
  attachments: z.array(z.object({ suffix: z.string(), rows: z.number().int().nonnegative() })),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

export function summarizeReport(document: ReportDocument): ReportSummary {
  return {
    type: 'Report',
    title: document.title,
    sections: document.sections.map((s) => ({ id: s.id, title: s.title })),
    charts: document.sections.reduce((n, s) => n + s.blocks.filter((b) => b.kind === 'chart').length, 0),
    attachments: document.attachments.map((a) => ({ suffix: a.suffix, rows: a.rows })),
  };
}
