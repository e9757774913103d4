import {
  REPORT_AUDIENCES,
  REPORT_DOCUMENT_MEDIA_TYPES,
  reportDocumentSchema,
  reportPublishBodySchema,
  type MetricPeriod,
} from '@jmm/domain';
import type { PreparedReport } from '@jmm/report';
import { isReportError, parseReportPeriod } from '@jmm/report/period';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { draftReport } from '../reports/draft-report.ts';
import { requireReportPublisher } from '../reports/require-report-publisher.ts';
import { ServerError } from '../server-error.ts';
import { problemResponses } from './api-schemas.ts';
import { formatReportDocumentUrl, sendDocument, sha256Schema } from './report-documents.routes.ts';

/** Where the secretariat previews a drafted document before any report lists it. */
function formatDraftDocumentUrl(document: { sha256: string; media_type: string }): string {
  return `/api/v1/reports/drafts/documents/${document.sha256}?media_type=${encodeURIComponent(document.media_type)}`;
}

/**
 * A draft reads the whole log and renders a PDF: seconds of a core. Few per member per minute (the global
 * limit is for cheap reads), and one at a time per server with at most a few waiting, so drafts never starve
 * the sequencer's requests.
 */
const DRAFTS_PER_MINUTE = 10;
const MAX_WAITING_DRAFTS = 3;

const draftRequestSchema = z.strictObject({
  period: z
    .string()
    .max(16)
    .describe('A UTC calendar month (2026-10), quarter (2026-Q3) or ISO 8601 week (2026-W40)'),
  audience: z.enum(REPORT_AUDIENCES).describe('public: anyone reads it; mechanism: every member'),
  partial: z
    .boolean()
    .default(false)
    .describe('Draft a period that has not ended at the latest checkpoint, its numbers as they stand'),
});

const draftAnswerSchema = z.object({
  body: reportPublishBodySchema.describe(
    'The report.publish body to sign unchanged: title, period, checkpoint, metrics (the values the log requires), documents',
  ),
  audience: z.enum(REPORT_AUDIENCES).describe('The audience the report.publish must be issued to'),
  documents: z
    .array(
      reportDocumentSchema.extend({
        url: z.string().describe('Where it is served to the report’s audience once a logged report lists it'),
        preview_url: z.string().describe('Where those who may publish reports read it before that'),
      }),
    )
    .describe('The rendered PDF and HTML, stored; served at `url` once a logged report lists them'),
});

/**
 * `POST /api/v1/reports/drafts` (issue 8, the secretariat's counterpart of `jmm report`): the server computes a
 * periodic report at its latest checkpoint, renders it, stores its documents and answers the unsigned
 * `report.publish` body, which the author checks, signs in their own client (DESIGN.md §1.2) and submits. For
 * members who may publish reports only (STATEMENT_RULES, as for uploading report documents). A mechanism draft
 * counts restricted statements, so it goes to the access log as the metrics route's reads do.
 */
export const reportDraftRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  let running: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  /** Runs drafts one after another; refuses one more than MAX_WAITING_DRAFTS behind the running one. */
  async function inTurn(draft: () => Promise<PreparedReport>): Promise<PreparedReport> {
    if (waiting >= MAX_WAITING_DRAFTS)
      throw new ServerError('rate_limited', 'too many report drafts are being prepared; retry shortly', {
        detail: { retry_after_seconds: 5 },
      });
    waiting += 1;
    const turn = running.then(draft, draft);
    running = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      waiting -= 1;
    }
  }

  app.post(
    '/reports/drafts',
    {
      config: { rateLimit: { max: DRAFTS_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        summary: 'Draft a periodic report: its report.publish body to sign, with its documents stored',
        description:
          'Computes the audience’s metrics at the latest checkpoint (as GET /metrics?audience= does), renders the report as PDF and HTML, stores both as report documents, and answers the unsigned report.publish body. Secretariat approvers and admins only. 422 `period_not_ended` for a period still running at the checkpoint unless `partial`.',
        tags: ['reports'],
        body: draftRequestSchema,
        response: {
          200: draftAnswerSchema,
          ...problemResponses(400, 401, 403, 404, 422, 429, 503),
        },
      },
    },
    async (request) => {
      const principal = requireReportPublisher(services, request.principal, 'draft reports');
      const { audience, partial } = request.body;
      const period = readPeriod(request.body.period);
      const prepared = await inTurn(() =>
        withReportErrors(() =>
          draftReport(services, {
            period,
            audience,
            partial,
            url: `${request.protocol}://${request.host}`,
          }),
        ),
      );
      if (audience === 'mechanism')
        await services.accessLog.appendAccess({
          time: new Date(services.clock()),
          org: principal.org,
          member: principal.member,
          action: 'report.draft',
          targetDigest: undefined,
          resource: `reports/drafts?audience=mechanism&start=${period.start}&tree_size=${prepared.body.checkpoint.tree_size}`,
        });
      return {
        body: prepared.body,
        audience,
        documents: prepared.documents.map((document) => ({
          ...document,
          url: formatReportDocumentUrl(document.sha256),
          preview_url: formatDraftDocumentUrl(document),
        })),
      };
    },
  );
  app.get(
    '/reports/drafts/documents/:sha256',
    {
      exposeHeadRoute: false,
      schema: {
        summary: 'A stored report document, before any report lists it: the preview of a draft',
        description:
          'For members who may publish reports only, never cached in shared caches; once a logged report lists the document, GET /reports/documents/{sha256} serves it to the report’s audience.',
        tags: ['reports'],
        params: z.object({ sha256: sha256Schema }),
        querystring: z.object({ media_type: z.enum(REPORT_DOCUMENT_MEDIA_TYPES) }),
        response: { ...problemResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      requireReportPublisher(services, request.principal, 'preview report drafts');
      const { sha256 } = request.params;
      const file = await services.reportDocuments.openBlob(sha256);
      if (file === undefined) throw new ServerError('not_found', `no report document ${sha256}`);
      // Served as a members-only document: private caching, and HTML in its sandbox whatever the bytes are.
      return sendDocument(reply, sha256, request.query.media_type, false, file);
    },
  );
  return Promise.resolve();
};

function readPeriod(text: string): MetricPeriod {
  try {
    return parseReportPeriod(text);
  } catch (error) {
    if (isReportError(error, 'invalid_report_period'))
      throw new ServerError('invalid_request', error.message, { cause: error });
    throw error;
  }
}

/** A period still running is the caller's to decide on (422); any other ReportError is the server's bug. */
async function withReportErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isReportError(error, 'period_not_ended'))
      throw new ServerError(
        'period_not_ended',
        `${error.message}; ask for a partial report to draft it now`,
        {
          cause: error,
        },
      );
    throw error;
  }
}
