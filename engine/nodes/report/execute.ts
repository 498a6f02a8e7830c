/**
 * Report: builds the report document from the connected results (engine/report/build.ts). When the run
 * has an artifacts folder (the CLI's --out, the run store) the HTML and its companion CSV are written there
 * too, so every recorded run keeps its report.
 */
import { join } from 'node:path';
import { MwError, toErrorInfo } from '../../errors';
import { BACKEND_INFO_KEY, backendForStep } from '../../ml/backend/step';
import { buildReport } from '../../report/build';
import { exportReport } from '../../report/export';
import { lineageOf } from '../../report/lineage';
import { fileStemFromTitle } from '../../report/sanitize';
import { defineNode } from '../node';
import { specForKind } from '../specs';
import { optionalInput, portValue, requireInput } from '../values';
import { reportSpec } from './spec';

export const reportNode = defineNode(reportSpec, async (inputs, params, ctx) => {
  if (inputs['metrics'] === undefined) throw new MwError('MW_REPORT_NO_METRICS', { location: { port: 'metrics' } });
  const metrics = requireInput(inputs, 'metrics', 'Metrics');
  const model = optionalInput(inputs, 'model', 'Model');
  const table = optionalInput(inputs, 'table', 'Table');
  const predictions = optionalInput(inputs, 'predictions', 'Predictions');
  const importance = optionalInput(inputs, 'importance', 'Table');
  // Scoring the model again (intervals, importance) needs the TensorFlow.js backend ready.
  if (model !== undefined && table !== undefined) await backendForStep(ctx);
  const lineage = lineageOf(ctx.runInfo);
  const document = await buildReport(
    { metrics, model, table, predictions, importance },
    params,
    {
      runId: ctx.runId,
      nodeId: ctx.nodeId,
      now: lineage === null ? new Date() : new Date(lineage.startedAt),
      lineage,
      backend: ctx.runInfo[BACKEND_INFO_KEY],
      specs: specForKind,
      signal: ctx.signal,
      emit: ctx.emit,
      warn: ctx.warn,
    },
  );
  if (ctx.artifactsDir !== undefined) {
    const htmlPath = join(ctx.artifactsDir, `${fileStemFromTitle(document.title)}.html`);
    try {
      const written = await exportReport(document, { htmlPath, files: ctx.files });
      ctx.emit({ type: 'log', level: 'info', message: `Wrote the report to ${written.html.path}.` });
    } catch (thrown) {
      ctx.warn({ ...toErrorInfo(thrown), message: `The report could not be written to the run folder: ${toErrorInfo(thrown).message}` });
    }
  }
  const charts = document.sections.reduce((n, s) => n + s.blocks.filter((b) => b.kind === 'chart').length, 0);
  ctx.emit({ type: 'log', level: 'info', message: `Report “${document.title}”: ${document.sections.length} sections, ${charts} charts.` });
  return { report: portValue('Report', document) };
});
