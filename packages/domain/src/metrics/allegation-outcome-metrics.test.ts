import { describe, expect, it } from 'vitest';
import { MetricsLog, rowOf } from './metrics.fixture.ts';

const AS_OF = '2026-09-10T00:00:00Z';
const AUGUST = { periodAt: '2026-08-15T00:00:00Z' };

/**
 * Allegations against pb:
 *   B0 1 Jul: admitted, finding unfounded, final 11 Aug (41 days)
 *   B1 1 Aug: admitted, note, confirmed and attributable to pb, final 20 Aug (19 days)
 *   B2 2 Aug: admitted, nothing done        B3 5 Aug: declined        B4 6 Aug: no case
 *   B5 7 Aug: admitted, access delayed, inconclusive, final 27 Aug (20 days)
 *   B6 8 Aug: admitted, confirmed but not attributable, final 5 Sep (28 days)
 *   B7 9 Aug: admitted, confirmed and largely attributable, not final (one concurrence of two)
 * Against pa: P1 3 Aug, confirmed and attributed to pb (not to pa), final 6 Aug (3 days).
 */
function outcomeLog(): MetricsLog {
  const log = new MetricsLog();
  const admitted = (reportedAt: string, openedAt: string, against = 'pb') => {
    const by = against === 'pb' ? 'pa/reporter' : 'pb/reporter';
    return log.openCase(openedAt, [log.report(reportedAt, { by, against })]);
  };
  const b0 = admitted('2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z');
  const b0Finding = log.finding('2026-07-05T00:00:00Z', b0, 'unfounded');
  const b1 = admitted('2026-08-01T00:00:00Z', '2026-08-03T00:00:00Z');
  admitted('2026-08-02T00:00:00Z', '2026-08-03T00:00:00Z');
  const p1 = admitted('2026-08-03T00:00:00Z', '2026-08-04T00:00:00Z', 'pa');
  log.note('2026-08-04T00:00:00Z', b1);
  log.openCase('2026-08-06T00:00:00Z', [log.report('2026-08-05T00:00:00Z')], 'decline');
  const p1Finding = log.finding('2026-08-05T00:00:00Z', p1, 'confirmed', {
    party: 'pb',
    degree: 'attributable',
  });
  log.finalise('2026-08-06T00:00:00Z', p1Finding);
  log.report('2026-08-06T00:00:00Z');
  const b5 = admitted('2026-08-07T00:00:00Z', '2026-08-08T00:00:00Z');
  const b6 = admitted('2026-08-08T00:00:00Z', '2026-08-09T00:00:00Z');
  log.accessDenied('2026-08-09T00:00:00Z', b5, 'pb', 'delayed');
  const b7 = admitted('2026-08-09T00:00:00Z', '2026-08-10T00:00:00Z');
  const b1Finding = log.finding('2026-08-10T00:00:00Z', b1, 'confirmed', {
    party: 'pb',
    degree: 'attributable',
  });
  log.finalise('2026-08-11T00:00:00Z', b0Finding);
  log.finalise('2026-08-20T00:00:00Z', b1Finding);
  const b5Finding = log.finding('2026-08-20T00:00:00Z', b5, 'inconclusive');
  const b6Finding = log.finding('2026-08-25T00:00:00Z', b6, 'confirmed', {
    party: 'pb',
    degree: 'not_attributable',
  });
  log.finalise('2026-08-27T00:00:00Z', b5Finding);
  const b7Finding = log.finding('2026-08-28T00:00:00Z', b7, 'confirmed', {
    party: 'pb',
    degree: 'largely_attributable',
  });
  log.add(
    'endorse',
    'ver/approver',
    '2026-08-29T00:00:00Z',
    { position: 'concur' },
    { refs: [{ rel: 'endorses', digest: b7Finding }] },
  );
  log.finalise('2026-09-05T00:00:00Z', b6Finding);
  return log;
}

describe('allegation outcome metrics', () => {
  const log = outcomeLog();
  const pb = rowOf(log.metrics(AS_OF, 'month', AUGUST).allegation_outcomes, 'pb');

  it('counts admitted, investigated, confirmed and attributed allegations of the period', () => {
    expect(pb.allegations).toMatchObject({ value: 7, previous: 1 });
    expect(pb.admitted).toMatchObject({ value: 5, previous: 1 });
    expect(pb.investigated).toMatchObject({ value: 4, previous: 1 });
    expect(pb.confirmed).toMatchObject({ value: 2, previous: 0 });
    expect(pb.attributed).toMatchObject({ value: 1, previous: 0 });
  });

  it('reports each as a share of the allegations', () => {
    expect(pb.admitted_share).toMatchObject({ value: 0.7143, previous: 1, change: -0.2857 });
    expect(pb.investigated_share).toMatchObject({ value: 0.5714, previous: 1 });
    expect(pb.confirmed_share).toMatchObject({ value: 0.2857, previous: 0, relative_change: null });
    expect(pb.attributed_share).toMatchObject({ value: 0.1429, previous: 0 });
  });

  it('measures days to a final finding over the allegations finalised in the period', () => {
    expect(pb.finalised).toMatchObject({ value: 3, previous: 0 });
    // [19, 20, 41]: the median is 20; p90 at rank 1.8 is 20 + 0.8 · 21
    expect(pb.days_to_final_finding_median).toMatchObject({ value: 20, previous: null, change: null });
    expect(pb.days_to_final_finding_p90).toMatchObject({ value: 36.8, previous: null });
    const september = rowOf(log.metrics(AS_OF).allegation_outcomes, 'pb');
    expect(september.days_to_final_finding_median).toMatchObject({ value: 28, previous: 20, change: 8 });
  });

  it('attributes only to the party the finding names', () => {
    const pa = rowOf(log.metrics(AS_OF, 'month', AUGUST).allegation_outcomes, 'pa');
    expect(pa).toMatchObject({
      allegations: { value: 1 },
      confirmed: { value: 1 },
      attributed: { value: 0 },
      finalised: { value: 1 },
      days_to_final_finding_median: { value: 3 },
    });
  });

  it('counts a case as investigated from its first access event', () => {
    // On 15 August B1 has a note and B5 only an access delay; the findings come later.
    expect(rowOf(log.metrics('2026-08-15T00:00:00Z').allegation_outcomes, 'pb').investigated.value).toBe(2);
  });

  it('judges with what the log said at as_of', () => {
    const earlier = rowOf(log.metrics('2026-08-26T00:00:00Z').allegation_outcomes, 'pb');
    expect(earlier.investigated.value).toBe(3);
    expect(earlier.confirmed.value).toBe(1);
    expect(earlier.finalised.value).toBe(2);
    expect(earlier.days_to_final_finding_median.value).toBe(30);
  });
});
