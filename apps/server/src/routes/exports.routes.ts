import { MAX_RECORDS_PER_PAGE, type RecordPage } from '@jmm/storage';
import { viewerOf, type FindingRecord } from '@jmm/domain';
import {
  formatIncidentsCsv,
  formatIncidentsGeoJson,
  formatStixBundle,
  type CaseView,
  type FindingView,
  type IncidentView,
  type OrgView,
} from '@jmm/interchange';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import type { Principal } from '../auth/auth-plugin.ts';
import { problemResponses } from './api-schemas.ts';
import { incidentFilterOf, incidentListQuery } from './record-query-schemas.ts';
import { currentLogTime, readerSettings, recordReads, withCursorErrors } from './record-reads.ts';
import { listCaseSubjects, toCase, toIncident } from './record-views.ts';
import { viewFindings } from './view-findings.ts';

/** Records one export holds at most (DESIGN.md §7: every route is bounded); the rest needs narrower filters. */
export const MAX_EXPORT_RECORDS = 5_000;

/** Set on an export cut at MAX_EXPORT_RECORDS, so a script can tell a partial file from a whole one. */
const TRUNCATED_HEADER = 'jmm-export-truncated';

type IncidentQuery = z.infer<typeof incidentListQuery>;

/** Every page of a list, up to MAX_EXPORT_RECORDS, starting at the query's cursor. */
async function readAllPages<R>(
  read: (cursor: string | undefined) => Promise<RecordPage<R>>,
  first: string | undefined,
): Promise<{ records: R[]; truncated: boolean }> {
  const records: R[] = [];
  let cursor = first;
  do {
    const page = await withCursorErrors(() => read(cursor));
    records.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor !== undefined && records.length < MAX_EXPORT_RECORDS);
  return {
    records: records.slice(0, MAX_EXPORT_RECORDS),
    truncated: cursor !== undefined || records.length > MAX_EXPORT_RECORDS,
  };
}

function sendFile(reply: FastifyReply, type: string, filename: string, truncated: boolean, body: string) {
  if (truncated) void reply.header(TRUNCATED_HEADER, 'true');
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

const exportSchema = (summary: string, contentType: string) => ({
  summary,
  description: `Answers \`${contentType}\` as an attachment. Members get their organisation's view; anonymous callers the public view (coarsened, no member ids), exactly as GET /incidents shows them. At most ${MAX_EXPORT_RECORDS} incidents; header \`${TRUNCATED_HEADER}: true\` when cut.`,
  tags: ['exports'],
  querystring: incidentListQuery,
  response: problemResponses(400),
});

/**
 * Exports of what the caller may read (issue 11, DESIGN.md §7): incidents as CSV with ACLED columns, GeoJSON, and
 * a STIX 2.1 bundle. Each is made by @jmm/interchange from the same views GET /api/v1/incidents and /findings
 * answer with, from the caller's own projection, so an export shows nothing the API would not and the public
 * export is exactly as coarse as the public API. Reads of restricted records are written to the access log.
 */
export const exportRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  const { workflow } = services;

  async function readIncidents(query: IncidentQuery, principal: Principal | undefined) {
    const reader = principal?.org;
    const { records, truncated } = await readAllPages(
      (cursor) =>
        workflow.listRecords('incident', {
          reader,
          limit: query.limit ?? MAX_RECORDS_PER_PAGE,
          cursor,
          sort: query.sort,
          filter: incidentFilterOf(query),
        }),
      query.cursor,
    );
    await recordReads(services, principal, 'records.export', records, 'incidents');
    const settings = readerSettings(services, reader);
    const views: IncidentView[] = records.map((record) =>
      toIncident(record, principal === undefined, settings),
    );
    return { views, truncated };
  }

  /**
   * The findings whose case concerns one of `incidents`, with their endorsements' times and audiences;
   * `truncated` when the reader's cases or findings ran past MAX_EXPORT_RECORDS, so some may be missing.
   */
  async function readFindings(incidents: readonly IncidentView[], principal: Principal | undefined) {
    const reader = principal?.org;
    const cases = await readAllPages(
      (cursor) => workflow.listRecords('case', { reader, limit: MAX_RECORDS_PER_PAGE, cursor }),
      undefined,
    );
    const readable = await workflow.filterReadable(listCaseSubjects(cases.records), reader);
    const exported = new Set(incidents.map((incident) => incident.digest));
    const caseViews: CaseView[] = cases.records
      .map((record) => toCase(record, readable, principal === undefined))
      .filter((view) => view.subjects.some((subject) => exported.has(subject)));
    const caseDigests = new Set(caseViews.map((view) => view.digest));
    const findings = await readAllPages(
      (cursor) => workflow.listRecords('finding', { reader, limit: MAX_RECORDS_PER_PAGE, cursor }),
      undefined,
    );
    const records = findings.records.filter((record) => caseDigests.has(record.caseDigest));
    await recordReads(services, principal, 'records.export', records, 'findings');
    return {
      cases: caseViews,
      findings: await viewExportedFindings(records, principal),
      truncated: cases.truncated || findings.truncated,
    };
  }

  /** As GET /findings shows them, plus each endorsement's log time and audience from its statement. */
  async function viewExportedFindings(
    records: readonly FindingRecord[],
    principal: Principal | undefined,
  ): Promise<FindingView[]> {
    const { views, stored } = await viewFindings(services, records, principal);
    return views.map((view) => ({
      ...view,
      endorsements: view.endorsements.map((e) => {
        const statement = stored.get(e.digest)!;
        return { ...e, at: statement.logTime, audience: statement.audience };
      }),
    }));
  }

  function readOrgs(principal: Principal | undefined): OrgView[] {
    const { engine } = services;
    const state = engine.viewState(viewerOf(principal?.org)) ?? engine.viewState(viewerOf(undefined))!;
    return [...state.orgs.values()].map(({ id, name, kind }) => ({ id, name, kind }));
  }

  app.get(
    '/exports/incidents.csv',
    {
      schema: exportSchema(
        'Incidents the caller may read as CSV (RFC 4180, UTF-8) with ACLED column names and jmm_* columns',
        'text/csv',
      ),
    },
    async (request, reply) => {
      const { views, truncated } = await readIncidents(request.query, request.principal);
      return sendFile(
        reply,
        'text/csv; charset=utf-8; header=present',
        'jmm-incidents.csv',
        truncated,
        formatIncidentsCsv(views),
      );
    },
  );

  app.get(
    '/exports/incidents.geojson',
    {
      schema: exportSchema(
        'Incidents the caller may read as an RFC 7946 GeoJSON FeatureCollection',
        'application/geo+json',
      ),
    },
    async (request, reply) => {
      const { views, truncated } = await readIncidents(request.query, request.principal);
      return sendFile(
        reply,
        'application/geo+json',
        'jmm-incidents.geojson',
        truncated,
        JSON.stringify(formatIncidentsGeoJson(views)),
      );
    },
  );

  app.get(
    '/exports/stix.json',
    {
      schema: exportSchema(
        'Incidents, findings and endorsements the caller may read as a STIX 2.1 bundle with TLP 2.0 markings',
        'application/stix+json;version=2.1',
      ),
    },
    async (request, reply) => {
      const { views, truncated } = await readIncidents(request.query, request.principal);
      const found = await readFindings(views, request.principal);
      const bundle = formatStixBundle({
        incidents: views,
        cases: found.cases,
        findings: found.findings,
        orgs: readOrgs(request.principal),
        asOf: currentLogTime(services),
      });
      return sendFile(
        reply,
        'application/stix+json;version=2.1',
        'jmm-stix.json',
        truncated || found.truncated,
        JSON.stringify(bundle),
      );
    },
  );

  return Promise.resolve();
};
