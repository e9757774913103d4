import type { MechanismType, MetricsResult } from '@jmm/domain';

type MetricNames<Row> = Exclude<keyof Row, 'party'>;
export type ResponseMetric = MetricNames<MetricsResult['responses'][number]>;
export type AllegationOutcomeMetric = MetricNames<MetricsResult['allegation_outcomes'][number]>;
export type ExchangeMetric = MetricNames<MetricsResult['exchanges'][number]>;
export type AccessMetric = MetricNames<MetricsResult['access'][number]>;

/*
 * Plain-language row labels, one per metric. The `satisfies` clauses make the compiler name any metric that
 * @jmm/domain adds and a report would otherwise drop (STYLE.md habit 14). Definitions: domain metrics README.
 */

export const RESPONSE_LABELS = {
  allegations: 'Allegations against the party',
  responded: 'Responded to',
  responses_due: 'Responses due',
  responded_on_time: 'Responded to on time',
  responded_on_time_share: 'Share responded to on time',
  hours_to_first_response_median: 'Hours to first response (median)',
  hours_to_first_response_p90: 'Hours to first response (90th percentile)',
  overdue: 'Responses overdue at the end of the period',
} as const satisfies Record<ResponseMetric, string>;

export const ALLEGATION_OUTCOME_LABELS = {
  allegations: 'Allegations against the party',
  admitted: 'Admitted as a case',
  investigated: 'Investigated',
  confirmed: 'Confirmed by a final finding',
  attributed: 'Attributed to the party',
  admitted_share: 'Share admitted',
  investigated_share: 'Share investigated',
  confirmed_share: 'Share confirmed',
  attributed_share: 'Share attributed',
  finalised: 'Findings made final in the period',
  days_to_final_finding_median: 'Days to final finding (median)',
  days_to_final_finding_p90: 'Days to final finding (90th percentile)',
} as const satisfies Record<AllegationOutcomeMetric, string>;

export const EXCHANGE_LABELS = {
  requests: 'Requests received',
  acknowledged: 'Acknowledged',
  acknowledgements_due: 'Acknowledgements due',
  acknowledged_on_time: 'Acknowledged on time',
  acknowledged_on_time_share: 'Share acknowledged on time',
  hours_to_acknowledge_median: 'Hours to acknowledge (median)',
  hours_to_acknowledge_p90: 'Hours to acknowledge (90th percentile)',
  replies_expected: 'Replies expected',
  replied: 'Replied',
  replies_due: 'Replies due',
  replied_on_time: 'Replied on time',
  replied_on_time_share: 'Share replied to on time',
  hours_to_reply_median: 'Hours to reply (median)',
  hours_to_reply_p90: 'Hours to reply (90th percentile)',
  overdue_acknowledgements: 'Acknowledgements overdue at the end of the period',
  overdue_replies: 'Replies overdue at the end of the period',
} as const satisfies Record<ExchangeMetric, string>;

export const ACCESS_LABELS = {
  denials: 'Access denied',
  delays: 'Access delayed',
  access_denials: 'Denials and delays',
} as const satisfies Record<AccessMetric, string>;

export const CATEGORY_LABELS = {
  cross_border_attack: 'Cross-border attack',
  cross_border_fire: 'Cross-border fire',
  incursion: 'Incursion',
  airspace_violation: 'Airspace violation',
  militant_presence: 'Militant presence',
  attack_on_border_post: 'Attack on a border post',
  access_restriction: 'Access restriction',
  other: 'Other',
} as const satisfies Record<MechanismType, string>;

/** Map colours per category (colour-blind-safe Okabe–Ito palette), shared by the map and its legend. */
export const CATEGORY_COLOURS = {
  cross_border_attack: '#D55E00',
  cross_border_fire: '#E69F00',
  incursion: '#CC79A7',
  airspace_violation: '#56B4E9',
  militant_presence: '#0072B2',
  attack_on_border_post: '#9E1B32',
  access_restriction: '#009E73',
  other: '#555555',
} as const satisfies Record<MechanismType, string>;

/** How a metric's value reads: derived from its name, as the domain names metrics by what they measure. */
export type MetricUnit = 'count' | 'share' | 'hours' | 'days';

export function unitOfMetric(name: string): MetricUnit {
  if (name.endsWith('_share')) return 'share';
  if (name.startsWith('hours_')) return 'hours';
  if (name.startsWith('days_')) return 'days';
  return 'count';
}
