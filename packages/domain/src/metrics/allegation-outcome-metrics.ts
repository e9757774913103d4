import type { FindingRecord } from '../workflow-records.ts';
import { countMeasure, percentileMeasure, shareMeasure } from './metric-cell.ts';
import type { MetricDefinitions, Measures } from './metric-group.ts';
import { isInPeriod, type PeriodRange } from './metric-period.ts';
import type { AllegationFacts, MetricsContext } from './metrics-context.ts';

const DAY_MS = 86_400_000;
const ATTRIBUTING_DEGREES: ReadonlySet<string> = new Set(['attributable', 'largely_attributable']);

/**
 * What became of the allegations against each party. The cohort is the allegations against the party reported in
 * the period, judged with what the log says at as_of; the time to a final finding is measured instead over the
 * allegations whose finding became final in the period, so that slow cases are counted when they end rather than
 * missing from recent periods.
 */
export const ALLEGATION_OUTCOME_METRICS = {
  allegations: 'Allegations against the party reported in the period (not withdrawn)',
  admitted: 'Of those, allegations a verifier admitted as a case (case.open decision admit)',
  investigated: 'Of those, allegations whose case has at least one note, finding or access event',
  confirmed: 'Of those, allegations whose case has a final finding with determination confirmed',
  attributed:
    'Of those, allegations whose final finding attributes the incident to the party (attributable or largely attributable)',
  admitted_share: 'admitted / allegations',
  investigated_share: 'investigated / allegations',
  confirmed_share: 'confirmed / allegations',
  attributed_share: 'attributed / allegations',
  finalised:
    'Allegations against the party (reported in any period) whose finding became final in the period',
  days_to_final_finding_median: 'Median days from report to final finding, over finalised allegations',
  days_to_final_finding_p90: '90th percentile of days from report to final finding',
} as const satisfies MetricDefinitions;

function isInvestigated(allegation: AllegationFacts): boolean {
  const kase = allegation.kase;
  return (
    kase?.decision === 'admit' &&
    (kase.notes > 0 || kase.findings.length > 0 || kase.accessDenials.length > 0)
  );
}

/** Whether `finding` confirms the incident and attributes it to `party` (attributable or largely attributable). */
export function attributesTo(finding: FindingRecord | undefined, party: string): boolean {
  return (
    finding?.determination === 'confirmed' &&
    finding.attribution?.party === party &&
    ATTRIBUTING_DEGREES.has(finding.attribution.degree)
  );
}

export function measureAllegationOutcomes(
  context: MetricsContext,
  party: string,
  range: PeriodRange,
): Measures<typeof ALLEGATION_OUTCOME_METRICS> {
  let allegations = 0;
  let admitted = 0;
  let investigated = 0;
  let confirmed = 0;
  let attributed = 0;
  const days: number[] = [];
  for (const allegation of context.allegations) {
    if (allegation.against !== party) continue;
    if (allegation.finalAt !== undefined && isInPeriod(range, allegation.finalAt))
      days.push((allegation.finalAt - allegation.reportedAt) / DAY_MS);
    if (!isInPeriod(range, allegation.reportedAt)) continue;
    allegations += 1;
    if (allegation.kase?.decision === 'admit') admitted += 1;
    if (isInvestigated(allegation)) investigated += 1;
    if (allegation.finalFinding?.determination === 'confirmed') confirmed += 1;
    if (attributesTo(allegation.finalFinding, party)) attributed += 1;
  }
  return {
    allegations: countMeasure(allegations),
    admitted: countMeasure(admitted),
    investigated: countMeasure(investigated),
    confirmed: countMeasure(confirmed),
    attributed: countMeasure(attributed),
    admitted_share: shareMeasure(admitted, allegations),
    investigated_share: shareMeasure(investigated, allegations),
    confirmed_share: shareMeasure(confirmed, allegations),
    attributed_share: shareMeasure(attributed, allegations),
    finalised: countMeasure(days.length),
    days_to_final_finding_median: percentileMeasure(days, 0.5),
    days_to_final_finding_p90: percentileMeasure(days, 0.9),
  };
}
