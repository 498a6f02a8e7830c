/**
 * The plain-text query box (issue 7): read a question into a typed intent, then answer it over the data,
 * the latest model, or the graph. Named exports only.
 */
export {
  QUERY_MAX_CHARS,
  answerSchema,
  applyGraphEdit,
  graphEditSchema,
  intentSchema,
  queryContextSchema,
} from './intent';
export type {
  AmbiguityIntent,
  Answer,
  AnswerTable,
  BuildModelIntent,
  DataQuery,
  DataQuestionIntent,
  EditGraphIntent,
  EditOp,
  Filter,
  GraphEdit,
  Intent,
  ModelQuestionIntent,
  NotUnderstoodIntent,
  QueryContext,
  QueryContextInput,
  QueryModelInfo,
  WhatIfIntent,
} from './intent';
export { createQueryParser, parseQuery, type QueryParser } from './parse';
export { queryContextFromTable, type ContextExtras } from './context';
export { answerDataQuestion } from './answer-data';
export { answerModelQuestion, type FeatureImportance, type ModelEvidence } from './answer-model';
export { answerWhatIf, buildWhatIfRow, modelInfoForQueries, type PredictRows, type WhatIfModel, type WhatIfPrediction, type WhatIfRow } from './what-if';
export { planGraphEdit, type GraphEditOptions } from './graph-edit';
