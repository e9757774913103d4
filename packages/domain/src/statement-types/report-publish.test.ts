import { describe, expect, it } from 'vitest';
import { keyIdOf, publicKeyFor } from '../../test/mechanism-fixture.ts';
import { isDomainError } from '../domain-error.ts';
import {
  computeAudienceMetrics,
  foldAudienceState,
  type ReportAudience,
} from '../metrics/report-audience.ts';
import { MetricsLog, SHORT_DEADLINES } from '../metrics/metrics.fixture.ts';
import { listReportValues } from '../metrics/report-values.ts';
import type { Statement, StatementOf } from '../statements/statement.ts';
import { validateStatement } from '../validate-statement.ts';
import type { ValidationContext } from '../validation-context.ts';

const PUBLIC = { kind: 'public' } as const;
const AUGUST = { start: '2026-08-01T00:00:00.000Z', end: '2026-09-01T00:00:00.000Z' };
const PDF = { sha256: 'a'.repeat(64), media_type: 'application/pdf' as const, bytes: 1234 };

/**
 * August, with short deadlines (respond within 48 hours): pa alleges five cross-border fires against pb in
 * public (3–7 August) and one incursion to the mechanism (8 August), which pb answers five hours later; one
 * more allegation only pa may read (9 August); a public observation on 20 August closes the checkpoint.
 */
function august(): MetricsLog {
  const log = new MetricsLog(SHORT_DEADLINES);
  for (let day = 3; day <= 7; day++) log.report(`2026-08-0${day}T00:00:00Z`, { audience: PUBLIC });
  const incursion = log.report('2026-08-08T00:00:00Z', { category: 'incursion' });
  log.respond('2026-08-08T05:00:00Z', incursion);
  log.report('2026-08-09T00:00:00Z', { audience: { kind: 'orgs', orgs: ['pa'] } });
  log.report('2026-08-20T00:00:00Z', { audience: PUBLIC, kind: 'observation' });
  return log;
}

function valuesAt(log: MetricsLog, size: number, audience: ReportAudience): Record<string, number> {
  return listReportValues(
    computeAudienceMetrics({
      statements: log.statements.slice(0, size),
      audience,
      periodKind: 'month',
      periodAt: AUGUST.start,
    }),
  );
}

function reportOf(
  log: MetricsLog,
  size: number,
  audience: ReportAudience,
  metrics: Record<string, number>,
): StatementOf<'report.publish'> {
  return log.log.statement(
    'report.publish',
    'sec/admin',
    {
      title: 'Monthly report: August 2026',
      period: AUGUST,
      checkpoint: { tree_size: size, root_hash: `${'A'.repeat(43)}=` },
      metrics,
      documents: [PDF],
    },
    { audience: { kind: audience }, issued_at: '2026-08-21T00:00:00Z' },
  );
}

/** Validates as the sequencer and the auditor do: the statements up to the cited size are supplied. */
/**
 * The code `statement` is refused with, or undefined when it is accepted. `uploads`: which documents the
 * server stores; null where uploads cannot be seen (an auditor).
 */
function refusalOf(
  log: MetricsLog,
  statement: Statement,
  uploads: ValidationContext['isReportDocumentStored'] | null = () => true,
): string | undefined {
  try {
    validateStatement(statement, log.log.state, {
      logTime: '2026-08-21T00:00:00Z',
      keyId: keyIdOf(publicKeyFor('sec/admin')),
      lookupRef: (digest) => log.log.refs.get(digest),
      keyIdOf,
      statementsAt: (size) => log.statements.slice(0, Number(size)),
      ...(uploads === null ? {} : { isReportDocumentStored: uploads }),
    });
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('the values of a report (worked by hand)', () => {
  it('for the public: public statements only, no cell below the minimum size (5)', () => {
    const log = august();
    expect(valuesAt(log, log.statements.length, 'public')).toEqual({
      'incidents.alleged_by.pa.total': 5,
      'incidents.alleged_by.pa.by_category.cross_border_fire': 5,
      'incidents.alleged_against.pb.total': 5,
      'incidents.alleged_against.pb.by_category.cross_border_fire': 5,
      // All five unanswered and past their 48-hour deadline on 20 August.
      'responses.pb.allegations': 5,
      'responses.pb.responses_due': 5,
      'responses.pb.overdue': 5,
      'allegation_outcomes.pb.allegations': 5,
    });
  });

  it('for the mechanism: public and mechanism statements, small cells and zeros included', () => {
    const log = august();
    const values = valuesAt(log, log.statements.length, 'mechanism');
    expect(values).toMatchObject({
      // Six, not seven: the allegation only pa may read is not every member's to count.
      'incidents.alleged_by.pa.total': 6,
      'incidents.alleged_by.pb.total': 0,
      'incidents.alleged_against.pb.total': 6,
      'incidents.alleged_against.pb.by_category.cross_border_fire': 5,
      'incidents.alleged_against.pb.by_category.incursion': 1,
      'responses.pb.allegations': 6,
      'responses.pb.responded': 1,
      // Five past the deadline, one answered.
      'responses.pb.responses_due': 6,
      'responses.pb.responded_on_time': 1,
      'responses.pb.responded_on_time_share': 0.1667,
      'responses.pb.hours_to_first_response_median': 5,
      'responses.pb.overdue': 5,
      'allegation_outcomes.pb.allegations': 6,
      'allegation_outcomes.pb.admitted': 0,
    });
    // A share of nothing has no value: pa had no allegation against it to answer.
    expect(values).not.toHaveProperty('responses.pa.responded_on_time_share');
  });
});

describe('validating a report.publish', () => {
  it('accepts the values its audience gets at the checkpoint, public or mechanism', () => {
    const log = august();
    const size = log.statements.length;
    for (const audience of ['public', 'mechanism'] as const) {
      expect(refusalOf(log, reportOf(log, size, audience, valuesAt(log, size, audience)))).toBe(undefined);
    }
  });

  it('refuses a report with one value changed, missing or added', () => {
    const log = august();
    const size = log.statements.length;
    const values = valuesAt(log, size, 'public');
    for (const metrics of [
      { ...values, 'responses.pb.overdue': 4 },
      { ...values, 'incidents.alleged_by.pa.total': undefined },
      // A small cell the public is not shown.
      { ...values, 'incidents.alleged_against.pb.by_category.incursion': 1 },
    ]) {
      const defined = Object.fromEntries(Object.entries(metrics).filter(([, v]) => v !== undefined));
      expect(refusalOf(log, reportOf(log, size, 'public', defined as Record<string, number>))).toBe(
        'invalid_statement',
      );
    }
  });

  it('refuses mechanism values published to the public, and public ones to the mechanism', () => {
    const log = august();
    const size = log.statements.length;
    expect(refusalOf(log, reportOf(log, size, 'public', valuesAt(log, size, 'mechanism')))).toBe(
      'invalid_statement',
    );
    expect(refusalOf(log, reportOf(log, size, 'mechanism', valuesAt(log, size, 'public')))).toBe(
      'invalid_statement',
    );
  });

  it('refuses a report for named organisations', () => {
    const log = august();
    const size = log.statements.length;
    const report = {
      ...reportOf(log, size, 'mechanism', valuesAt(log, size, 'mechanism')),
      audience: { kind: 'orgs' as const, orgs: ['sec'] },
    };
    expect(refusalOf(log, report)).toBe('audience_not_allowed');
  });

  it('refuses a report listing a document that was not uploaded, when uploads can be seen', () => {
    const log = august();
    const size = log.statements.length;
    const report = reportOf(log, size, 'public', valuesAt(log, size, 'public'));
    const stored = (sha256: string, bytes: number) => sha256 === PDF.sha256 && bytes === PDF.bytes;
    expect(refusalOf(log, report, stored)).toBe(undefined);
    expect(refusalOf(log, report, () => false)).toBe('invalid_statement');
    // An auditor replaying the log cannot see the server's uploads: the documents are then not checked.
    expect(refusalOf(log, report, null)).toBe(undefined);
  });

  it('still validates a report at checkpoint N after the log has grown (the auditor’s replay)', () => {
    const log = august();
    const size = log.statements.length;
    const report = reportOf(log, size, 'mechanism', valuesAt(log, size, 'mechanism'));
    expect(refusalOf(log, report)).toBe(undefined);
    log.report('2026-08-22T00:00:00Z', { audience: PUBLIC });
    log.report('2026-08-23T00:00:00Z');
    // The metrics at the new size differ; those at N, which the report cites, do not.
    expect(valuesAt(log, log.statements.length, 'mechanism')['incidents.alleged_by.pa.total']).toBe(8);
    expect(refusalOf(log, report)).toBe(undefined);
  });
});

describe('the records a report maps (foldAudienceState)', () => {
  it('are what every reader of the audience rebuilds: an amendment only some read never moves a point', () => {
    const log = new MetricsLog(SHORT_DEADLINES);
    const incident = log.report('2026-08-03T00:00:00Z');
    // pa narrows its mechanism-wide report for pa and the verifier only: the rest of the mechanism never reads it.
    log.add(
      'incident.amend',
      'pa/reporter',
      '2026-08-04T00:00:00Z',
      { patch: { location: { lat: 34.4, lon: 71.4, precision_m: 100 } }, reason: 'precise fix' },
      { audience: { kind: 'orgs', orgs: ['pa', 'ver'] }, refs: [{ rel: 'amends', digest: incident }] },
    );
    const locationIn = (state: { records: Map<string, unknown> }) =>
      (state.records.get(incident) as { body: { location: { lat: number } } }).body.location.lat;
    expect(locationIn(foldAudienceState(log.statements, 'mechanism'))).toBe(34.1);
    expect(locationIn(log.log.state)).toBe(34.4);
    // The public reads none of it: the mechanism-wide report is not in its fold at all.
    expect(foldAudienceState(log.statements, 'public').records.has(incident)).toBe(false);
  });

  it('for the public: a public report keeps its public place when a mechanism-wide amendment moves it', () => {
    const log = new MetricsLog(SHORT_DEADLINES);
    const incident = log.report('2026-08-03T00:00:00Z', { audience: PUBLIC });
    log.add(
      'incident.amend',
      'pa/reporter',
      '2026-08-04T00:00:00Z',
      { patch: { location: { lat: 34.4, lon: 71.4, precision_m: 100 } }, reason: 'precise fix' },
      { audience: { kind: 'mechanism' }, refs: [{ rel: 'amends', digest: incident }] },
    );
    const latOf = (state: { records: Map<string, unknown> }) =>
      (state.records.get(incident) as { body: { location: { lat: number } } }).body.location.lat;
    expect(latOf(foldAudienceState(log.statements, 'mechanism'))).toBe(34.4);
    expect(latOf(foldAudienceState(log.statements, 'public'))).not.toBe(34.4);
  });
});
