/**
 * `modelwright monitor MODEL_DIR new.csv`: drift of new data against a model folder's reference.json
 * (the training-data profile saved with every recorded model), including prediction drift: the model
 * predicts the new rows and their distribution is compared with its predictions on the training rows.
 */
import { MwError } from '../errors';
import { readCsv } from '../data/csv/index';
import { allRows } from '../data/table';
import type { FileAccess } from '../io/files';
import { ensureBackend } from '../ml/backend/select';
import { loadModel } from '../ml/model-files/index';
import { preparedFor } from '../ml/train/infer';
import { checkColumns, driftReport, type DriftReport, type DriftThresholds } from './drift';
import { readReference, REFERENCE_FILE } from './export';
import { predictionColumn } from './reference';

export interface MonitorOptions {
  readonly thresholds?: Partial<DriftThresholds>;
  /** Skip prediction drift (no model loading). */
  readonly skipPredictions?: boolean;
}

export async function monitorModelFolder(modelDir: string, csvPath: string, files: FileAccess, options: MonitorOptions = {}): Promise<DriftReport> {
  const reference = await readReference(modelDir);
  if (reference === null) {
    throw new MwError('MW_MODEL_FILE_INVALID', { message: `"${modelDir}" has no ${REFERENCE_FILE}, the training-data profile drift is measured against. Export the model from a recorded run.`, details: { path: modelDir } });
  }
  const { table } = await readCsv(files.openRead(csvPath));
  checkColumns(reference, table);
  const notes: string[] = [];
  let predictions;
  if (options.skipPredictions !== true && reference.prediction !== null) {
    try {
      await ensureBackend();
      const model = await loadModel(modelDir, files);
      const { table: prepared } = preparedFor(model, table);
      predictions = predictionColumn(model, prepared, allRows(prepared.rowCount));
    } catch (thrown) {
      notes.push(`Prediction drift was not checked: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
  }
  const report = driftReport(reference, table, { ...(options.thresholds === undefined ? {} : { thresholds: options.thresholds }), ...(predictions === undefined ? {} : { predictions }) });
  return { ...report, notes: [...report.notes, ...notes] };
}
