/**
 * The Report node's parameters. Pure (zod only): the spec, the inspector form and saved projects use it.
 * Sections are flat switches so the inspector shows them as check boxes.
 */
import { z } from 'zod';

/**
 * An answer pinned from the query box (issue 7): the question, how it was read, the one-sentence answer and
 * an optional small table. Plain data, shown in the report's "Questions answered" section.
 */
export const pinnedAnswerSchema = z.object({
  question: z.string().max(500),
  reading: z.string().max(1000),
  sentence: z.string().max(2000),
  table: z
    .object({
      columns: z.array(z.string().max(200)).max(50),
      rows: z.array(z.array(z.union([z.string().max(1000), z.number(), z.boolean(), z.null()])).max(50)).max(200),
    })
    .optional(),
});
export type PinnedAnswer = z.infer<typeof pinnedAnswerSchema>;

export const reportParams = z.object({
  title: z.string().max(200).default('Model report').describe('Shown at the top of the report and used for the file name.'),
  author: z.string().max(200).default('').describe('Who prepared the report (optional).'),
  audience: z
    .enum(['plain', 'technical'])
    .default('plain')
    .describe('Plain: the key metrics explained in words. Technical: every metric, parameter and fold score.'),
  targetUnit: z
    .string()
    .max(12)
    .default('')
    .describe('Unit of the predicted number, e.g. $ or kg, so errors read "typical error $21,300" (regression).'),
  intendedUse: z.string().max(5000).default('').describe('What the model is for and who should use it (model card).'),
  limitations: z.string().max(5000).default('').describe('Where the model should not be used, known weaknesses (model card).'),
  includeDataProfile: z.boolean().default(true).describe('Rows, columns, types, missing values and distributions (needs the training table).'),
  includePipeline: z.boolean().default(true).describe('A diagram of the nodes that produced the results, with their parameters.'),
  includeModelCard: z.boolean().default(true).describe('Model type and parameters, backend, training time, epochs, seed (needs the model).'),
  includeMetrics: z.boolean().default(true).describe('Scores with 95% confidence intervals, train and test, and the charts.'),
  includePredictions: z.boolean().default(true).describe('A summary of the predictions on new data and the companion CSV (needs Predict).'),
  includeLineage: z.boolean().default(true).describe('Run id, date, graph hash, SHA-256 of every data file, software versions.'),
  computeImportance: z
    .boolean()
    .default(true)
    .describe('Without an Explain node connected, compute permutation feature importance for the report (needs the model and table).'),
  maxFeatureCharts: z.number().int().min(0).max(60).default(12).describe('Most feature distributions drawn in the data profile.'),
  pinnedAnswers: z.array(pinnedAnswerSchema).max(50).default([]).describe('Answers pinned from the query box.'),
});
export type ReportParams = z.output<typeof reportParams>;
