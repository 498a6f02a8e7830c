/** The Metrics port value: metric values and curve data, with the partition they came from. */
export interface MetricsResult {
  readonly task: 'classification' | 'regression';
  /** How the scores were obtained: held-out partitions or k-fold cross-validation. */
  readonly protocol: 'holdout' | 'cross-validation';
  /** Metric values per partition name ('test', 'train', 'cv'). */
  readonly scores: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly headline: string;
  readonly curves: Readonly<Record<string, unknown>>;
}
