import { coarsenLocation, listReportValues, type PeriodKind } from '@jmm/domain';
import { buildReportCharts } from './build-report-charts.ts';
import { buildReportSections } from './build-report-tables.ts';
import { describeReportPeriod, formatReportTime } from './describe-report-period.ts';
import { ReportError } from './report-error.ts';
import type { ReportFinding, ReportIncident, ReportInput, ReportModel } from './report-model.ts';
import { writeReportSummary } from './write-report-summary.ts';

const ADJECTIVES = { week: 'weekly', month: 'monthly', quarter: 'quarterly' } as const satisfies Record<
  PeriodKind,
  string
>;

function checkInput(input: ReportInput): void {
  const { metrics, period } = input;
  const problems: string[] = [];
  if (
    metrics.period.kind !== period.kind ||
    Date.parse(metrics.period.start) !== Date.parse(period.start) ||
    Date.parse(metrics.period.end) !== Date.parse(period.end)
  )
    problems.push('the metrics are for another period');
  if (metrics.public !== (input.audience === 'public'))
    problems.push(`the metrics are ${metrics.public ? '' : 'not '}public, the audience is ${input.audience}`);
  if (Date.parse(metrics.as_of) !== Date.parse(input.checkpoint.log_time))
    problems.push("the metrics were not computed at the checkpoint's log time");
  if (!Number.isSafeInteger(input.checkpoint.tree_size) || input.checkpoint.tree_size < 1)
    problems.push('the checkpoint tree size is not a positive integer');
  if (problems.length > 0) throw new ReportError('invalid_report_input', problems.join('; '));
}

/**
 * What a public map may show (DESIGN.md §1.7): the caller passes incidents at the public precision, and they are
 * snapped onto the public grid again here, so a report can never be finer than the grid whatever it was given.
 * Only latitude, longitude, admin1 and category are kept.
 */
function mapIncidents(input: ReportInput): ReportIncident[] {
  const incidents = input.incidents.map((incident): ReportIncident => {
    if (input.audience === 'mechanism')
      return { lat: incident.lat, lon: incident.lon, admin1: incident.admin1, category: incident.category };
    const metres = input.publicLocationPrecisionM;
    const coarse = coarsenLocation(
      { lat: incident.lat, lon: incident.lon, precision_m: metres },
      { locationMetres: metres, time: 'month' },
    );
    return { lat: coarse.lat, lon: coarse.lon, admin1: incident.admin1, category: incident.category };
  });
  return incidents.sort(
    (a, b) =>
      a.lat - b.lat || a.lon - b.lon || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0),
  );
}

/** Findings released in `[start, end)`, in release order, with only the fields a report shows. */
function releasedFindings(input: ReportInput): ReportFinding[] {
  const start = Date.parse(input.period.start);
  const end = Date.parse(input.period.end);
  return input.findings
    .filter((f) => Date.parse(f.released_at) >= start && Date.parse(f.released_at) < end)
    .map((f): ReportFinding => ({
      digest: f.digest,
      released_at: f.released_at,
      title: f.title,
      summary: f.summary,
      determination: f.determination,
      admin1: f.admin1 === undefined ? undefined : [...f.admin1],
    }))
    .sort((a, b) =>
      a.released_at === b.released_at
        ? a.digest < b.digest
          ? -1
          : 1
        : Date.parse(a.released_at) - Date.parse(b.released_at),
    );
}

/**
 * The report of issue 8 as data: a pure function of its input, so the HTML and the PDF — and anyone rendering
 * the same input again — say the same thing. Every table value comes from `input.metrics` with its previous
 * period and change; `values` are exactly what `report.publish` carries (listReportValues).
 */
export function buildReportModel(input: ReportInput): ReportModel {
  checkInput(input);
  const { metrics } = input;
  const partyName = (party: string): string => input.partyNames?.[party] ?? party;
  const label = describeReportPeriod(metrics.period.kind, metrics.period.start);
  const previousLabel = describeReportPeriod(metrics.previous_period.kind, metrics.previous_period.start);
  const incidents = mapIncidents(input);
  const findings = releasedFindings(input);
  const { log, checkpoint } = input;
  const verifyCommand = `jmm verify ${log.url ?? '<mechanism URL>'} --origin ${log.origin} --log-key '${log.verifier_key ?? '<log verifier key>'}'`;
  const grid = `about ${input.publicLocationPrecisionM / 1000} km`;
  return {
    title: `${input.mechanismName}: ${input.audience === 'public' ? 'public' : 'mechanism'} ${ADJECTIVES[metrics.period.kind]} report, ${label}`,
    mechanism_name: input.mechanismName,
    synthetic: input.synthetic,
    audience: input.audience,
    period: {
      kind: metrics.period.kind,
      start: metrics.period.start,
      end: metrics.period.end,
      label,
      previous_label: previousLabel,
      complete: metrics.period.complete,
    },
    checkpoint: {
      tree_size: checkpoint.tree_size,
      root_hash: checkpoint.root_hash,
      log_time: checkpoint.log_time,
    },
    verification: [
      `Computed at the checkpoint of tree size ${checkpoint.tree_size}, root hash ${checkpoint.root_hash}, logged ${formatReportTime(checkpoint.log_time)}: nothing logged after it counts.`,
      `Its values are those of the signed report.publish statement that publishes this document (with the document's SHA-256 digest); the log accepts that statement only if every value equals what ${input.audience === 'public' ? 'the public' : 'the mechanism’s members'} get at this checkpoint.`,
      `To check, run ${verifyCommand}: it verifies the log, its checkpoints and cosignatures, and recomputes the values of every published report.`,
      ...(metrics.period.complete
        ? []
        : ['The period had not ended at the checkpoint: a later report may give other numbers for it.']),
    ],
    verify_command: verifyCommand,
    min_cell_size: metrics.min_cell_size,
    summary: writeReportSummary({
      metrics,
      audience: input.audience,
      previousLabel,
      partyName,
      incidentCount: incidents.length,
      findingCount: findings.length,
    }),
    charts: buildReportCharts(metrics, { period: label, previous: previousLabel, partyName }),
    map: {
      caption:
        input.audience === 'public'
          ? `Incidents reported in ${label}, at public precision (${grid}); boundaries are illustrative (Natural Earth).`
          : `Incidents reported in ${label}; boundaries are illustrative (Natural Earth).`,
      incidents,
    },
    sections: buildReportSections({ metrics, periodLabel: label, previousLabel, partyName }),
    findings,
    values: listReportValues(metrics),
  };
}
