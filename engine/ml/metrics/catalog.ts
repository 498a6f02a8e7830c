/** What each metric is called for people, which way is better, and where its definition comes from. */
import type { ClassificationMetricName } from './classification';
import type { RegressionMetricName } from './regression';
import type { Task } from '../model';

export type MetricName = ClassificationMetricName | RegressionMetricName;

export interface MetricInfo {
  readonly label: string;
  readonly higherIsBetter: boolean;
  /** The scikit-learn function whose definition this metric follows. */
  readonly source: string;
}

export const metricCatalog: Readonly<Record<MetricName, MetricInfo>> = {
  accuracy: { label: 'Accuracy', higherIsBetter: true, source: 'sklearn.metrics.accuracy_score' },
  balanced_accuracy: { label: 'Balanced accuracy', higherIsBetter: true, source: 'sklearn.metrics.balanced_accuracy_score' },
  precision: { label: 'Precision', higherIsBetter: true, source: "sklearn.metrics.precision_score(average='binary', pos_label=1, zero_division=0)" },
  recall: { label: 'Recall', higherIsBetter: true, source: "sklearn.metrics.recall_score(average='binary', pos_label=1)" },
  f1: { label: 'F1', higherIsBetter: true, source: "sklearn.metrics.f1_score(average='binary', pos_label=1)" },
  precision_macro: { label: 'Precision (macro)', higherIsBetter: true, source: "sklearn.metrics.precision_score(average='macro', zero_division=0)" },
  recall_macro: { label: 'Recall (macro)', higherIsBetter: true, source: "sklearn.metrics.recall_score(average='macro')" },
  f1_macro: { label: 'F1 (macro)', higherIsBetter: true, source: "sklearn.metrics.f1_score(average='macro')" },
  precision_weighted: { label: 'Precision (weighted)', higherIsBetter: true, source: "sklearn.metrics.precision_score(average='weighted', zero_division=0)" },
  recall_weighted: { label: 'Recall (weighted)', higherIsBetter: true, source: "sklearn.metrics.recall_score(average='weighted')" },
  f1_weighted: { label: 'F1 (weighted)', higherIsBetter: true, source: "sklearn.metrics.f1_score(average='weighted')" },
  roc_auc: { label: 'ROC AUC', higherIsBetter: true, source: 'sklearn.metrics.roc_auc_score' },
  roc_auc_ovr_macro: { label: 'ROC AUC (one-vs-rest, macro)', higherIsBetter: true, source: "sklearn.metrics.roc_auc_score(multi_class='ovr', average='macro')" },
  average_precision: { label: 'Average precision', higherIsBetter: true, source: 'sklearn.metrics.average_precision_score' },
  average_precision_ovr_macro: { label: 'Average precision (one-vs-rest, macro)', higherIsBetter: true, source: "sklearn.metrics.average_precision_score(average='macro')" },
  log_loss: { label: 'Log loss', higherIsBetter: false, source: "sklearn.metrics.log_loss(eps='auto')" },
  brier: { label: 'Brier score', higherIsBetter: false, source: 'sklearn.metrics.brier_score_loss (multiclass: sum over the one-hot target, sklearn ≥ 1.7)' },
  mcc: { label: 'Matthews correlation', higherIsBetter: true, source: 'sklearn.metrics.matthews_corrcoef' },
  mae: { label: 'Mean absolute error', higherIsBetter: false, source: 'sklearn.metrics.mean_absolute_error' },
  rmse: { label: 'Root mean squared error', higherIsBetter: false, source: 'sqrt of sklearn.metrics.mean_squared_error' },
  r2: { label: 'R²', higherIsBetter: true, source: 'sklearn.metrics.r2_score' },
  mape: { label: 'Mean absolute percentage error', higherIsBetter: false, source: 'sklearn.metrics.mean_absolute_percentage_error' },
  explained_variance: { label: 'Explained variance', higherIsBetter: true, source: 'sklearn.metrics.explained_variance_score' },
  median_ae: { label: 'Median absolute error', higherIsBetter: false, source: 'sklearn.metrics.median_absolute_error' },
};

export function metricInfo(name: string): MetricInfo | undefined {
  return Object.hasOwn(metricCatalog, name) ? metricCatalog[name as MetricName] : undefined;
}

/** The metric a task is judged by first: accuracy for classification, R² for regression. */
export function headlineMetric(task: Task): 'accuracy' | 'r2' {
  return task === 'classification' ? 'accuracy' : 'r2';
}
