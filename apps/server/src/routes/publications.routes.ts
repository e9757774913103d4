import { audienceSchema, canOrgRead, REPORT_DOCUMENT_MEDIA_TYPES, type StatementOf } from '@jmm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';
import { logIntegerSchema, problemResponses } from './api-schemas.ts';
import { DEFAULT_RECORDS_PER_PAGE, enumSetQuery, pagingQuery } from './record-query-schemas.ts';
import { decodeStoredStatement, recordReads, withCursorErrors } from './record-reads.ts';
import { pageSchema } from './record-views.ts';
import { formatReportDocumentUrl } from './report-documents.routes.ts';

/** Publications are listed in log order only: they have no time of their own to sort by. */
const publicationPaging = {
  limit: pagingQuery.limit,
  cursor: pagingQuery.cursor,
  sort: z.enum(['newest', 'oldest']).optional().describe('By log index: newest (default) or oldest first'),
};

const releaseListQuery = z.strictObject({
  ...publicationPaging,
  status: enumSetQuery(['pending', 'published']),
});
const reportListQuery = z.strictObject(publicationPaging);

const releaseSchema = z.object({
  digest: z.string(),
  index: logIntegerSchema,
  org: z.string().describe('The issuing organisation (a mediator)'),
  member: z.string().nullable().describe('The issuing member; null in public output'),
  audience: audienceSchema,
  issued_at: z.string(),
  log_time: z.string().describe('When the release was logged'),
  status: z.enum(['pending', 'published']),
  published: z.boolean().describe("true once a verifier approver concurred: then it is the public's to read"),
  published_at: z.string().nullable().describe('Log time of that concurrence'),
  title: z.string(),
  summary: z.string(),
  period: z.object({ start: z.string(), end: z.string() }).nullable(),
  admin1: z.array(z.string()),
  summarises: z.array(z.string()).describe('Digests of the statements it summarises'),
});

const reportSchema = z.object({
  digest: z.string(),
  index: logIntegerSchema,
  org: z.string(),
  member: z.string().nullable().describe('The issuing member; null in public output'),
  audience: z
    .enum(['public', 'mechanism'])
    .describe('Who the report is for: its values are the metrics that audience gets at its checkpoint'),
  issued_at: z.string(),
  log_time: z.string(),
  title: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  checkpoint: z
    .object({ tree_size: logIntegerSchema, root_hash: z.string() })
    .describe('The checkpoint its values were computed at: recompute them from the same statements'),
  values: z.record(z.string(), z.number()).describe('The published metric values'),
  value_count: z.number().int(),
  documents: z
    .array(
      z.object({
        sha256: z.string(),
        media_type: z.enum(REPORT_DOCUMENT_MEDIA_TYPES),
        bytes: z.number().int(),
        url: z.string().describe("Where the report's readers download it"),
      }),
    )
    .describe('The rendered documents (HTML, PDF), content-addressed'),
});

/** A report cursor: the direction and the log index of the last report of the previous page. */
function decodeReportCursor(cursor: string, sort: 'newest' | 'oldest'): bigint {
  const match = /^([do])(0|[1-9]\d{0,15})$/.exec(cursor);
  if (match?.[1] !== (sort === 'newest' ? 'd' : 'o'))
    throw new ServerError('invalid_request', 'the cursor is not one of this list with this sort');
  return BigInt(match[2]!);
}

/**
 * Publications (DESIGN.md §3, §7): releases — a mediator's public summaries of restricted work — and periodic
 * reports. A release is withheld from the public until a verifier approver concurs (the public's projection has
 * no row for it until then, as GET /statements/{digest} has no statement); members see pending ones too.
 * Reports (public or mechanism) change no record, so they are read from the log's parsed statements.
 */
export const publicationRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  app.get(
    '/releases',
    {
      schema: {
        summary: 'Releases the caller may read, newest first; the public sees published ones only',
        tags: ['records'],
        querystring: releaseListQuery,
        response: { 200: pageSchema(releaseSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { limit, cursor, sort, status } = request.query;
      const forPublic = request.principal === undefined;
      const page = await withCursorErrors(() =>
        services.workflow.listRecords('release', {
          reader: request.principal?.org,
          limit: limit ?? DEFAULT_RECORDS_PER_PAGE,
          cursor,
          sort,
          filter: { status },
        }),
      );
      await recordReads(services, request.principal, 'records.list', page.records, 'releases');
      const stored = await services.entries.findStatements(page.records.map((record) => record.digest));
      return {
        records: page.records.map((record) => {
          const entry = stored.get(record.digest)!;
          const statement = decodeStoredStatement(entry.envelope) as StatementOf<'release'>;
          const { body } = statement;
          return {
            digest: record.digest,
            index: Number(record.index),
            org: record.org,
            // Public output names organisations, never members (DESIGN.md §1.7).
            member: forPublic ? null : entry.member,
            audience: record.audience,
            issued_at: statement.issued_at,
            log_time: record.releasedAt,
            status: record.publishedAt === undefined ? ('pending' as const) : ('published' as const),
            published: record.publishedAt !== undefined,
            published_at: record.publishedAt ?? null,
            title: body.title,
            summary: body.summary,
            period: body.period ?? null,
            admin1: body.admin1 ?? [],
            summarises: [...record.summarises],
          };
        }),
        next_cursor: page.nextCursor ?? null,
      };
    },
  );

  const { reports } = services;

  app.get(
    '/reports',
    {
      schema: {
        summary: 'Published periodic reports (report.publish) the caller may read, newest first',
        tags: ['records'],
        querystring: reportListQuery,
        response: { 200: pageSchema(reportSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const sort = request.query.sort ?? 'newest';
      const limit = request.query.limit ?? DEFAULT_RECORDS_PER_PAGE;
      const after =
        request.query.cursor === undefined ? undefined : decodeReportCursor(request.query.cursor, sort);
      const reader = request.principal?.org;
      const readable = (await reports.listReports()).filter(
        ({ statement, index }) =>
          canOrgRead(statement.audience, statement.issuer.org, reader) &&
          (after === undefined || (sort === 'newest' ? index < after : index > after)),
      );
      const ordered = sort === 'newest' ? [...readable].reverse() : readable;
      const page = ordered.slice(0, limit);
      const last = page.at(-1);
      return {
        records: page.map(({ statement, digest, index, logTime }) => {
          const { body } = statement as StatementOf<'report.publish'>;
          return {
            digest,
            index: Number(index),
            org: statement.issuer.org,
            member: reader === undefined ? null : statement.issuer.member,
            // report.publish is public or mechanism (AUDIENCE_RULES).
            audience: statement.audience.kind === 'public' ? ('public' as const) : ('mechanism' as const),
            issued_at: statement.issued_at,
            log_time: logTime,
            title: body.title,
            period: body.period,
            checkpoint: body.checkpoint,
            values: body.metrics,
            value_count: Object.keys(body.metrics).length,
            documents: body.documents.map((document) => ({
              ...document,
              url: formatReportDocumentUrl(document.sha256),
            })),
          };
        }),
        next_cursor:
          ordered.length > limit && last !== undefined
            ? `${sort === 'newest' ? 'd' : 'o'}${last.index}`
            : null,
      };
    },
  );
  return Promise.resolve();
};
