/**
 * The one catalog of coded errors. The UI and the tests refer to codes, never to wording.
 * Each entry has a default message and a hint saying what the user can do about it.
 * Add codes here (grouped by area); never throw a bare Error for a user-facing failure.
 */
import { z } from 'zod';

const catalog = {
  // Graph files and compilation
  MW_GRAPH_PARSE: { message: 'The graph file is not valid JSON.', hint: 'The file may be truncated or was edited by hand; open the autosave backup if there is one.' },
  MW_GRAPH_INVALID: { message: 'The graph file does not match the graph format.', hint: 'Check the field named in the error; the file may come from another program.' },
  MW_GRAPH_TOO_NEW: { message: 'The graph file was written by a newer Modelwright.', hint: 'Update Modelwright to open it.' },
  MW_GRAPH_UNSUPPORTED_VERSION: { message: 'The graph file version is not supported.', hint: 'The file may be damaged or from an unknown program.' },
  MW_GRAPH_CYCLE: { message: 'The graph has a cycle: a node depends on its own output.', hint: 'Remove one of the edges named in the error.' },
  MW_GRAPH_DUPLICATE_ID: { message: 'Two nodes or edges share an id.', hint: 'Ids must be unique; re-create one of them.' },
  MW_EDGE_MISSING_NODE: { message: 'An edge points to a node that does not exist.', hint: 'Delete the edge and connect the nodes again.' },
  MW_EDGE_MISSING_PORT: { message: 'An edge points to a port the node does not have.', hint: 'Delete the edge and connect the ports again.' },
  MW_EDGE_TYPE_MISMATCH: { message: 'An edge connects ports of different types.', hint: 'Connect an output to an input of the same type (colours match).' },
  MW_EDGE_INPUT_TAKEN: { message: 'An input port already has an edge; an input takes one edge.', hint: 'Delete the other edge into this port first.' },
  MW_NODE_UNKNOWN_KIND: { message: 'The node kind is unknown.', hint: 'The file may come from a newer Modelwright or use a plug-in that is not installed.' },
  MW_NODE_KIND_TOO_NEW: { message: 'The node was saved by a newer version of its kind.', hint: 'Update Modelwright to run this node.' },
  MW_NODE_INVALID_PARAMS: { message: 'A node parameter is invalid.', hint: 'Fix the parameter named in the error in the inspector.' },
  MW_NODE_MISSING_INPUT: { message: 'A required input is not connected.', hint: 'Connect an edge into the port named in the error.' },
  MW_RUN_TARGET_UNKNOWN: { message: 'The node to run up to does not exist.', hint: 'Select a node on the canvas and run again.' },

  // Runs
  MW_RUN_CANCELLED: { message: 'The run was cancelled.', hint: 'Press Run to start again; finished steps are cached.' },
  MW_RUN_UPSTREAM_FAILED: { message: 'An upstream step failed, so this step did not run.', hint: 'Fix the failed node first.' },
  MW_STEP_FAILED: { message: 'The step failed unexpectedly.', hint: 'This is a bug in Modelwright; the details say where.' },
  MW_RUN_BUSY: { message: 'A run is already in progress.', hint: 'Wait for it to finish or cancel it.' },
  MW_ENGINE_CRASHED: { message: 'The engine process stopped unexpectedly.', hint: 'It has been restarted; run again. Your graph is safe.' },

  // CSV and data
  MW_FILE_NOT_FOUND: { message: 'The data file was not found.', hint: 'Check the path, or import the file again.' },
  MW_FILE_UNREADABLE: { message: 'The data file could not be read.', hint: 'Check that the file is not locked or a folder.' },
  MW_CSV_EMPTY: { message: 'The CSV file is empty.', hint: 'Choose a file that has a header row and data rows.' },
  MW_CSV_NO_ROWS: { message: 'The CSV file has a header but no data rows.', hint: 'Choose a file with at least one data row.' },
  MW_CSV_RAGGED_ROW: { message: 'A row has a different number of fields than the header.', hint: 'Fix the row in the file, or turn on "skip bad rows".' },
  MW_CSV_UNTERMINATED_QUOTE: { message: 'A quoted field is not closed.', hint: 'A quote character is missing; fix the row named in the error.' },
  MW_CSV_MALFORMED_QUOTE: { message: 'A quote appears inside an unquoted field or after a closing quote.', hint: 'Quote the whole field and double the quotes inside it, or skip bad rows.' },
  MW_CSV_BINARY: { message: 'The file looks binary, not like text.', hint: 'Choose a CSV (comma-separated text) file.' },
  MW_CSV_UTF16: { message: 'The file is UTF-16 encoded.', hint: 'Save it as UTF-8 CSV (most spreadsheet programs offer "CSV UTF-8").' },
  MW_CSV_TOO_MANY_COLUMNS: { message: 'The file has more columns than Modelwright can handle.', hint: 'Select fewer columns before importing.' },
  MW_CSV_FIELD_TOO_LARGE: { message: 'A field is larger than the limit.', hint: 'The file may not be a CSV, or a quote is unbalanced.' },
  MW_CSV_DUPLICATE_HEADER: { message: 'Some header names were empty or repeated and were renamed.', hint: 'Rename the columns in the file if the new names are unclear.' },
  MW_CSV_LATIN1: { message: 'The file is not valid UTF-8; it was read as Latin-1 (Windows-1252).', hint: 'Check accented letters; save the file as "CSV UTF-8" to be sure.' },
  MW_CSV_SKIPPED_ROWS: { message: 'Some bad rows were skipped.', hint: 'The details list the first rows skipped; fix them in the file to keep them.' },
  MW_CSV_REFORMATTED: { message: 'A column first looked numeric; its earlier numbers are shown in plain number form.', hint: 'Quote the values in the file, or set the column type, to keep their exact text.' },
  MW_CSV_BAD_VALUES: { message: 'Some values do not fit the column type that was set and were read as missing.', hint: 'Check the column type, or fix the values named in the details.' },
  MW_COLUMN_NOT_FOUND: { message: 'A column named in the parameters does not exist.', hint: 'Pick a column from the list; the data may have changed.' },
  MW_COLUMN_WRONG_TYPE: { message: 'A column has the wrong type for this operation.', hint: 'Pick a column of the type named in the error.' },
  MW_TABLE_NO_FEATURES: { message: 'The table has no feature columns.', hint: 'Mark at least one column as a feature in Select Columns.' },
  MW_TABLE_NO_TARGET: { message: 'No target column is set.', hint: 'Choose the column to predict in Select Columns.' },
  MW_TABLE_EMPTY: { message: 'No rows are left to work on.', hint: 'Loosen the filter, or check the split fractions.' },
  MW_SPLIT_FRACTIONS: { message: 'The split fractions leave no training rows.', hint: 'Make test + validation less than 1.' },
  MW_SPLIT_CLASS_TOO_SMALL: { message: 'A class has too few rows to stratify the split.', hint: 'Turn stratification off, merge rare classes, or get more data.' },
  MW_FILTER_BAD_VALUE: { message: 'A filter value does not fit the column type.', hint: 'Enter a value of the column type (a number for numeric columns).' },
  MW_IMPUTE_ALL_MISSING: { message: 'A column has no values in the training rows to learn a fill value from.', hint: 'It was filled with the constant instead; consider ignoring the column.' },
  MW_PROJECT_CORRUPT: { message: 'The project file is damaged and cannot be opened.', hint: 'Nothing was overwritten. Try the autosave backup or an earlier copy.' },
  MW_PROJECT_NOT_FOUND: { message: 'The project was not found.', hint: 'It may have been moved or deleted.' },
  MW_IMPORT_NOT_CSV: { message: 'Only CSV files can be imported as data.', hint: 'Export the data as CSV from your spreadsheet program.' },
  MW_IMPORT_TOO_LARGE: { message: 'The file is larger than the import limit.', hint: 'Split the file or raise the limit in settings.' },

  // Training, evaluation, prediction
  MW_BACKEND_UNAVAILABLE: { message: 'The requested TensorFlow.js backend could not be loaded.', hint: 'Unset MODELWRIGHT_BACKEND, or install the backend package.' },
  MW_TRAIN_ONE_CLASS: { message: 'The target has only one class in the training rows.', hint: 'A classifier needs at least two classes; check the target and the split.' },
  MW_TRAIN_DIVERGED: { message: 'Training diverged: the loss became NaN or infinite.', hint: 'Lower the learning rate, or scale the features (add a Scale node).' },
  MW_TRAIN_NO_ROWS: { message: 'There are no training rows.', hint: 'Check the split and any filters upstream.' },
  MW_TRAIN_BAD_TARGET: { message: 'The target column cannot be used for this task.', hint: 'Choose a numeric target for regression or a categorical one for classification.' },
  MW_TRAIN_TEXT_FEATURE: { message: 'A text or identifier column is used as a feature.', hint: 'Identifiers rarely generalise; mark the column as ignored.' },
  MW_TRAIN_AUTO_NO_BUDGET: { message: 'Auto had no time to compare models, so it trained one default model.', hint: 'Give Auto a time budget of a few seconds or more to compare linear, network and tree models.' },
  MW_TRAIN_MANY_CATEGORIES: { message: 'A category column has too many distinct values to use them all.', hint: 'Rare categories are treated as unseen; group them, or mark an identifier-like column as ignored.' },
  MW_TRAIN_ZERO_EPOCHS: { message: 'The number of epochs is zero.', hint: 'Set at least one epoch.' },
  MW_EVAL_NO_ROWS: { message: 'There are no rows to evaluate on.', hint: 'Add a Split node upstream or provide more data.' },
  MW_PREDICT_SCHEMA_MISMATCH: { message: 'The new data does not have the columns the model was trained on.', hint: 'The error lists the expected columns and types.' },
  MW_MODEL_FILE_INVALID: { message: 'The model folder is damaged or not a Modelwright model.', hint: 'Export the model again.' },
  MW_MODEL_KIND_UNSUPPORTED: { message: 'This operation does not support the model kind.', hint: 'Choose another model kind.' },

  // Reports, queries, MLOps, export
  MW_REPORT_NO_METRICS: { message: 'The report needs metrics from an Evaluate node.', hint: 'Connect an Evaluate node to the report.' },
  MW_PDF_NO_CHROMIUM: { message: 'No Chromium was found to print the PDF.', hint: 'Install Chromium (or set MODELWRIGHT_CHROMIUM); the HTML report was written.' },
  MW_PDF_FAILED: { message: 'Chromium could not print the report as PDF.', hint: 'The HTML report was written; open it and print to PDF from the browser.' },
  MW_REPORT_NOT_FOUND: { message: 'There is no report to export.', hint: 'Add a Report node after Evaluate (or an Evaluate node for the CLI to report on) and run the graph.' },
  MW_QUERY_EMPTY: { message: 'The question is empty.', hint: 'Type a question about your data or model.' },
  MW_QUERY_TOO_LONG: { message: 'The question is too long.', hint: 'Ask one thing at a time, in under 500 characters.' },
  MW_QUERY_NOT_UNDERSTOOD: { message: 'The question was not understood.', hint: 'Try one of the suggested questions.' },
  MW_QUERY_UNKNOWN_COLUMN: { message: 'The question names a column that does not exist.', hint: 'Use one of the suggested column names.' },
  MW_QUERY_AMBIGUOUS: { message: 'The question could mean more than one thing.', hint: 'Pick the reading you meant.' },
  MW_QUERY_NO_MODEL: { message: 'No model has been trained yet.', hint: 'Run a graph with a Train node first.' },
  MW_QUERY_BAD_VALUE: { message: 'A value in the question does not fit its column.', hint: 'Use a value of the column type.' },
  MW_QUERY_NO_DATA: { message: 'There is no data to ask about yet.', hint: 'Drop a CSV file on the canvas (a CSV Source node), then ask again.' },
  MW_RUNSTORE_CORRUPT: { message: 'The run database is damaged.', hint: 'The project is open read-only; nothing was deleted.' },
  MW_RUNSTORE_LOCKED: { message: 'The run database is locked by another program.', hint: 'Close other Modelwright windows on this project.' },
  MW_RUN_NOT_FOUND: { message: 'The run was not found.', hint: 'List runs with "modelwright runs list".' },
  MW_RUNSTORE_TOO_NEW: { message: 'The run database was written by a newer Modelwright.', hint: 'Update Modelwright to record runs in this project; the runs can still be listed.' },
  MW_RUNSTORE_READ_ONLY: { message: 'The run database is open read-only, so this change cannot be saved.', hint: 'The details say why (damaged or locked database).' },
  MW_RUN_NO_MODEL: { message: 'The run has no saved model.', hint: 'Promote or export a run whose graph has a Train node and that succeeded.' },
  MW_RUN_ARTIFACTS_MISSING: { message: 'The files of the run were deleted.', hint: 'Run the graph again to recreate them; the run record is kept.' },
  MW_GATE_NO_CHAMPION_METRIC: { message: 'The champion has no value for the metric the gate compares.', hint: 'Compare on a metric both models have, or promote another run.' },
  MW_DRIFT_DETECTED: { message: 'The new data has drifted from the training data: retraining suggested.', hint: 'Look at the drifted columns; retrain on recent data if the change is real.' },
  MW_DRIFT_NO_ROWS: { message: 'There are no rows to compare for drift.', hint: 'Check that both the reference and the new data have rows.' },
  MW_SYNTH_INVALID: { message: 'The synthetic data settings do not fit together.', hint: 'The message says which setting to change.' },
  MW_MLFLOW_EXPORT: { message: 'The run could not be exported in MLflow format.', hint: 'Check the target folder and free disk space.' },
  MW_GATE_FAILED: { message: 'The model did not pass the threshold gate.', hint: 'The gate lists the conditions that failed.' },
  MW_GATE_UNKNOWN_METRIC: { message: 'A gate condition names a metric the evaluation does not have.', hint: 'Pick a metric from the list.' },
  MW_DRIFT_COLUMNS: { message: 'The new data does not have the same columns as the reference.', hint: 'The error lists missing and extra columns.' },
  MW_SERVE_BAD_REQUEST: { message: 'The request is not valid.', hint: 'Send JSON: {"rows": [{...}]} with the model columns.' },
  MW_SERVE_NOT_FOUND: { message: 'There is no such endpoint.', hint: 'Use POST /predict, GET /schema or GET /health.' },
  MW_SERVE_METHOD: { message: 'The endpoint does not accept this HTTP method.', hint: 'POST to /predict; GET /schema and /health.' },
  MW_SERVE_MEDIA_TYPE: { message: 'The request body must be JSON.', hint: 'Send the header "Content-Type: application/json".' },
  MW_SERVE_TOO_LARGE: { message: 'The request body is too large.', hint: 'Send fewer rows per request.' },
  MW_EXPORT_TOO_LARGE: { message: 'The model is larger than the size budget.', hint: 'Choose a smaller model (fewer trees, smaller layers) or raise the budget.' },
  MW_EXPORT_UNSUPPORTED: { message: 'This model cannot be exported to C.', hint: 'Export a linear model, a small network or a small tree ensemble.' },
  MW_DISK_WRITE: { message: 'A file could not be written.', hint: 'Check free disk space and permissions.' },

  // Host and contract
  MW_IPC_BAD_SENDER: { message: 'The request came from a page that is not the app.', hint: 'This request was refused for your safety.' },
  MW_IPC_BAD_PAYLOAD: { message: 'The request payload is invalid.', hint: 'This is a bug in the caller; the details say which field.' },
  MW_HOST_DISCONNECTED: { message: 'The connection to the Modelwright host was lost.', hint: 'Reconnecting; your graph is kept.' },
  MW_DIALOG_CANCELLED: { message: 'The dialog was closed without choosing anything.', hint: 'Nothing was changed.' },
  MW_INTERNAL: { message: 'An unexpected internal error happened.', hint: 'This is a bug in Modelwright; the details say where.' },
} as const satisfies Record<string, { message: string; hint: string }>;

export type ErrorCode = keyof typeof catalog;
export const errorCodes = Object.keys(catalog) as ErrorCode[];
export const errorCodeSchema = z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]);

/** What an error points at, so the UI can put it on the right node, edge, row or column. */
export const errorLocationSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  port: z.string().optional(),
  field: z.string().optional(),
  row: z.number().int().optional(),
  column: z.string().optional(),
});
export type ErrorLocation = z.infer<typeof errorLocationSchema>;

/** The serialisable form of an error: what crosses process boundaries and lands on nodes. */
export const errorInfoSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  hint: z.string(),
  location: errorLocationSchema,
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export interface MwErrorOptions {
  message?: string;
  hint?: string;
  location?: ErrorLocation;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** A coded, user-facing error. `message` adds specifics (row, column, values) to the catalog's sentence. */
export class MwError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly location: ErrorLocation;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: MwErrorOptions = {}) {
    super(options.message ?? catalog[code].message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MwError';
    this.code = code;
    this.hint = options.hint ?? catalog[code].hint;
    this.location = options.location ?? {};
    this.details = options.details;
  }

  /** A copy pointing at a node (errors raised deep in a transform learn their node here). */
  at(location: ErrorLocation): MwError {
    return new MwError(this.code, {
      message: this.message,
      hint: this.hint,
      location: { ...this.location, ...location },
      ...(this.details === undefined ? {} : { details: this.details }),
    });
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      location: this.location,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function catalogEntry(code: ErrorCode): { message: string; hint: string } {
  return catalog[code];
}

export function isMwError(value: unknown): value is MwError {
  return value instanceof MwError;
}

/** Turns anything thrown into an ErrorInfo; unknown throwables become MW_INTERNAL with their message kept. */
export function toErrorInfo(value: unknown, location: ErrorLocation = {}): ErrorInfo {
  if (value instanceof MwError) return value.at(location).toInfo();
  const text = value instanceof Error ? value.message : String(value);
  return new MwError('MW_INTERNAL', { message: `${catalog.MW_INTERNAL.message} ${text}`, location }).toInfo();
}
