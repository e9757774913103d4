/** What went wrong building or rendering a report; tests and callers branch on `code`, never on the message. */
export type ReportErrorCode =
  /** The input contradicts itself: a period or audience that is not the metrics', a malformed checkpoint. */
  | 'invalid_report_input'
  /** A period that is not `2026-10`, `2026-Q3` or `2026-W40` (parseReportPeriod). */
  | 'invalid_report_period'
  /**
   * The period has not ended at the checkpoint (or has not even begun), and the producer did not ask for a
   * partial report: its numbers may still change (prepareReport).
   */
  | 'period_not_ended'
  /** A bundled asset (font, outlines) could not be read: the package is incomplete. */
  | 'missing_asset'
  /** The PDF writer failed. */
  | 'pdf_failed';

export class ReportError extends Error {
  override readonly name = 'ReportError';

  constructor(
    readonly code: ReportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isReportError(error: unknown, code?: ReportErrorCode): error is ReportError {
  return error instanceof ReportError && (code === undefined || error.code === code);
}
