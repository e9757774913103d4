import { Readable } from 'node:stream';
import { decodeHex } from '@jmm/core';
import {
  coarsenRecordForPublic,
  publicPrecisionOf,
  viewerOf,
  type MetricPeriod,
  type ReportAudience,
  type WorkflowRecord,
} from '@jmm/domain';
import { collectReportInput, prepareReport, type PreparedReport } from '@jmm/report';
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
 * The records a report of `audience` maps and lists. A public report reads the public projection (DESIGN.md
 * §1.7): the public's own fold, coarsened to the public precision exactly as GET /incidents serves it. A
 * mechanism report reads the full fold; collectReportSources keeps only what every member may read.
 */
function readReportRecords(services: AppServices, audience: ReportAudience): Iterable<WorkflowRecord> {
  const { engine } = services;
  if (audience === 'mechanism') return engine.mechanismState.records.values();
  const view = engine.viewState(viewerOf(undefined)) ?? engine.mechanismState;
  const precision = publicPrecisionOf(view.settings);
  return [...view.records.values()].map((record) => coarsenRecordForPublic(record, precision));
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
  const prepared = await prepareReport(
    collectReportInput({
      statements: await engine.readStatements(checkpoint.treeSize),
      state: engine.mechanismState,
      records: readReportRecords(services, audience),
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
