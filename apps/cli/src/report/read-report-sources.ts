import type { IncidentListItem, JmmClient, Page } from '@jmm/client';
import type { MetricPeriod, ReportAudience } from '@jmm/domain';
import type { ReportFinding, ReportIncident } from '@jmm/report';

/** Where the report's reading stops: its period, and the checkpoint it is computed at. */
export interface ReportSourceScope {
  readonly audience: ReportAudience;
  readonly period: MetricPeriod;
  /** Only entries below this index (the checkpoint's tree size) count. */
  readonly treeSize: number;
  /** The checkpoint's log time: later releases are not in the report. */
  readonly logTime: string;
}

/** A page of a list route; every list stops at the same bound, so a report never reads without end. */
const PAGE_LIMIT = 200;
const MAX_PAGES = 500;

/**
 * Whether every reader of the report may read a record of `audience`: a mechanism report never shows what
 * only some organisations read (the domain's isReadByAudience, for records rather than statements).
 */
function isForEveryReader(audience: { readonly kind: string }, report: ReportAudience): boolean {
  return report === 'public' ? audience.kind === 'public' : audience.kind !== 'orgs';
}

function isIn(period: MetricPeriod, at: string): boolean {
  const time = Date.parse(at);
  return time >= Date.parse(period.start) && time < Date.parse(period.end);
}

async function* readPages<R>(read: (cursor: string | undefined) => Promise<Page<R>>): AsyncGenerator<R> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await read(cursor);
    yield* answer.records;
    if (answer.next_cursor === null) return;
    cursor = answer.next_cursor;
  }
}

/**
 * The incidents reported in the period, for the map. `client` reads as the report's audience does: for a
 * public report an anonymous client, whose list is already at the public precision (and the report snaps it
 * to the public grid again); withdrawn incidents are left off. Newest first, stopping at the period's start.
 */
export async function readReportIncidents(
  client: JmmClient,
  scope: ReportSourceScope,
): Promise<ReportIncident[]> {
  const incidents: ReportIncident[] = [];
  const pages = readPages<IncidentListItem>((cursor) =>
    client.listIncidents({ sort: 'newest', limit: PAGE_LIMIT, ...(cursor === undefined ? {} : { cursor }) }),
  );
  for await (const incident of pages) {
    if (Date.parse(incident.reported_at) < Date.parse(scope.period.start)) break;
    if (
      incident.index >= scope.treeSize ||
      !isIn(scope.period, incident.reported_at) ||
      incident.status === 'withdrawn' ||
      !isForEveryReader(incident.audience, scope.audience)
    )
      continue;
    incidents.push({
      lat: incident.location.lat,
      lon: incident.location.lon,
      admin1: incident.location.admin1,
      category: incident.category.mechanism_type,
    });
  }
  return incidents;
}

/**
 * What the report lists as released in the period: the mediators' public releases published in it (for
 * every report), and for a mechanism report also the findings made final in it that every member reads.
 * Nothing logged after the checkpoint counts.
 */
export async function readReportFindings(
  client: JmmClient,
  scope: ReportSourceScope,
): Promise<ReportFinding[]> {
  const released = (at: string | null): at is string =>
    at !== null && isIn(scope.period, at) && Date.parse(at) <= Date.parse(scope.logTime);
  const findings: ReportFinding[] = [];
  for await (const release of readPages((cursor) =>
    client.listReleases({
      status: ['published'],
      limit: PAGE_LIMIT,
      ...(cursor === undefined ? {} : { cursor }),
    }),
  )) {
    if (!released(release.published_at) || !isForEveryReader(release.audience, scope.audience)) continue;
    findings.push({
      digest: release.digest,
      released_at: release.published_at,
      title: release.title,
      summary: release.summary,
      admin1: release.admin1,
    });
  }
  if (scope.audience === 'mechanism') {
    for await (const finding of readPages((cursor) =>
      client.listFindings({
        status: ['final'],
        limit: PAGE_LIMIT,
        ...(cursor === undefined ? {} : { cursor }),
      }),
    )) {
      if (
        finding.index >= scope.treeSize ||
        !released(finding.final_at) ||
        !isForEveryReader(finding.audience, scope.audience)
      )
        continue;
      findings.push({
        digest: finding.digest,
        released_at: finding.final_at,
        title: `Finding: ${finding.determination.replace(/_/g, ' ')}`,
        summary: finding.summary,
        determination: finding.determination,
      });
    }
  }
  return findings;
}
