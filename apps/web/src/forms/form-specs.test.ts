import { composeStatement, isClientError } from '@jmm/client';
import { allowedAudiencesOf, DEFAULT_SETTINGS } from '@jmm/domain';
import { describe, expect, it } from 'vitest';
import { FORM_SPECS, type FormType } from './form-specs.ts';
import type { FormValues } from './form-fields.ts';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const EVIDENCE = [{ sha256: 'cd'.repeat(32), media_type: 'image/jpeg', size: 2048, name: 'crater.jpg' }];

/** What a member would type into each form: every form must turn it into a body the server's schema accepts. */
const FILLED: Record<FormType, FormValues> = {
  'incident.report': {
    ...FORM_SPECS['incident.report'].initial,
    time_start: '2026-11-02T14:30',
    location: { lat: 34.0, lon: 71.1, admin1: 'PK-KP' },
    party: 'af',
    actor: 'armed group from across the border',
    killed_best: '2',
    narrative: 'Shells landed near the border post.',
    evidence: EVIDENCE,
  },
  'incident.amend': { patch: '{ "narrative": "Three shells, not two." }', reason: 'Corrected count' },
  'incident.withdraw': { reason: 'Filed twice' },
  'incident.response': {
    position: 'action_taken',
    narrative: 'We investigated.',
    action_description: 'Patrols increased',
    action_against: 'site',
  },
  'exchange.request': {
    kind: 'information',
    priority: 'flash',
    recipients: ['af'],
    subject: 'Movement near post 14',
    text: 'Please confirm.',
  },
  'exchange.ack': {},
  'exchange.reply': { outcome: 'information_provided', text: 'Confirmed: a patrol.', evidence: [] },
  'exchange.close': { satisfied: true },
  'case.open': {
    decision: 'admit',
    reason: 'Credible and serious',
    analysts: 'ver/analyst-1',
    observers: 'pk/liaison-1\naf/liaison-1',
    finding_by: '2026-12-20T12:00',
  },
  'case.note': { text: 'Site visit planned.' },
  'case.access_denied': {
    party: 'af',
    kind: 'delayed',
    occurred_at: '2026-11-05T09:00',
    delay_hours: '48',
    text: 'Held at the crossing.',
  },
  'case.finding': {
    ...FORM_SPECS['case.finding'].initial,
    attribution_party: 'af',
    attribution_degree: 'largely_attributable',
    summary: 'Shelling confirmed.',
    evidence: EVIDENCE,
  },
  endorse: { position: 'dissent', text: 'The imagery does not show the launch site.' },
  'commitment.propose': {
    title: 'Acknowledge flash requests within 2 hours',
    text: 'Both cells acknowledge.',
    obligated: ['pk', 'af'],
    effective_from: '2026-12-01T00:00',
    indicators:
      '[{ "id": "ack", "kind": "computed", "name": "Acknowledged on time", "metric": "exchange_acknowledged_on_time_share", "comparator": "at_least", "threshold": 0.9, "period": "month" }]',
  },
  'commitment.accept': { note: 'Accepted by the cell' },
  'commitment.withdraw': { reason: 'Superseded' },
  'indicator.assessment': {
    indicator: 'ack',
    period_start: '2026-11-01T00:00',
    period_end: '2026-12-01T00:00',
    status: 'partly_met',
    rationale: 'Two late acknowledgements.',
  },
  release: { title: 'Shelling near post 14', summary: 'The team confirmed the shelling.' },
  'org.admit': {
    org:
      '{ "id": "obs", "name": "Observers", "kind": "observer", "admins": [{ "member": "admin", "display_name": "Head", "roles": ["admin"], "public_key": "' +
      'A'.repeat(43) +
      '=" }] }',
    reason: 'Agreed at the talks',
  },
  'settings.change': { patch: '{ "offline_window_hours": 48 }', reason: 'Field teams asked' },
  'member.enroll': {
    member: 'reporter-3',
    display_name: 'Reporting officer 3',
    roles: ['reporter'],
    public_key: 'A'.repeat(43) + '=',
  },
  'member.revoke': { member: 'reporter-3', reason: 'Device lost' },
  'member.profile': { member: 'reporter-3', display_name: 'Ayesha Khan' },
  // Prepared by the server (POST /api/v1/reports/drafts), never typed: the member signs it as drafted.
  'report.publish': {
    report: {
      body: {
        title: 'Public monthly report, October 2026',
        period: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
        checkpoint: { tree_size: 120, root_hash: `${'A'.repeat(43)}=` },
        metrics: { 'incidents.alleged_against.af.total': 5 },
        documents: [{ sha256: 'ef'.repeat(32), media_type: 'application/pdf', bytes: 52_000 }],
      },
      audience: 'public',
      documents: [
        {
          sha256: 'ef'.repeat(32),
          media_type: 'application/pdf',
          bytes: 52_000,
          url: `/api/v1/reports/documents/${'ef'.repeat(32)}`,
          preview_url: `/api/v1/reports/drafts/documents/${'ef'.repeat(32)}?media_type=application%2Fpdf`,
        },
      ],
    },
  },
};

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function compose(type: FormType, values: FormValues) {
  const spec = FORM_SPECS[type];
  return composeStatement(type, spec.toBody(values) as never, {
    mechanism: 'jmm.example.org/web-test',
    issuer: { org: 'pk', member: 'reporter-1' },
    issuedAt: '2026-11-02T15:00:00Z',
    audience:
      spec.defaultAudience === 'orgs' ? { kind: 'orgs', orgs: ['af'] } : { kind: spec.defaultAudience },
    refs: spec.refs.map((rel) => ({ rel, digest: DIGEST })),
    settings: DEFAULT_SETTINGS,
  });
}

describe('the statement forms', () => {
  describe.each(Object.keys(FORM_SPECS) as FormType[])('%s', (type) => {
    it('turns what a member types into a statement the server schema accepts', () => {
      expect(compose(type, FILLED[type]).type).toBe(type);
    });

    it('offers only audiences the domain allows the type, starting with one of them', () => {
      const allowed = allowedAudiencesOf(type);
      expect(allowed).toEqual(expect.arrayContaining([...FORM_SPECS[type].audiences]));
      expect(FORM_SPECS[type].audiences).toContain(FORM_SPECS[type].defaultAudience);
    });

    it('names a field and a label for every input', () => {
      const names = FORM_SPECS[type].fields.map((field) => field.name);
      expect(new Set(names).size).toBe(names.length);
    });
  });

  it('reports every schema problem of an empty incident report at once, by field', () => {
    let error: unknown;
    try {
      compose('incident.report', {});
    } catch (caught) {
      error = caught;
    }
    expect(isClientError(error, 'invalid_statement')).toBe(true);
    const paths = (error as { detail: { issues: { path: string }[] } }).detail.issues.map(
      (issue) => issue.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['body.narrative', 'body.location']));
  });

  it('makes membership and rule changes public only, and a profile never public (issue 11)', () => {
    for (const type of ['org.admit', 'settings.change', 'member.enroll', 'member.revoke'] as const)
      expect(FORM_SPECS[type].audiences, type).toEqual(['public']);
    expect(FORM_SPECS['member.profile'].audiences).not.toContain('public');
  });

  it('issues a drafted report to the audience it was computed for, and signs nothing before it is drafted', () => {
    const spec = FORM_SPECS['report.publish'];
    expect(spec.audienceOf(FILLED['report.publish'])).toBe('public');
    expect(spec.audienceOf({})).toBeUndefined();
    expect(
      isClientError(
        catchError(() => compose('report.publish', {})),
        'invalid_statement',
      ),
    ).toBe(true);
  });

  it('converts the local time a member typed to RFC 3339 UTC', () => {
    const body = FORM_SPECS['incident.report'].toBody(FILLED['incident.report']) as {
      time: { start: string };
    };
    expect(body.time.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
