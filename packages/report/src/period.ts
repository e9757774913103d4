// `@jmm/report/period`: what a server needs before it renders anything (parsing a report period, the package's
// error), without loading the renderers (pdfkit, echarts: most of a server's start-up time), which
// `@jmm/report` loads.
export { parseReportPeriod } from './parse-report-period.ts';
export { isReportError, ReportError, type ReportErrorCode } from './report-error.ts';
