import { describe, expect, it } from 'vitest';
import type { Indicator } from '../statements/commitment.ts';
import { computeContextMetrics, computeFoldMetrics } from './compute-metrics.ts';
import { replayMechanismState, startFoldMetricsContext } from './metrics-context.ts';
import type { MetricsResult } from './metrics-result.ts';
import { MetricsLog, SHORT_DEADLINES } from './metrics.fixture.ts';

const AS_OF = '2026-08-20T00:00:00Z';

const computed = (
  id: string,
  metric: Extract<Indicator, { kind: 'computed' }>['metric'],
  comparator: 'at_least' | 'at_most',
  threshold: number,
  period: 'month' | 'quarter' = 'month',
): Indicator => ({ id, kind: 'computed', name: id, metric, comparator, threshold, period });

const INDICATORS: Indicator[] = [
  computed('acks', 'exchange_acknowledged_on_time_share', 'at_least', 0.9),
  computed('replies', 'exchange_replied_on_time_share', 'at_least', 0.5),
  computed('responses', 'incident_responded_on_time_share', 'at_least', 0.5),
  computed('attacks', 'confirmed_attacks_attributed', 'at_most', 0),
  computed('denials', 'access_denials', 'at_most', 0, 'quarter'),
  { id: 'calm', kind: 'assessed', name: 'calm', description: 'No shelling of villages' },
];

/**
 * One commitment in force from 3 July (pa and pb accepted), one accepted by pa only, one withdrawn. In July pb
 * acknowledged its one request on time and never replied. In August, pb acknowledged one of two requests on time and replied to one
 * of two; answered one of two allegations on time; a confirmed attack and a confirmed cross-border fire were
 * attributed to pb; pb denied access once. Verifiers assessed "calm" for July (met) and twice for August (not
 * met, then partly met), and once more after as_of.
 */
function commitmentLog(): { log: MetricsLog; commitment: string } {
  const log = new MetricsLog(SHORT_DEADLINES);
  const commitment = log.propose('2026-07-01T00:00:00Z', INDICATORS);
  log.accept('2026-07-02T00:00:00Z', commitment, 'pa/liaison');
  log.accept('2026-07-03T00:00:00Z', commitment, 'pb/liaison');
  log.accept('2026-07-04T00:00:00Z', log.propose('2026-07-04T00:00:00Z', INDICATORS), 'pa/liaison');
  const withdrawn = log.propose('2026-07-05T00:00:00Z', INDICATORS);
  log.accept('2026-07-06T00:00:00Z', withdrawn, 'pa/liaison');
  log.accept('2026-07-06T00:00:00Z', withdrawn, 'pb/liaison');
  log.add(
    'commitment.withdraw',
    'pa/liaison',
    '2026-07-07T00:00:00Z',
    { reason: 'superseded' },
    { refs: [{ rel: 'withdraws', digest: withdrawn }] },
  );
  log.ack('2026-07-10T01:00:00Z', log.request('2026-07-10T00:00:00Z', ['pb']));

  const onTime = log.request('2026-08-01T00:00:00Z', ['pb']);
  log.ack('2026-08-01T06:00:00Z', onTime);
  log.reply('2026-08-02T00:00:00Z', onTime);
  const attack = log.report('2026-08-01T00:00:00Z', { category: 'cross_border_attack' });
  log.respond('2026-08-01T10:00:00Z', attack);
  const attackCase = log.openCase('2026-08-02T00:00:00Z', [attack]);
  log.accessDenied('2026-08-02T12:00:00Z', attackCase, 'pb', 'denied');
  log.finalise(
    '2026-08-04T00:00:00Z',
    log.finding('2026-08-03T00:00:00Z', attackCase, 'confirmed', { party: 'pb', degree: 'attributable' }),
  );
  const late = log.request('2026-08-03T00:00:00Z', ['pb']);
  log.ack('2026-08-05T00:00:00Z', late);
  const fireCase = log.openCase('2026-08-05T12:00:00Z', [log.report('2026-08-05T00:00:00Z')]);
  log.finalise(
    '2026-08-06T12:00:00Z',
    log.finding('2026-08-06T00:00:00Z', fireCase, 'confirmed', { party: 'pb', degree: 'attributable' }),
  );

  const july = { start: '2026-07-01T00:00:00Z', end: '2026-08-01T00:00:00Z' };
  const august = { start: '2026-08-01T00:00:00Z', end: '2026-09-01T00:00:00Z' };
  log.assess('2026-08-02T00:00:00Z', commitment, 'calm', july, 'met');
  log.assess('2026-08-15T00:00:00Z', commitment, 'calm', august, 'not_met');
  log.assess('2026-08-18T00:00:00Z', commitment, 'calm', august, 'partly_met');
  log.assess('2026-08-25T00:00:00Z', commitment, 'calm', august, 'not_assessable');
  return { log, commitment };
}

function indicatorOf(result: MetricsResult, id: string) {
  const indicator = result.commitments[0]?.indicators.find((candidate) => candidate.id === id);
  if (indicator === undefined) throw new Error(`no indicator ${id}`);
  return indicator;
}

function statusesOf(result: MetricsResult, id: string) {
  const indicator = indicatorOf(result, id);
  if (indicator.kind !== 'computed') throw new Error(`${id} is not computed`);
  return Object.fromEntries(
    indicator.parties.map((p) => [p.party, [p.value.value, p.status, p.previous_status]]),
  );
}

describe('commitment metrics', () => {
  const { log, commitment } = commitmentLog();
  const result = log.metrics(AS_OF);

  it('lists only the commitments in force', () => {
    expect(result.commitments).toHaveLength(1);
    expect(result.commitments[0]).toMatchObject({
      commitment,
      obligated: ['pa', 'pb'],
      in_force_at: '2026-07-03T00:00:00.000Z',
      effective_to: null,
    });
  });

  it('judges each computed indicator per obligated party against its threshold', () => {
    expect(statusesOf(result, 'acks')).toEqual({
      pa: [null, 'no_data', 'no_data'],
      pb: [0.5, 'not_met', 'met'],
    });
    // July's request was acknowledged but never answered: a reply share of 0.
    expect(statusesOf(result, 'replies')).toEqual({
      pa: [null, 'no_data', 'no_data'],
      pb: [0.5, 'met', 'not_met'],
    });
    expect(statusesOf(result, 'responses')).toEqual({
      pa: [null, 'no_data', 'no_data'],
      pb: [0.5, 'met', 'no_data'],
    });
  });

  it('counts confirmed attacks attributed to the party, not other confirmed incidents', () => {
    expect(statusesOf(result, 'attacks')).toEqual({ pa: [0, 'met', 'met'], pb: [1, 'not_met', 'met'] });
  });

  it('measures an indicator over its own period kind', () => {
    const denials = indicatorOf(result, 'denials');
    expect(denials).toMatchObject({
      period: { kind: 'quarter', start: '2026-07-01T00:00:00.000Z', complete: false },
      previous_period: { start: '2026-04-01T00:00:00.000Z', complete: true },
    });
    expect(statusesOf(result, 'denials')).toEqual({ pa: [0, 'met', 'met'], pb: [1, 'not_met', 'met'] });
    const quarterly = log.metrics(AS_OF, 'quarter');
    expect(indicatorOf(quarterly, 'acks')).toMatchObject({ period: { start: '2026-08-01T00:00:00.000Z' } });
  });

  it('measures the indicator period of an earlier reporting period', () => {
    const july = log.metrics(AS_OF, 'month', { periodAt: '2026-07-15T00:00:00Z' });
    expect(indicatorOf(july, 'acks')).toMatchObject({ period: { start: '2026-07-01T00:00:00.000Z' } });
    expect(statusesOf(july, 'acks').pb).toEqual([1, 'met', 'no_data']);
    expect(indicatorOf(july, 'calm')).toMatchObject({ assessment: { status: 'met' } });
  });

  it('gives the latest assessment of an assessed indicator for the period, as of as_of', () => {
    expect(indicatorOf(result, 'calm')).toMatchObject({
      kind: 'assessed',
      assessment: { status: 'partly_met', start: '2026-08-01T00:00:00Z' },
      previous_assessment: { status: 'met', end: '2026-08-01T00:00:00Z' },
    });
    expect(indicatorOf(log.metrics('2026-08-31T00:00:00Z'), 'calm')).toMatchObject({
      assessment: { status: 'not_assessable' },
    });
  });

  it("are the same computed from the fold's records added in reverse order", () => {
    // FoldRepository.scanFoldSnapshot hands a stored fold over in digest order, which is no order of the log.
    // A second commitment in force, so that the order of the commitments listed shows.
    const { log: twoInForce } = commitmentLog();
    const second = twoInForce.propose('2026-07-08T00:00:00Z', INDICATORS);
    twoInForce.accept('2026-07-09T00:00:00Z', second, 'pa/liaison');
    twoInForce.accept('2026-07-09T00:00:00Z', second, 'pb/liaison');
    for (const publicMode of [false, true]) {
      const input = { settings: twoInForce.settings, periodKind: 'month' as const, asOf: AS_OF, publicMode };
      const fold = replayMechanismState(twoInForce.statements, Date.parse(AS_OF), publicMode);
      const builder = startFoldMetricsContext({ ...fold, records: new Map() }, input);
      for (const record of [...fold.records.values()].reverse()) builder.addRecord(record);
      expect(computeContextMetrics(builder.finish(), input)).toEqual(computeFoldMetrics(fold, input));
    }
  });
});
