// Test support, not part of the package's API: a hand-built MetricsResult whose every number is written here,
// so the tests can state by hand what the report must say.
import { MECHANISM_TYPES, metricsResultSchema, type MetricCell, type MetricsResult } from '@jmm/domain';
import type { ReportInput } from './report-model.ts';

export const MIN_CELL_SIZE = 3;
export const COMMITMENT = `sha256:${'ab'.repeat(32)}`;

/** A cell as toMetricCell reports it; `null` with `hidden` is a suppressed value. */
export function cell(
  value: number | null,
  previous: number | null,
  hidden: { readonly value?: boolean; readonly previous?: boolean } = {},
): MetricCell {
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  const change = value === null || previous === null ? null : round(value - previous);
  return {
    value,
    previous,
    change,
    relative_change: change === null || previous === 0 ? null : round(change / previous!),
    suppressed: hidden.value === true,
    previous_suppressed: hidden.previous === true,
  };
}

/** A public cell hidden in both periods. */
const HIDDEN = cell(null, null, { value: true, previous: true });

function row<N extends string>(
  names: readonly N[],
  given: Partial<Record<N, MetricCell>>,
): Record<N, MetricCell> {
  return Object.fromEntries(names.map((name) => [name, given[name] ?? HIDDEN])) as Record<N, MetricCell>;
}

const RESPONSES = [
  'allegations',
  'responded',
  'responses_due',
  'responded_on_time',
  'responded_on_time_share',
  'hours_to_first_response_median',
  'hours_to_first_response_p90',
  'overdue',
] as const;
const OUTCOMES = [
  'allegations',
  'admitted',
  'investigated',
  'confirmed',
  'attributed',
  'admitted_share',
  'investigated_share',
  'confirmed_share',
  'attributed_share',
  'finalised',
  'days_to_final_finding_median',
  'days_to_final_finding_p90',
] as const;
const EXCHANGES = [
  'requests',
  'acknowledged',
  'acknowledgements_due',
  'acknowledged_on_time',
  'acknowledged_on_time_share',
  'hours_to_acknowledge_median',
  'hours_to_acknowledge_p90',
  'replies_expected',
  'replied',
  'replies_due',
  'replied_on_time',
  'replied_on_time_share',
  'hours_to_reply_median',
  'hours_to_reply_p90',
  'overdue_acknowledgements',
  'overdue_replies',
] as const;
const ACCESS = ['denials', 'delays', 'access_denials'] as const;

function categories(given: Partial<Record<(typeof MECHANISM_TYPES)[number], MetricCell>>) {
  return row(MECHANISM_TYPES, given);
}

/**
 * October 2026, public, minimum cell size 3, parties pa and pb. pa reports most allegations and pb is named in
 * most; pa's own rows are mostly below the minimum and withheld.
 */
export function publicMetrics(): MetricsResult {
  return metricsResultSchema.parse({
    as_of: '2026-11-01T00:05:00.000Z',
    time_zone: 'UTC',
    public: true,
    min_cell_size: MIN_CELL_SIZE,
    period: {
      kind: 'month',
      start: '2026-10-01T00:00:00.000Z',
      end: '2026-11-01T00:00:00.000Z',
      complete: true,
    },
    previous_period: {
      kind: 'month',
      start: '2026-09-01T00:00:00.000Z',
      end: '2026-10-01T00:00:00.000Z',
      complete: true,
    },
    parties: ['pa', 'pb'],
    incidents: {
      alleged_by: [
        {
          party: 'pa',
          total: cell(12, 8),
          by_category: categories({ cross_border_fire: cell(7, 5), cross_border_attack: cell(5, 3) }),
        },
        { party: 'pb', total: cell(null, 4, { value: true }), by_category: categories({}) },
      ],
      alleged_against: [
        {
          party: 'pa',
          total: cell(null, null, { value: true, previous: true }),
          by_category: categories({}),
        },
        {
          party: 'pb',
          total: cell(12, 8),
          by_category: categories({ cross_border_fire: cell(7, 5), cross_border_attack: cell(5, 3) }),
        },
      ],
    },
    responses: [
      { party: 'pa', ...row(RESPONSES, {}) },
      {
        party: 'pb',
        ...row(RESPONSES, {
          allegations: cell(12, 8),
          responded: cell(9, 6),
          responses_due: cell(10, 8),
          responded_on_time: cell(6, 4),
          responded_on_time_share: cell(0.6, 0.5),
          hours_to_first_response_median: cell(30.5, 41),
          hours_to_first_response_p90: cell(70.25, 80),
          overdue: cell(4, 3),
        }),
      },
    ],
    allegation_outcomes: [
      { party: 'pa', ...row(OUTCOMES, {}) },
      {
        party: 'pb',
        ...row(OUTCOMES, {
          allegations: cell(12, 8),
          admitted: cell(6, 4),
          investigated: cell(5, 4),
          confirmed: cell(3, null, { previous: true }),
          admitted_share: cell(0.5, 0.5),
          investigated_share: cell(0.4167, 0.5),
          confirmed_share: cell(0.25, null, { previous: true }),
          finalised: cell(3, null, { previous: true }),
          days_to_final_finding_median: cell(21.5, null, { previous: true }),
          days_to_final_finding_p90: cell(27.1, null, { previous: true }),
        }),
      },
    ],
    exchanges: [
      { party: 'pa', ...row(EXCHANGES, { requests: cell(5, 6), acknowledged: cell(5, 6) }) },
      {
        party: 'pb',
        ...row(EXCHANGES, {
          requests: cell(8, 5),
          acknowledged: cell(7, 5),
          acknowledgements_due: cell(8, 5),
          acknowledged_on_time: cell(6, 5),
          acknowledged_on_time_share: cell(0.75, 1),
          hours_to_acknowledge_median: cell(12, 6.5),
          hours_to_acknowledge_p90: cell(30.2, 20),
          replies_expected: cell(8, 5),
          replied: cell(5, 5),
          replies_due: cell(6, 5),
          replied_on_time: cell(3, 4),
          replied_on_time_share: cell(0.5, 0.8),
          hours_to_reply_median: cell(96, 70),
          hours_to_reply_p90: cell(160.4, 100),
        }),
      },
    ],
    access: [
      { party: 'pa', ...row(ACCESS, {}) },
      {
        party: 'pb',
        ...row(ACCESS, { denials: cell(3, null, { previous: true }), access_denials: cell(4, 3) }),
      },
    ],
    commitments: [
      {
        commitment: COMMITMENT,
        title: 'Prompt answers',
        obligated: ['pa', 'pb'],
        in_force_at: '2026-07-01T00:00:00.000Z',
        effective_from: '2026-07-01T00:00:00.000Z',
        effective_to: null,
        indicators: [
          {
            kind: 'computed',
            id: 'ack-on-time',
            name: 'Requests acknowledged on time',
            metric: 'exchange_acknowledged_on_time_share',
            comparator: 'at_least',
            threshold: 0.8,
            period: {
              kind: 'month',
              start: '2026-10-01T00:00:00.000Z',
              end: '2026-11-01T00:00:00.000Z',
              complete: true,
            },
            previous_period: {
              kind: 'month',
              start: '2026-09-01T00:00:00.000Z',
              end: '2026-10-01T00:00:00.000Z',
              complete: true,
            },
            parties: [
              { party: 'pa', value: HIDDEN, status: null, previous_status: null },
              { party: 'pb', value: cell(0.75, 1), status: 'not_met', previous_status: 'met' },
            ],
          },
          {
            kind: 'assessed',
            id: 'restraint',
            name: 'No shelling of villages',
            assessment: {
              status: 'partly_met',
              start: '2026-10-01T00:00:00Z',
              end: '2026-11-01T00:00:00Z',
              digest: `sha256:${'cd'.repeat(32)}`,
            },
            previous_assessment: null,
          },
        ],
      },
    ],
  });
}

/** The input of a public October 2026 report over `publicMetrics()`. */
export function publicReportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    mechanismName: 'Joint Border Mechanism (demo)',
    synthetic: true,
    audience: 'public',
    period: { kind: 'month', start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
    checkpoint: {
      tree_size: 4321,
      root_hash: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=',
      log_time: '2026-11-01T00:05:00.000Z',
    },
    log: { origin: 'jmm.example.org/pak-afg', url: 'https://jmm.example.org' },
    metrics: publicMetrics(),
    publicLocationPrecisionM: 10_000,
    incidents: [
      { lat: 34.0149, lon: 71.5785, admin1: 'PK-KP', category: 'cross_border_fire' },
      { lat: 31.6133, lon: 65.7101, admin1: 'AF-KAN', category: 'cross_border_attack' },
    ],
    findings: [
      {
        digest: `sha256:${'ef'.repeat(32)}`,
        released_at: '2026-10-20T09:00:00.000Z',
        title: 'Shelling near the crossing',
        summary: '[SYNTHETIC] The verifiers confirmed shelling in Khyber Pakhtunkhwa.',
        determination: 'confirmed',
        admin1: ['PK-KP'],
      },
      {
        digest: `sha256:${'01'.repeat(32)}`,
        released_at: '2026-09-20T09:00:00.000Z',
        title: 'A finding of the month before',
        summary: 'Not in this report.',
      },
    ],
    ...overrides,
  };
}
