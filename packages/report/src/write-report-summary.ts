import type { MetricCell, MetricsResult } from '@jmm/domain';
import { describeWithheld, formatMetricNumber } from './format-metric-cell.ts';

export interface SummaryContext {
  readonly metrics: MetricsResult;
  readonly audience: 'public' | 'mechanism';
  readonly previousLabel: string;
  readonly partyName: (party: string) => string;
  readonly incidentCount: number;
  readonly findingCount: number;
}

/** A noun's singular and plural. */
type Noun = readonly [string, string];
const ALLEGATION: Noun = ['allegation', 'allegations'];
const RESPONSE: Noun = ['response', 'responses'];
const FINDING: Noun = ['finding', 'findings'];
const REQUEST: Noun = ['request', 'requests'];
const ACCESS_DENIAL: Noun = ['access denial or delay', 'access denials or delays'];

/** A count as a number, or "fewer than 5" when withheld. */
function amount(cell: Pick<MetricCell, 'value' | 'suppressed'>, k: number | null): string {
  if (cell.suppressed) return describeWithheld('count', { minCellSize: k });
  return cell.value === null ? 'no' : formatMetricNumber(cell.value, 'count');
}

/** "12 allegations", "1 allegation", "fewer than 5 allegations". */
function quantity(cell: Pick<MetricCell, 'value' | 'suppressed'>, noun: Noun, k: number | null): string {
  return `${amount(cell, k)} ${cell.value === 1 && !cell.suppressed ? noun[0] : noun[1]}`;
}

/** A count with the previous period in brackets: "12 allegations (8 in September 2026)". */
function countWithPrevious(cell: MetricCell, noun: Noun, context: SummaryContext): string {
  const k = context.metrics.min_cell_size;
  const before = amount({ value: cell.previous, suppressed: cell.previous_suppressed }, k);
  return `${quantity(cell, noun, k)} (${before} in ${context.previousLabel})`;
}

/** A share as "75%", or why it is not shown. */
function share(cell: MetricCell, k: number | null): string {
  if (cell.suppressed) return `a withheld share (fewer than ${k ?? 0} cases)`;
  return cell.value === null ? 'not yet measurable' : formatMetricNumber(cell.value, 'share');
}

/**
 * The plain-language summary (issue 8): fixed sentences filled with the report's own numbers, in party order,
 * so two renderings of one report say the same words and a withheld cell is never spelled out as a number.
 */
export function writeReportSummary(context: SummaryContext): string[] {
  const { metrics, partyName } = context;
  const k = metrics.min_cell_size;
  const sentences: string[] = [];
  if (metrics.public)
    sentences.push(
      `This report counts public statements only. Any count below ${k} is shown as “fewer than ${k}”, never as a number; a share, median or time computed from such a count is “withheld”, and so is a category count hidden so that a total does not give a small one away.`,
    );
  for (const row of metrics.incidents.alleged_by)
    sentences.push(`${partyName(row.party)} reported ${countWithPrevious(row.total, ALLEGATION, context)}.`);
  for (const row of metrics.incidents.alleged_against)
    sentences.push(
      `${capitalise(countWithPrevious(row.total, ALLEGATION, context))} named ${partyName(row.party)} as responsible.`,
    );
  for (const row of metrics.responses)
    sentences.push(
      `${partyName(row.party)} responded on time to ${share(row.responded_on_time_share, k)} of the responses due; ${quantity(row.overdue, RESPONSE, k)} ${row.overdue.value === 1 && !row.overdue.suppressed ? 'was' : 'were'} overdue at the end of the period.`,
    );
  for (const row of metrics.allegation_outcomes)
    sentences.push(
      `Of the ${quantity(row.allegations, ALLEGATION, k)} against ${partyName(row.party)} reported in the period, the verifiers admitted ${amount(row.admitted, k)} and confirmed ${amount(row.confirmed, k)}; ${quantity(row.finalised, FINDING, k)} on allegations against it became final in the period.`,
    );
  for (const row of metrics.exchanges)
    sentences.push(
      `${partyName(row.party)} received ${countWithPrevious(row.requests, REQUEST, context)}; it acknowledged ${share(row.acknowledged_on_time_share, k)} of those due on time and replied on time to ${share(row.replied_on_time_share, k)}.`,
    );
  for (const row of metrics.access)
    sentences.push(
      `The verifiers recorded ${countWithPrevious(row.access_denials, ACCESS_DENIAL, context)} naming ${partyName(row.party)}.`,
    );
  const statuses = metrics.commitments.flatMap((c) =>
    c.indicators.flatMap((i) => (i.kind === 'computed' ? i.parties.map((p) => p.status) : [])),
  );
  if (statuses.length > 0) {
    const count = (status: string | null) => statuses.filter((s) => s === status).length;
    sentences.push(
      `Across ${metrics.commitments.length} commitment${metrics.commitments.length === 1 ? '' : 's'} in force, ${count('met')} of ${statuses.length} computed indicator results were met, ${count('not_met')} not met, ${count('no_data')} without data and ${count(null)} withheld.`,
    );
  }
  sentences.push(
    `${context.findingCount} finding${context.findingCount === 1 ? ' was' : 's were'} released in the period; the map shows ${context.incidentCount} incident${context.incidentCount === 1 ? '' : 's'}${context.audience === 'public' ? ' at public precision' : ''}.`,
  );
  return sentences;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
