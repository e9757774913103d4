import {
  foldAudienceState,
  isReadByAudience,
  type MetricPeriod,
  type MetricsStatement,
  type ReportAudience,
} from '@jmm/domain';
import type { ReportFinding, ReportIncident } from './report-model.ts';

/**
 * A report's map and findings taken straight from the log's statements, for a producer that holds them (the
 * demo and the server's report drafts, which run the engine; `jmm report` reads the same through the API).
 * Only what every reader of `audience` may read, logged in the period and at or before the checkpoint that
 * closes `statements`, counts: the records are the fold of exactly those statements (foldAudienceState), never
 * the producer's fuller fold, so an amendment or withdrawal the audience may not read never moves, recolours or
 * hides a point on its map. A public report's points are snapped to the public grid by buildReportModel.
 */
export function collectReportSources(input: {
  readonly statements: readonly MetricsStatement[];
  readonly audience: ReportAudience;
  readonly period: MetricPeriod;
}): { incidents: ReportIncident[]; findings: ReportFinding[] } {
  const { statements, audience, period } = input;
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  const last = statements.at(-1);
  const asOf = last === undefined ? -Infinity : Date.parse(last.logTime);
  const inPeriod = (at: string | undefined): at is string => {
    if (at === undefined) return false;
    const time = Date.parse(at);
    return time >= start && time < end && time <= asOf;
  };
  const byDigest = new Map(statements.map((entry) => [entry.digest, entry.statement]));
  const readable = (record: { readonly digest: string }) => {
    const statement = byDigest.get(record.digest);
    return statement !== undefined && isReadByAudience(statement, audience) ? statement : undefined;
  };
  const incidents: ReportIncident[] = [];
  const findings: ReportFinding[] = [];
  for (const record of foldAudienceState(statements, audience).records.values()) {
    switch (record.kind) {
      case 'incident':
        // The record's body has its amendments applied, as the incident list shows it.
        if (record.status !== 'withdrawn' && inPeriod(record.reportedAt) && readable(record) !== undefined)
          incidents.push({
            lat: record.body.location.lat,
            lon: record.body.location.lon,
            admin1: record.body.location.admin1,
            category: record.body.category.mechanism_type,
          });
        break;
      case 'release': {
        const statement = readable(record);
        if (statement?.type === 'release' && inPeriod(record.publishedAt))
          findings.push({
            digest: record.digest,
            released_at: record.publishedAt,
            title: statement.body.title,
            summary: statement.body.summary,
            admin1: statement.body.admin1,
          });
        break;
      }
      case 'finding': {
        const statement = audience === 'mechanism' ? readable(record) : undefined;
        if (statement?.type === 'case.finding' && inPeriod(record.finalAt))
          findings.push({
            digest: record.digest,
            released_at: record.finalAt,
            title: `Finding: ${record.determination.replace(/_/g, ' ')}`,
            summary: statement.body.summary,
            determination: record.determination,
          });
        break;
      }
      case 'exchange':
      case 'claim':
      case 'case':
      case 'commitment':
        break;
    }
  }
  return { incidents, findings };
}
