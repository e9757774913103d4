// @jmm/report: periodic reports (issue 8, DESIGN.md §6–7): a model built from the metrics, rendered as
// self-contained HTML and as PDF with no browser. Node-side; imports @jmm/core and @jmm/domain only.
export { buildReportModel } from './build-report-model.ts';
export { collectReportInput, type ReportSourceCheckpoint } from './collect-report-input.ts';
export { collectReportSources } from './collect-report-sources.ts';
export { describeReportPeriod } from './describe-report-period.ts';
export { parseReportPeriod } from './parse-report-period.ts';
export {
  prepareReport,
  type PreparedReport,
  type PrepareReportOptions,
  type ReportPublishBody,
} from './prepare-report.ts';
export { renderReportHtml } from './render-report-html.ts';
export { renderReportPdf } from './render-report-pdf.ts';
export { ReportError, isReportError, type ReportErrorCode } from './report-error.ts';
export type {
  ReportAudience,
  ReportCell,
  ReportChart,
  ReportCheckpoint,
  ReportFinding,
  ReportIncident,
  ReportInput,
  ReportLog,
  ReportModel,
  ReportSection,
  ReportTable,
} from './report-model.ts';
