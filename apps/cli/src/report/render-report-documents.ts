import { encodeHex, encodeUtf8, sha256 } from '@jmm/core';
import type { ReportDocument, StatementOf } from '@jmm/domain';
import {
  buildReportModel,
  renderReportHtml,
  renderReportPdf,
  type ReportInput,
  type ReportModel,
} from '@jmm/report';

/** A report rendered both ways, with the document entries its `report.publish` lists. */
export interface RenderedReport {
  readonly model: ReportModel;
  readonly html: Uint8Array;
  readonly pdf: Uint8Array;
  /** PDF first: what a reader most likely wants to open or print. */
  readonly documents: readonly ReportDocument[];
}

function describeDocument(bytes: Uint8Array, mediaType: ReportDocument['media_type']): ReportDocument {
  return { sha256: encodeHex(sha256(bytes)), media_type: mediaType, bytes: bytes.length };
}

/** Builds the model once (DESIGN.md §7: both renderings say the same thing) and renders HTML and PDF. */
export async function renderReportDocuments(input: ReportInput): Promise<RenderedReport> {
  const model = buildReportModel(input);
  const html = encodeUtf8(renderReportHtml(model));
  const pdf = await renderReportPdf(model);
  return {
    model,
    html,
    pdf,
    documents: [describeDocument(pdf, 'application/pdf'), describeDocument(html, 'text/html')],
  };
}

/**
 * The body of the `report.publish` that publishes `report`: its period and checkpoint, `values` (exactly
 * listReportValues of the audience's metrics, which validation recomputes) and the documents' digests.
 */
export function composeReportPublishBody(report: RenderedReport): StatementOf<'report.publish'>['body'] {
  const { model } = report;
  return {
    title: model.title.length <= 200 ? model.title : `${model.title.slice(0, 199)}…`,
    period: { start: model.period.start, end: model.period.end },
    checkpoint: { tree_size: model.checkpoint.tree_size, root_hash: model.checkpoint.root_hash },
    metrics: { ...model.values },
    documents: [...report.documents],
  };
}
