import { Readable } from 'node:stream';
import { decodeHex } from '@jmm/core';
import type { MetricPeriod, ReportAudience } from '@jmm/domain';
import type { PreparedReport } from '@jmm/report';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';

export interface ReportDraftRequest {
  readonly period: MetricPeriod;
  readonly audience: ReportAudience;
  /** Draft a period that has not ended at the checkpoint, numbers as they stand. */
  readonly partial: boolean;
  /** The mechanism's URL as the caller reached it, for the report's "how to verify" lines. */
  readonly url: string;
}

/**
 * A report drafted by the server for the secretariat (issue 8, "the matching API" of `jmm report`): the
 * audience's metrics at the latest checkpoint — computeAudienceMetrics over the same statements the metrics
 * route and `report.publish` validation read, so the values are the ones the log will require — rendered by
 * @jmm/report's prepareReport as `jmm report` and the demo render them, and both documents stored in the report
 * document store, so the body can be signed and submitted as it is. Nothing is signed here: the author signs
 * in their own client (DESIGN.md §1.2). ServerError `not_found` on an empty log; ReportError
 * `period_not_ended` from prepareReport.
 */
export async function draftReport(
  services: AppServices,
  request: ReportDraftRequest,
): Promise<PreparedReport> {
  const { engine } = services;
  const checkpoint = engine.latestCheckpoint;
  if (checkpoint === undefined) throw new ServerError('not_found', 'the log is empty');
  const { period, audience } = request;
  // Loaded on the first draft, not at start: the renderers are most of the server's start-up time.
  const { collectReportInput, prepareReport } = await import('@jmm/report');
  const prepared = await prepareReport(
    collectReportInput({
      statements: await engine.readStatements(checkpoint.treeSize),
      state: engine.mechanismState,
      checkpoint,
      audience,
      period,
      log: { origin: engine.mechanismState.origin, url: request.url, verifier_key: services.logVerifierKey },
    }),
    { partial: request.partial },
  );
  // Stored before the draft is answered: the log accepts the signed report only once its documents are. The
  // store checks the bytes against the digest the body lists.
  const rendered = { 'application/pdf': prepared.pdf, 'text/html': prepared.html };
  for (const document of prepared.documents) {
    const bytes = rendered[document.media_type];
    await services.reportDocuments.writeBlob(Readable.from([bytes]), {
      expectedSha256: decodeHex(document.sha256),
    });
  }
  return prepared;
}
