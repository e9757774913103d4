import { audienceSchema, type WorkflowRecord } from '@jmm/domain';
import type { RecordPage } from '@jmm/storage';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';
import { digestParamSchema, logIntegerSchema, problemResponses } from './api-schemas.ts';
import {
  caseListQuery,
  commitmentListQuery,
  DEFAULT_RECORDS_PER_PAGE,
  exchangeListQuery,
  findingListQuery,
  incidentFilterOf,
  incidentListQuery,
} from './record-query-schemas.ts';
import {
  currentLogTime,
  decodeStoredStatement,
  readerSettings,
  recordReads,
  withCursorErrors,
} from './record-reads.ts';
import {
  caseSchema,
  commitmentSchema,
  exchangeSchema,
  findingSchema,
  incidentListItemSchema,
  incidentSchema,
  pageSchema,
  listCaseSubjects,
  toCase,
  toCommitment,
  toExchange,
  toIncident,
  toIncidentListItem,
} from './record-views.ts';
import { viewFindings } from './view-findings.ts';

const timelineSchema = z.object({
  digest: z.string(),
  kind: z.string().describe('incident, exchange, claim, case, finding, commitment or release'),
  truncated: z.boolean().describe('true when the timeline was cut at its bound'),
  statements: z.array(
    z.object({
      digest: z.string(),
      index: logIntegerSchema,
      type: z.string(),
      org: z.string(),
      log_time: z.string(),
      statement: z
        .object({
          issuer: z.object({ org: z.string(), member: z.string().nullable() }),
          issued_at: z.string(),
          audience: audienceSchema,
          refs: z.array(z.object({ rel: z.string(), digest: z.string() })),
          body: z.record(z.string(), z.unknown()),
        })
        .describe(
          'What the statement says, decoded from its signed envelope (GET /statements/{digest} has the envelope and its proof); the member is null in public output',
        ),
    }),
  ),
});

function pageOf<R, V>(page: RecordPage<R>, view: (record: R) => V) {
  return { records: page.records.map(view), next_cursor: page.nextCursor ?? null };
}

/**
 * The query API over the workflow projections (DESIGN.md §6, §7): paged, filtered, sorted lists of incidents,
 * exchanges, cases and commitments, one incident, and any record's timeline. Everything is audience-checked
 * against the caller's organisation (the public sees public records only); a record the caller may not read is
 * absent from lists and "not found" alone, so its digest reveals nothing. Reads of restricted records are
 * written to the access log.
 */
export const recordRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  const { workflow } = services;

  app.get(
    '/incidents',
    {
      schema: {
        summary: 'Incidents the caller may read, filtered, sorted and paged',
        tags: ['records'],
        querystring: incidentListQuery,
        response: { 200: pageSchema(incidentListItemSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await withCursorErrors(() =>
        workflow.listRecords('incident', {
          reader: request.principal?.org,
          limit: query.limit ?? DEFAULT_RECORDS_PER_PAGE,
          cursor: query.cursor,
          sort: query.sort,
          filter: incidentFilterOf(query),
        }),
      );
      await recordReads(services, request.principal, 'records.list', page.records, 'incidents');
      const settings = readerSettings(services, request.principal?.org);
      return pageOf(page, (record) => toIncidentListItem(record, request.principal === undefined, settings));
    },
  );

  app.get(
    '/incidents/:digest',
    {
      schema: {
        summary: 'One incident, if the caller may read it',
        tags: ['records'],
        params: z.object({ digest: digestParamSchema }),
        response: { 200: incidentSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const record = await findReadable(request.params.digest, request.principal?.org);
      if (record?.kind !== 'incident') throw notFound('incident', request.params.digest);
      await recordReads(services, request.principal, 'record.read', [record]);
      return toIncident(
        record,
        request.principal === undefined,
        readerSettings(services, request.principal?.org),
      );
    },
  );

  app.get(
    '/exchanges',
    {
      schema: {
        summary: 'Exchanges the caller may read, with what each recipient still owes now',
        tags: ['records'],
        querystring: exchangeListQuery,
        response: {
          200: pageSchema(exchangeSchema).extend({
            as_of: z.string().describe('The log time obligations and `overdue` are computed at'),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const { limit, cursor, sort, status, requester, recipient, overdue } = request.query;
      const now = currentLogTime(services);
      const page = await withCursorErrors(() =>
        workflow.listRecords('exchange', {
          reader: request.principal?.org,
          limit: limit ?? DEFAULT_RECORDS_PER_PAGE,
          cursor,
          sort,
          filter: {
            status,
            org: requester,
            recipient,
            overdue: overdue === undefined ? undefined : { at: now, overdue },
          },
        }),
      );
      await recordReads(services, request.principal, 'records.list', page.records, 'exchanges');
      return {
        ...pageOf(page, (record) => toExchange(record, now, request.principal === undefined)),
        as_of: now,
      };
    },
  );

  app.get(
    '/findings',
    {
      schema: {
        summary: 'Findings the caller may read, with their endorsements and dissents',
        tags: ['records'],
        querystring: findingListQuery,
        response: { 200: pageSchema(findingSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { limit, cursor, sort, status, case: caseDigest, attributed } = request.query;
      const page = await withCursorErrors(() =>
        workflow.listRecords('finding', {
          reader: request.principal?.org,
          limit: limit ?? DEFAULT_RECORDS_PER_PAGE,
          cursor,
          sort,
          filter: { status, caseDigest, attributedParty: attributed },
        }),
      );
      await recordReads(services, request.principal, 'records.list', page.records, 'findings');
      return {
        records: (await viewFindings(services, page.records, request.principal)).views,
        next_cursor: page.nextCursor ?? null,
      };
    },
  );

  app.get(
    '/findings/:digest',
    {
      schema: {
        summary: 'One finding, with its endorsements and dissents, if the caller may read it',
        tags: ['records'],
        params: z.object({ digest: digestParamSchema }),
        response: { 200: findingSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const record = await findReadable(request.params.digest, request.principal?.org);
      if (record?.kind !== 'finding') throw notFound('finding', request.params.digest);
      await recordReads(services, request.principal, 'record.read', [record]);
      const [view] = (await viewFindings(services, [record], request.principal)).views;
      return view!;
    },
  );

  app.get(
    '/cases',
    {
      schema: {
        summary: 'Cases the caller may read',
        tags: ['records'],
        querystring: caseListQuery,
        response: { 200: pageSchema(caseSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { limit, cursor, sort, status } = request.query;
      const page = await withCursorErrors(() =>
        workflow.listRecords('case', {
          reader: request.principal?.org,
          limit: limit ?? DEFAULT_RECORDS_PER_PAGE,
          cursor,
          sort,
          filter: { status },
        }),
      );
      await recordReads(services, request.principal, 'records.list', page.records, 'cases');
      const subjectsReadable = await workflow.filterReadable(
        listCaseSubjects(page.records),
        request.principal?.org,
      );
      return pageOf(page, (record) => toCase(record, subjectsReadable, request.principal === undefined));
    },
  );

  app.get(
    '/commitments',
    {
      schema: {
        summary: 'Commitments the caller may read',
        tags: ['records'],
        querystring: commitmentListQuery,
        response: { 200: pageSchema(commitmentSchema), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { limit, cursor, sort, status, obligated } = request.query;
      const page = await withCursorErrors(() =>
        workflow.listRecords('commitment', {
          reader: request.principal?.org,
          limit: limit ?? DEFAULT_RECORDS_PER_PAGE,
          cursor,
          sort,
          filter: { status, obligated },
        }),
      );
      await recordReads(services, request.principal, 'records.list', page.records, 'commitments');
      return pageOf(page, toCommitment);
    },
  );

  app.get(
    '/records/:digest/timeline',
    {
      schema: {
        summary:
          "A record's history: every statement the caller may read that refers to it, directly or through its case and findings, in log order",
        tags: ['records'],
        params: z.object({ digest: digestParamSchema }),
        response: { 200: timelineSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const reader = request.principal?.org;
      const record = await findReadable(request.params.digest, reader);
      const timeline = record === undefined ? undefined : await workflow.listTimeline(record.digest, reader);
      if (record === undefined || timeline === undefined) throw notFound('record', request.params.digest);
      await recordReads(services, request.principal, 'record.timeline', timeline.statements);
      const stored = await services.entries.findStatements(timeline.statements.map((s) => s.digest));
      return {
        digest: record.digest,
        kind: record.kind,
        truncated: timeline.truncated,
        statements: timeline.statements.map((statement) => {
          const content = decodeStoredStatement(stored.get(statement.digest)!.envelope);
          return {
            digest: statement.digest,
            index: Number(statement.index),
            type: statement.type,
            org: statement.org,
            log_time: statement.logTime,
            statement: {
              // Public output names organisations, never members (DESIGN.md §1.7).
              issuer: {
                org: content.issuer.org,
                member: reader === undefined ? null : content.issuer.member,
              },
              issued_at: content.issued_at,
              audience: content.audience,
              refs: content.refs,
              body: content.body,
            },
          };
        }),
      };
    },
  );

  async function findReadable(
    digest: string,
    reader: string | undefined,
  ): Promise<WorkflowRecord | undefined> {
    // The reader's own fold: a record it may not read is simply not there.
    return workflow.findRecord(digest, reader);
  }

  return Promise.resolve();
};

function notFound(what: string, digest: string): ServerError {
  return new ServerError('not_found', `no ${what} ${digest} that you may read`);
}
