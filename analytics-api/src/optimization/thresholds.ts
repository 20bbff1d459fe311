// The engine's thresholds, in one place so the docs (docs/design/optimization.md) can name them.
export const OPTIMIZATION_THRESHOLDS = {
  /** The window suggestions look at, unless the request says otherwise. */
  windowDays: 30,
  /** error_waste: at least this many failed runs, and at least this share of the subject's runs. */
  errorWasteMinRuns: 5,
  errorWasteMinShare: 0.05,
  /** truncation: at least this many truncated runs, and at least this share. */
  truncationMinRuns: 5,
  truncationMinShare: 0.05,
  /** batch_api: at least this many runs nobody waits for, on a model with a batch price. */
  batchMinRuns: 50,
  /** slow_model / model_switch: runs each side needs before they are compared. */
  compareMinRuns: 50,
  /** model_switch: the cheaper model may be worse by at most this much success rate (at 95%), and this much mean rating. */
  switchSuccessMargin: 0.05,
  switchRatingMargin: 0.25,
  /** model_switch: ratings each side needs before they are compared (tested), and before a clearly lower mean rules a model out. */
  switchMinRatings: 20,
  switchMinPointRatings: 5,
  /** model_switch: experiments (untested) only from this share of the monthly cost (%), and at most this many. */
  experimentMinPercent: 1,
  maxExperiments: 10,
  /** model_switch: runs each side needs for high confidence. */
  switchHighConfidenceRuns: 200,
  /** duplicate_requests: at least this many repeats, and this share of the runs with an input hash. */
  duplicateMinRuns: 10,
  duplicateMinShare: 0.02,
  /** prompt_caching: at least this many runs resending a prefix a cache would still hold. */
  cachingMinReuseRuns: 20,
  /** slow_model: p95 latency at least this many times the faster model's. */
  slowFactor: 2,
} as const;
