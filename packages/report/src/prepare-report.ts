import { encodeHex, encodeUtf8, sha256 } from '@jmm/core';
import type { ReportDocument, StatementOf } from '@jmm/domain';
import { buildReportModel } from './build-report-model.ts';
import { renderReportHtml } from './render-report-html.ts';
import { renderReportPdf } from './render-report-pdf.ts';
import { ReportError } from './report-error.ts';
import type { ReportInput, ReportModel } from './report-model.ts';

/** The body of a `report.publish` statement. */
export type ReportPublishBody = StatementOf<'report.publish'>['body'];

/** A report rendered both ways, with the `report.publish` body that publishes it (unsigned). */
export interface PreparedReport {
  readonly model: ReportModel;
  readonly html: Uint8Array;
  readonly pdf: Uint8Array;
  /** PDF first: what a reader most likely wants to open or print. */
  readonly documents: readonly ReportDocument[];
  /**
   * Its period and checkpoint, `metrics` (exactly listReportValues of the audience's metrics, which validation
   * recomputes) and the documents' digests. Each document must be uploaded before the statement is submitted.
   */
  readonly body: ReportPublishBody;
}

export interface PrepareReportOptions {
  /** Publish a period that has not ended at the checkpoint, numbers as they stand. */
  readonly partial: boolean;
}

/** The longest title `report.publish` takes (shortTextSchema). */
const MAX_TITLE = 200;

function describeDocument(bytes: Uint8Array, mediaType: ReportDocument['media_type']): ReportDocument {
  return { sha256: encodeHex(sha256(bytes)), media_type: mediaType, bytes: bytes.length };
}

/**
 * A report whose period has not ended at its checkpoint would publish numbers that may still change (DESIGN.md
 * §6: a period is complete once the checkpoint's log time reaches its end): refused unless asked for.
 */
function checkPeriodEnded(input: ReportInput, options: PrepareReportOptions): void {
  const { period, checkpoint } = input;
  const at = checkpoint.log_time;
  if (Date.parse(period.start) > Date.parse(checkpoint.log_time))
    throw new ReportError(
      'period_not_ended',
      `the period ${period.start} … ${period.end} begins after the log's latest checkpoint (${at})`,
    );
  if (!input.metrics.period.complete && !options.partial)
    throw new ReportError(
      'period_not_ended',
      `the period ends ${period.end}, after the log's latest checkpoint (${at}): its numbers may still change`,
    );
}

/**
 * Everything a report producer needs between computing the metrics and signing (issue 8): the model built once
 * (DESIGN.md §7: both renderings say the same thing), the HTML and PDF, their digests, and the `report.publish`
 * body. One implementation for `jmm report`, the demo and `POST /api/v1/reports/drafts`, so the three publish
 * the same report for the same input. ReportError `period_not_ended` for a period still running without
 * `partial`; `invalid_report_input` when the metrics are not the period's or audience's.
 */
export async function prepareReport(
  input: ReportInput,
  options: PrepareReportOptions,
): Promise<PreparedReport> {
  checkPeriodEnded(input, options);
  const model = buildReportModel(input);
  const html = encodeUtf8(renderReportHtml(model));
  const pdf = await renderReportPdf(model);
  const documents = [describeDocument(pdf, 'application/pdf'), describeDocument(html, 'text/html')];
  return {
    model,
    html,
    pdf,
    documents,
    body: {
      title: model.title.length <= MAX_TITLE ? model.title : `${model.title.slice(0, MAX_TITLE - 1)}…`,
      period: { start: model.period.start, end: model.period.end },
      checkpoint: { tree_size: model.checkpoint.tree_size, root_hash: model.checkpoint.root_hash },
      metrics: { ...model.values },
      documents: [...documents],
    },
  };
}
