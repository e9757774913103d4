// Metrics of DESIGN.md §6: each defined once, pure functions of the statements visible to a reader as of a
// checkpoint. Definitions: README.md beside this file.
export { computeContextMetrics, computeFoldMetrics, computeMetrics } from './compute-metrics.ts';
export { metricsResultSchema, type MetricsResult } from './metrics-result.ts';
export {
  replayMechanismState,
  startFoldMetricsContext,
  type FoldMetricsContextBuilder,
  type FoldMetricsInput,
  type MetricsContext,
  type MetricsInput,
  type MetricsStatement,
} from './metrics-context.ts';
export type { MetricCell } from './metric-cell.ts';
export {
  PERIOD_KINDS,
  previousMetricPeriod,
  resolveMetricPeriod,
  type MetricPeriod,
  type PeriodKind,
} from './metric-period.ts';
export { findReportPeriodKind, findReportValueDifference, listReportValues } from './report-values.ts';
export { METRIC_DEFINITIONS, type MetricDefinition } from './metric-definitions.ts';
export {
  computeAudienceMetrics,
  foldAudienceState,
  isReadByAudience,
  REPORT_AUDIENCES,
  type ReportAudience,
} from './report-audience.ts';
