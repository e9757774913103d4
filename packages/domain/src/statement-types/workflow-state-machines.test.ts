import { describe, expect, it } from 'vitest';
import { at } from '../../test/mechanism-fixture.ts';
import { refs, reportBody, startedWorkflowLog } from '../../test/workflow-fixture.ts';
import type { DomainErrorCode } from '../domain-error.ts';
import type { WorkflowRecord } from '../workflow-records.ts';

function expectCode(action: () => unknown, code: DomainErrorCode): void {
  expect(action).toThrow(expect.objectContaining({ name: 'DomainError', code }));
}

function record<K extends WorkflowRecord['kind']>(
  log: ReturnType<typeof startedWorkflowLog>,
  digest: string,
  kind: K,
): Extract<WorkflowRecord, { kind: K }> {
  const found = log.state.records.get(digest);
  expect(found?.kind).toBe(kind);
  return found as Extract<WorkflowRecord, { kind: K }>;
}

const TEAM = {
  analysts: [{ org: 'ver', member: 'analyst' }],
  observers: [
    { org: 'pa', member: 'liaison' },
    { org: 'pb', member: 'liaison' },
  ],
};
const FINDING = {
  determination: 'confirmed' as const,
  attribution: { party: 'pb', degree: 'largely_attributable' as const },
  source_reliability: 'B' as const,
  information_credibility: 2,
  confidence: 'moderate' as const,
  methods: ['site_visit' as const, 'imagery' as const],
  summary: '[SYNTHETIC] craters consistent with artillery fire from the west',
  evidence: [],
};

describe('the incident state machine', () => {
  it('goes reported → responded → admitted → under investigation → finding final → released', () => {
    const log = startedWorkflowLog();
    const report = log.issue('incident.report', 'pa/reporter', reportBody());
    const status = () => record(log, report, 'incident').status;
    expect(status()).toBe('reported');

    log.issue(
      'incident.response',
      'pb/liaison',
      { position: 'dispute', narrative: 'no firing took place', evidence: [] },
      { refs: refs('responds_to', report) },
    );
    expect(status()).toBe('responded');

    const kase = log.issue(
      'case.open',
      'ver/approver',
      { decision: 'admit', reason: 'credible and serious', team: TEAM, finding_by: at(30 * 86400) },
      { refs: refs('subject', report) },
    );
    expect(status()).toBe('admitted');
    expect(record(log, report, 'incident').caseDigest).toBe(kase);

    log.issue(
      'case.note',
      'ver/analyst',
      { text: 'site visit planned', evidence: [] },
      { refs: refs('subject', kase), audience: { kind: 'orgs', orgs: ['ver', 'pa', 'pb'] } },
    );
    expect(status()).toBe('under_investigation');

    const finding = log.issue('case.finding', 'ver/analyst', FINDING, { refs: refs('subject', kase) });
    log.issue('endorse', 'ver/approver', { position: 'concur' }, { refs: refs('endorses', finding) });
    log.issue(
      'endorse',
      'pb/liaison',
      { position: 'dissent', text: 'the evidence is circumstantial' },
      { refs: refs('endorses', finding) },
    );
    expect(record(log, finding, 'finding').finalAt).toBeUndefined();
    log.issue('endorse', 'ver/approver-2', { position: 'concur' }, { refs: refs('endorses', finding) });
    expect(record(log, finding, 'finding').finalAt).toBeDefined();
    expect(record(log, finding, 'finding').endorsements).toContainEqual(
      expect.objectContaining({ org: 'pb', position: 'dissent', counts: false }),
    );
    expect(record(log, kase, 'case')).toMatchObject({ status: 'finding_final', finalFinding: finding });
    expect(status()).toBe('finding_final');

    const release = log.issue(
      'release',
      'med/envoy',
      { title: 'Finding on border shelling', summary: '[SYNTHETIC] summary' },
      { refs: refs('summarises', finding), audience: { kind: 'public' } },
    );
    expect(record(log, release, 'release').publishedAt).toBeUndefined();
    log.issue(
      'endorse',
      'ver/approver-3',
      { position: 'concur' },
      { audience: { kind: 'public' }, refs: refs('endorses', release) },
    );
    expect(record(log, release, 'release').publishedAt).toBeDefined();
    expect(status()).toBe('released');
  });

  it('declines a case and withdraws a report as final states', () => {
    const log = startedWorkflowLog();
    const declined = log.issue('incident.report', 'pa/reporter', reportBody());
    log.issue(
      'case.open',
      'ver/approver',
      { decision: 'decline', reason: 'outside the mechanism’s mandate' },
      { refs: refs('subject', declined) },
    );
    expect(record(log, declined, 'incident').status).toBe('declined');
    expectCode(
      () =>
        log.issue(
          'case.open',
          'ver/approver',
          { decision: 'decline', reason: 'again' },
          { refs: refs('subject', declined) },
        ),
      'state_conflict',
    );

    const withdrawn = log.issue(
      'incident.report',
      'pb/reporter',
      reportBody({ alleged_responsible: { actor: 'a unit', party: 'pa' } }),
    );
    expectCode(
      () =>
        log.issue(
          'incident.withdraw',
          'pa/reporter',
          { reason: 'not ours' },
          { refs: refs('withdraws', withdrawn) },
        ),
      'forbidden_type',
    );
    log.issue(
      'incident.withdraw',
      'pb/reporter',
      { reason: 'duplicate report' },
      { refs: refs('withdraws', withdrawn) },
    );
    expect(record(log, withdrawn, 'incident').status).toBe('withdrawn');
    expectCode(
      () =>
        log.issue(
          'incident.response',
          'pa/liaison',
          { position: 'acknowledge', narrative: 'x', evidence: [] },
          { refs: refs('responds_to', withdrawn) },
        ),
      'state_conflict',
    );
  });

  it('lets only the reporting org amend, and keeps the amended report valid', () => {
    const log = startedWorkflowLog();
    const report = log.issue('incident.report', 'pa/reporter', reportBody());
    log.issue(
      'incident.amend',
      'pa/reporter',
      { patch: { narrative: '[SYNTHETIC] corrected time' }, reason: 'typo' },
      { refs: refs('amends', report) },
    );
    expect(record(log, report, 'incident').body.narrative).toBe('[SYNTHETIC] corrected time');
    expectCode(
      () =>
        log.issue(
          'incident.amend',
          'pb/liaison',
          { patch: { narrative: 'x' }, reason: 'r' },
          { refs: refs('amends', report) },
        ),
      'forbidden_type',
    );
    expectCode(
      () =>
        log.issue(
          'incident.amend',
          'pa/reporter',
          { patch: { kind: 'rumour' }, reason: 'r' },
          { refs: refs('amends', report) },
        ),
      'invalid_statement',
    );
  });

  it('takes the response to an allegation from the party alleged responsible only', () => {
    const log = startedWorkflowLog();
    const report = log.issue('incident.report', 'pa/reporter', reportBody());
    expectCode(
      () =>
        log.issue(
          'incident.response',
          'pa/liaison',
          { position: 'acknowledge', narrative: 'x', evidence: [] },
          { refs: refs('responds_to', report) },
        ),
      'forbidden_type',
    );
    expectCode(
      () =>
        log.issue(
          'incident.report',
          'pa/reporter',
          reportBody({ alleged_responsible: { actor: 'ourselves', party: 'pa' } }),
        ),
      'invalid_statement',
    );
  });
});

describe('cases', () => {
  it('are opened by verifier approvers about allegations or claimed actions, with an analyst team and future deadlines', () => {
    const log = startedWorkflowLog();
    const report = log.issue('incident.report', 'pa/reporter', reportBody());
    const open =
      (body: object, issuer = 'ver/approver') =>
      () =>
        log.issue('case.open', issuer, body as never, { refs: refs('subject', report) });
    expectCode(open({ decision: 'admit', reason: 'r', team: TEAM, finding_by: at(1) }), 'invalid_statement');
    expectCode(
      open({
        decision: 'admit',
        reason: 'r',
        team: { analysts: [{ org: 'ver', member: 'approver' }], observers: [] },
        finding_by: at(86400 * 9),
      }),
      'invalid_statement',
    );
    expectCode(
      open({ decision: 'admit', reason: 'r', team: TEAM, finding_by: at(86400 * 9) }, 'ver/analyst'),
      'forbidden_type',
    );

    const response = log.issue(
      'incident.response',
      'pb/liaison',
      {
        position: 'action_taken',
        narrative: 'post relocated',
        evidence: [],
        action: { description: 'the firing position was removed', against: 'site' },
      },
      { refs: refs('responds_to', report) },
    );
    const claimCase = log.issue(
      'case.open',
      'ver/approver',
      { decision: 'admit', reason: 'verify the claimed action', team: TEAM, finding_by: at(86400 * 20) },
      { refs: refs('subject', response) },
    );
    expect(record(log, claimCase, 'case').subjects).toEqual([response]);
  });

  it('accept work only from the team, and findings only from its analysts', () => {
    const log = startedWorkflowLog();
    const report = log.issue('incident.report', 'pa/reporter', reportBody());
    const kase = log.issue(
      'case.open',
      'ver/approver',
      { decision: 'admit', reason: 'r', team: TEAM, finding_by: at(86400 * 20) },
      { refs: refs('subject', report) },
    );
    expectCode(
      () => log.issue('case.finding', 'ver/analyst-2', FINDING, { refs: refs('subject', kase) }),
      'forbidden_type',
    );
    log.issue(
      'case.access_denied',
      'ver/analyst',
      { party: 'pb', kind: 'delayed', occurred_at: at(100), delay_hours: 48, text: 'checkpoint closed' },
      { refs: refs('subject', kase) },
    );
    expect(record(log, kase, 'case').accessDenials).toEqual([
      expect.objectContaining({ party: 'pb', kind: 'delayed' }),
    ]);
    const finding = log.issue('case.finding', 'ver/analyst', FINDING, { refs: refs('subject', kase) });
    expectCode(
      () => log.issue('endorse', 'pa/reporter', { position: 'concur' }, { refs: refs('endorses', finding) }),
      'forbidden_type',
    );
  });
});

describe('findings', () => {
  it('cannot be endorsed once another finding of the case is final', () => {
    const log = startedWorkflowLog();
    const report = log.issue('incident.report', 'pa/reporter', reportBody());
    const kase = log.issue(
      'case.open',
      'ver/approver',
      { decision: 'admit', reason: 'r', team: TEAM, finding_by: at(86400 * 20) },
      { refs: refs('subject', report) },
    );
    const draft = log.issue(
      'case.finding',
      'ver/analyst',
      { ...FINDING, determination: 'inconclusive', attribution: undefined },
      { refs: refs('subject', kase) },
    );
    const revised = log.issue('case.finding', 'ver/analyst', FINDING, { refs: refs('subject', kase) });
    for (const approver of ['ver/approver', 'ver/approver-2']) {
      log.issue('endorse', approver, { position: 'concur' }, { refs: refs('endorses', revised) });
    }
    expect(record(log, kase, 'case').finalFinding).toBe(revised);
    expectCode(
      () => log.issue('endorse', 'ver/approver-3', { position: 'concur' }, { refs: refs('endorses', draft) }),
      'state_conflict',
    );
  });
});

describe('the exchange state machine', () => {
  it('goes sent → acknowledged → replied → closed, with deadlines from the settings', () => {
    const log = startedWorkflowLog();
    const request = log.issue('exchange.request', 'pa/liaison', {
      kind: 'information',
      priority: 'priority',
      recipients: ['pb'],
      subject: 'Movement near the crossing',
      text: 'please share',
    });
    const exchange = () => record(log, request, 'exchange');
    expect(Date.parse(exchange().acknowledgeBy) - Date.parse(exchange().sentAt)).toBe(12 * 3600 * 1000);
    expect(exchange().status).toBe('sent');
    expectCode(
      () => log.issue('exchange.ack', 'ver/approver', {}, { refs: refs('responds_to', request) }),
      'forbidden_type',
    );
    log.issue('exchange.ack', 'pb/liaison', {}, { refs: refs('responds_to', request) });
    expect(exchange().status).toBe('acknowledged');
    expectCode(
      () => log.issue('exchange.ack', 'pb/liaison', {}, { refs: refs('responds_to', request) }),
      'state_conflict',
    );
    log.issue(
      'exchange.reply',
      'pb/liaison',
      { outcome: 'information_provided', text: 'patrol movement', evidence: [] },
      { refs: refs('responds_to', request) },
    );
    expect(exchange().status).toBe('replied');
    expectCode(
      () =>
        log.issue(
          'exchange.close',
          'pb/liaison',
          { satisfied: true },
          { refs: refs('responds_to', request) },
        ),
      'forbidden_type',
    );
    log.issue(
      'exchange.close',
      'pa/liaison',
      { satisfied: false, note: 'incomplete' },
      { refs: refs('responds_to', request) },
    );
    expect(exchange()).toMatchObject({ status: 'closed', closed: { satisfied: false } });
    expectCode(
      () =>
        log.issue(
          'exchange.reply',
          'pb/liaison',
          { outcome: 'no_action', text: 'late', evidence: [] },
          { refs: refs('responds_to', request) },
        ),
      'state_conflict',
    );
  });

  it('refuses deadlines outside the bounds and requests to oneself', () => {
    const log = startedWorkflowLog();
    const body = {
      kind: 'action' as const,
      priority: 'flash' as const,
      recipients: ['pb'],
      subject: 's',
      text: 't',
    };
    expectCode(
      () => log.issue('exchange.request', 'pa/liaison', { ...body, acknowledge_by: at(60) }),
      'invalid_statement',
    );
    expectCode(
      () => log.issue('exchange.request', 'pa/liaison', { ...body, recipients: ['pa'] }),
      'invalid_statement',
    );
    const now = log.statement('exchange.request', 'pa/liaison', body).issued_at;
    const ok = log.issue('exchange.request', 'pa/liaison', {
      ...body,
      acknowledge_by: new Date(Date.parse(now) + 4 * 3600_000).toISOString(),
    });
    expect(record(log, ok, 'exchange').acknowledgeBy).toBe(
      new Date(Date.parse(now) + 4 * 3600_000).toISOString(),
    );
  });
});

describe('the commitment state machine', () => {
  it('goes proposed → in force when every obligated party accepts → withdrawn, and takes assessments in force', () => {
    const log = startedWorkflowLog();
    const commitment = log.issue('commitment.propose', 'med/envoy', {
      title: 'Acknowledge requests on time',
      text: 'Each party acknowledges requests within the deadline.',
      obligated: ['pa', 'pb'],
      effective_from: at(0),
      indicators: [
        {
          id: 'ack-share',
          kind: 'computed',
          name: 'On-time acknowledgements',
          metric: 'exchange_acknowledged_on_time_share',
          comparator: 'at_least',
          threshold: 0.9,
          period: 'month',
        },
        {
          id: 'posts',
          kind: 'assessed',
          name: 'Posts relocated',
          description: 'Verifiers assess relocation of posts.',
        },
      ],
    });
    const state = () => record(log, commitment, 'commitment');
    const assess = () =>
      log.issue(
        'indicator.assessment',
        'ver/approver',
        {
          indicator: 'posts',
          period: { start: at(0), end: at(86400 * 30) },
          status: 'partly_met',
          rationale: 'two of five',
        },
        { refs: refs('subject', commitment) },
      );
    expectCode(assess, 'state_conflict');
    log.issue('commitment.accept', 'pa/liaison', {}, { refs: refs('responds_to', commitment) });
    expect(state().status).toBe('proposed');
    expectCode(
      () => log.issue('commitment.accept', 'pa/liaison', {}, { refs: refs('responds_to', commitment) }),
      'state_conflict',
    );
    log.issue('commitment.accept', 'pb/liaison', {}, { refs: refs('responds_to', commitment) });
    expect(state().status).toBe('in_force');
    assess();
    expect(state().assessments).toHaveLength(1);
    log.issue(
      'commitment.withdraw',
      'pb/liaison',
      { reason: 'talks suspended' },
      { refs: refs('withdraws', commitment) },
    );
    expect(state().status).toBe('withdrawn');
  });
});
