// The authorisation matrix: every organisation kind × role × statement type, submitted over HTTP by a real
// member with a real key, answered as the one authorisation table (rules.ts: STATEMENT_RULES and
// ENDORSEMENT_RULES) says; and every audience × reader on GET /api/v1/statements/:digest, answered as
// canOrgRead says, with each read of restricted content in the access log.
import {
  allowedAudiencesOf,
  canOrgRead,
  DEFAULT_SETTINGS,
  ENDORSEMENT_RULES,
  ORG_KINDS,
  ROLES,
  satisfiesRule,
  statementSchema,
  STATEMENT_RULES,
  STATEMENT_TYPES,
  TAXONOMY_VERSION,
  type Audience,
  type OrgKind,
  type Role,
  type Statement,
  type StatementOf,
  type StatementType,
} from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, publicKeyFor, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

/** One organisation of each kind: four from the test mechanism's genesis, two admitted below. */
const ORG_OF_KIND: Readonly<Record<OrgKind, string>> = {
  secretariat: 'sec',
  party: 'pa',
  verifier: 'ver',
  mediator: 'med',
  observer: 'obs',
};
/** Each org's admin holds exactly `admin`; every other role has a member of that name holding only it. */
const memberFor = (role: Role) => (role === 'admin' ? 'admin' : role);
const issuerOf = (kind: OrgKind, role: Role) => `${ORG_OF_KIND[kind]}/${memberFor(role)}`;

const T0 = '2026-06-01T00:00:00Z';
const T1 = '2026-06-30T00:00:00Z';
const SHA = 'a'.repeat(64);

let t: TestMechanism;
let freshKeys = 0;
/** A key no one has enrolled yet. */
const freshPublicKey = () => publicKeyFor(`matrix fresh ${(freshKeys += 1)}`);

type MinimalBodies = {
  readonly [T in StatementType]: (
    issuerOrg: string,
  ) => Promise<StatementOf<T>['body']> | StatementOf<T>['body'];
};

/**
 * The smallest schema-valid body of each type. They refer to nothing, so a permitted issuer may still be
 * refused for the state (a missing ref, an unknown target), never for who it is.
 */
const MINIMAL_BODIES: MinimalBodies = {
  'mechanism.genesis': async () => ({
    origin: ORIGIN,
    name: 'Second genesis',
    log_vkey: 'x',
    orgs: await Promise.all(
      ['pa', 'pb'].map(async (id) => ({
        id,
        name: id,
        kind: 'party' as const,
        admins: [
          {
            member: 'admin',
            display_name: 'Admin',
            roles: ['admin'],
            public_key: await freshPublicKey(),
          },
        ],
      })),
    ),
    settings: DEFAULT_SETTINGS,
  }),
  'org.admit': async () => ({
    org: {
      id: `new-${freshKeys}`,
      name: 'Newcomer',
      kind: 'observer',
      admins: [
        { member: 'admin', display_name: 'Admin', roles: ['admin'], public_key: await freshPublicKey() },
      ],
    },
    reason: 'Joins',
  }),
  'settings.change': () => ({ patch: { public_min_cell_size: 6 }, reason: 'Agreed' }),
  'member.enroll': async () => ({
    member: `fresh-${freshKeys}`,
    display_name: 'Officer',
    roles: ['viewer'],
    public_key: await freshPublicKey(),
  }),
  'member.revoke': () => ({ member: 'nobody', reason: 'Left' }),
  // Names no member of any org: refused for the state, whoever issues it (that only the member or their org's
  // admin may name them is the handler's rule, covered by the domain's member-profile tests).
  'member.profile': () => ({ member: 'nobody', display_name: 'A. Name' }),
  endorse: () => ({ position: 'concur' }),
  'incident.report': () => ({
    kind: 'observation',
    category: {
      taxonomy: TAXONOMY_VERSION,
      mechanism_type: 'cross_border_fire',
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
    },
    time: { start: T0, end: T0, precision: 'day' },
    location: { lat: 34.5, lon: 70.9, precision_m: 1000 },
    narrative: 'Shelling heard.',
    evidence: [],
  }),
  'incident.amend': () => ({ patch: { narrative: 'Corrected' }, reason: 'Typo' }),
  'incident.withdraw': () => ({ reason: 'In error' }),
  'incident.response': () => ({ position: 'acknowledge', narrative: 'Noted.', evidence: [] }),
  'exchange.request': (issuerOrg) => ({
    kind: 'notification',
    priority: 'routine',
    recipients: [issuerOrg === 'pb' ? 'pa' : 'pb'],
    subject: 'Notice',
    text: 'For your information.',
  }),
  'exchange.ack': () => ({}),
  'exchange.reply': () => ({ outcome: 'no_action', text: 'Nothing to do.', evidence: [] }),
  'exchange.close': () => ({ satisfied: true }),
  'case.open': () => ({ decision: 'decline', reason: 'Out of mandate' }),
  'case.note': () => ({ text: 'Note.', evidence: [] }),
  'case.access_denied': () => ({ party: 'pa', kind: 'denied', occurred_at: T0, text: 'Stopped.' }),
  'case.finding': () => ({
    determination: 'inconclusive',
    source_reliability: 'C',
    information_credibility: 3,
    confidence: 'low',
    methods: ['documents'],
    summary: 'Not enough information.',
    evidence: [],
  }),
  'commitment.propose': () => ({
    title: 'Hotline',
    text: 'Staff the hotline.',
    obligated: ['pa'],
    effective_from: T0,
    indicators: [{ id: 'staffed', kind: 'assessed', name: 'Staffed', description: 'Around the clock.' }],
  }),
  'commitment.accept': () => ({}),
  'commitment.withdraw': () => ({ reason: 'Superseded' }),
  'indicator.assessment': () => ({
    indicator: 'staffed',
    period: { start: T0, end: T1 },
    status: 'met',
    rationale: 'Answered.',
  }),
  release: () => ({ title: 'Summary', summary: 'A summary.' }),
  'report.publish': () => ({
    title: 'Report',
    period: { start: T0, end: T1 },
    checkpoint: { tree_size: 1, root_hash: `${'A'.repeat(43)}=` },
    metrics: {},
    documents: [{ sha256: SHA, media_type: 'application/pdf', bytes: 1 }],
  }),
};

/**
 * Types valid only as public statements; the minimal statement is public so as not to fail for that. Besides
 * these, AUDIENCE_RULES makes membership and rule changes public, and their endorsements (audienceFor).
 */
const PUBLIC_TYPES = new Set<StatementType>(['release', 'report.publish']);

/** The audience a minimal statement of `type` has: mechanism-wide where the rules allow it, else public. */
function audienceFor(type: StatementType, endorsedType?: StatementType): Audience {
  return !PUBLIC_TYPES.has(type) && allowedAudiencesOf(type, endorsedType).includes('mechanism')
    ? { kind: 'mechanism' }
    : { kind: 'public' };
}

async function minimalStatement(type: StatementType, issuer: string, extra: Partial<Statement> = {}) {
  const body = await (MINIMAL_BODIES[type] as (org: string) => Promise<Statement['body']>)(
    issuer.split('/')[0]!,
  );
  return t.statement(type, issuer, body, { audience: audienceFor(type), ...extra });
}

async function submit(payload: unknown) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: payload as object,
  });
  return { status: response.statusCode, code: response.json<{ code?: string }>().code, body: response.body };
}

/** Submits a statement that must be sequenced, and returns its digest. */
async function sequence(statement: Statement): Promise<string> {
  const response = await submit(await t.sign(statement));
  expect(response.status, response.body).toBe(201);
  return (JSON.parse(response.body) as { digest: string }).digest;
}

beforeAll(async () => {
  t = await startTestMechanism();
  // A mediator and an observer organisation join: proposed by the secretariat, agreed by both parties.
  for (const [id, kind] of [
    ['med', 'mediator'],
    ['obs', 'observer'],
  ] as const) {
    const admit = await sequence(
      t.statement('org.admit', 'sec/admin', {
        org: {
          id,
          name: id,
          kind,
          admins: [
            {
              member: 'admin',
              display_name: 'Admin',
              roles: ['admin'],
              public_key: await publicKeyFor(`${id}/admin`),
            },
          ],
        },
        reason: 'Joins the mechanism',
      }),
    );
    for (const party of ['pa', 'pb'])
      await sequence(
        t.statement(
          'endorse',
          `${party}/admin`,
          { position: 'concur' },
          { audience: { kind: 'public' }, refs: [{ rel: 'endorses', digest: admit }] },
        ),
      );
  }
  // Every other role, once per organisation kind, in one batch request.
  const enrolments = await Promise.all(
    ORG_KINDS.flatMap((kind) =>
      ROLES.filter((role) => role !== 'admin').map(async (role) =>
        t.sign(
          t.statement('member.enroll', `${ORG_OF_KIND[kind]}/admin`, {
            member: memberFor(role),
            display_name: `Officer ${role}`,
            roles: [role],
            public_key: await publicKeyFor(issuerOf(kind, role)),
          }),
        ),
      ),
    ),
  );
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: { envelopes: enrolments },
  });
  const results = response.json<{ results: { index?: number }[] }>().results;
  expect(
    results.every((result) => result.index !== undefined),
    response.body,
  ).toBe(true);
  expect(t.mechanism.services.engine.mechanismState.orgs.get('obs')?.kind).toBe('observer');
});
afterAll(async () => {
  await t.close();
});

describe('the minimal statements', () => {
  it.each(STATEMENT_TYPES)('are schema-valid for %s', async (type) => {
    const statement = await minimalStatement(type, 'sec/admin');
    expect(statementSchema.safeParse(statement).error).toBeUndefined();
  });
});

describe('POST /api/v1/statements, for every organisation kind and role', () => {
  it.each(STATEMENT_TYPES)('refuses a %s exactly where STATEMENT_RULES forbids it', async (type) => {
    const mismatches: string[] = [];
    for (const kind of ORG_KINDS) {
      for (const role of ROLES) {
        const issuer = issuerOf(kind, role);
        const permitted = satisfiesRule(STATEMENT_RULES[type], kind, [role]);
        const sizeBefore = t.treeSize();
        const response = await submit(await t.sign(await minimalStatement(type, issuer)));
        const refused = response.status === 403 && response.code === 'forbidden_type';
        if (permitted === refused || response.status >= 500)
          mismatches.push(
            `${kind} ${role}: ${response.status} ${response.code ?? ''} (permitted: ${permitted})`,
          );
        if (!permitted && t.treeSize() !== sizeBefore) mismatches.push(`${kind} ${role}: the log changed`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('endorsements, for every organisation kind and role', () => {
  /** Statements that can be endorsed, each in a state where an endorsement is accepted. */
  const targets = new Map<StatementType, string>();
  /** Party members on the finding's case team as observers (they may endorse it; other party members not). */
  const OBSERVERS = ['liaison', 'viewer'] as const;

  beforeAll(async () => {
    // A minute on, so that these statements differ from the matrix's above (equal ones would be duplicates).
    t.now += 60_000;
    const allegation = await sequence(
      t.statement('incident.report', 'pa/reporter', {
        ...(await MINIMAL_BODIES['incident.report']('pa')),
        kind: 'allegation',
        alleged_responsible: { actor: 'A border unit', party: 'pb' },
      }),
    );
    const kase = await sequence(
      t.statement(
        'case.open',
        'ver/approver',
        {
          decision: 'admit',
          reason: 'Admissible',
          team: {
            analysts: [{ org: 'ver', member: 'analyst' }],
            observers: OBSERVERS.map((member) => ({ org: 'pa', member })),
          },
          finding_by: new Date(t.now + 30 * 24 * 3600 * 1000).toISOString(),
        },
        { refs: [{ rel: 'subject', digest: allegation }] },
      ),
    );
    targets.set(
      'case.finding',
      await sequence(
        await minimalStatement('case.finding', 'ver/analyst', { refs: [{ rel: 'subject', digest: kase }] }),
      ),
    );
    targets.set(
      'release',
      await sequence(
        await minimalStatement('release', 'med/approver', {
          refs: [{ rel: 'summarises', digest: allegation }],
        }),
      ),
    );
    targets.set(
      'commitment.propose',
      await sequence(await minimalStatement('commitment.propose', 'med/approver')),
    );
    targets.set('org.admit', await sequence(await minimalStatement('org.admit', 'sec/admin')));
    targets.set('settings.change', await sequence(await minimalStatement('settings.change', 'sec/admin')));
  });

  /**
   * ENDORSEMENT_RULES narrows STATEMENT_RULES.endorse by the endorsed type; for a finding, statement-types/case-finding.ts
   * narrows it again to the finding's organisation's approvers and the case's observers.
   */
  function expectedToBePermitted(target: StatementType, kind: OrgKind, role: Role): boolean {
    const byTables =
      satisfiesRule(STATEMENT_RULES.endorse, kind, [role]) &&
      satisfiesRule(ENDORSEMENT_RULES[target]!, kind, [role]);
    if (target !== 'case.finding') return byTables;
    const onCase =
      (kind === 'verifier' && role === 'approver') ||
      (kind === 'party' && (OBSERVERS as readonly string[]).includes(role));
    return byTables && onCase;
  }

  it.each(Object.keys(ENDORSEMENT_RULES) as StatementType[])(
    'refuses an endorsement of a %s exactly where the rules forbid it',
    async (target) => {
      const digest = targets.get(target)!;
      const mismatches: string[] = [];
      for (const kind of ORG_KINDS) {
        for (const role of ROLES) {
          const permitted = expectedToBePermitted(target, kind, role);
          const sizeBefore = t.treeSize();
          // A dissent changes nothing the next endorser depends on (no quorum, no publication, no admission).
          const statement = t.statement(
            'endorse',
            issuerOf(kind, role),
            { position: 'dissent', text: 'Not agreed.' },
            { audience: audienceFor('endorse', target), refs: [{ rel: 'endorses', digest }] },
          );
          const response = await submit(await t.sign(statement));
          const outcome =
            response.status === 201
              ? 'sequenced'
              : response.code === 'forbidden_type'
                ? 'forbidden'
                : 'other';
          if (outcome !== (permitted ? 'sequenced' : 'forbidden'))
            mismatches.push(
              `${kind} ${role}: ${response.status} ${response.code ?? ''} (permitted: ${permitted})`,
            );
          if (!permitted && t.treeSize() !== sizeBefore) mismatches.push(`${kind} ${role}: the log changed`);
        }
      }
      expect(mismatches).toEqual([]);
    },
  );
});

describe('GET /api/v1/statements/:digest, for every audience and reader', () => {
  /** Readers: the public, a member of the issuing org, of an org the audience lists, of one it does not. */
  const READERS = [
    { name: 'the public', who: undefined },
    { name: 'the issuing org', who: 'pa/viewer' },
    { name: 'a listed org', who: 'pb/admin' },
    { name: 'an unlisted org', who: 'ver/analyst' },
  ] as const;
  const AUDIENCES: readonly Audience[] = [
    { kind: 'public' },
    { kind: 'mechanism' },
    { kind: 'orgs', orgs: ['pb'] },
  ];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t.now += 60_000;
    for (const { who } of READERS) if (who !== undefined) tokens.set(who, (await t.login(who)).token);
  });

  async function readsOf(org: string, digest: string) {
    const records = await t.mechanism.services.accessLog.listAccessByOrg(org, { limit: 500 });
    return records.filter((record) => record.targetDigest === digest);
  }

  describe.each(AUDIENCES)('of a statement for %o', (audience) => {
    let digest: string;
    beforeAll(async () => {
      digest = await sequence(await minimalStatement('incident.report', 'pa/reporter', { audience }));
    });

    it.each(READERS)('answers $name as canOrgRead says, logging restricted reads', async ({ who }) => {
      const org = who?.split('/')[0];
      const member = who?.split('/')[1];
      const before = org === undefined ? [] : await readsOf(org, digest);
      const response = await t.app.inject({
        url: `/api/v1/statements/${digest}`,
        headers: who === undefined ? {} : { authorization: `Bearer ${tokens.get(who)!}` },
      });
      const readable = canOrgRead(audience, 'pa', org);
      expect(response.statusCode, response.body).toBe(readable ? 200 : 404);
      if (readable) expect(response.json()).toMatchObject({ digest, org: 'pa', type: 'incident.report' });
      // A refusal looks exactly like a statement that does not exist.
      else expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
      if (org === undefined) return;
      const after = await readsOf(org, digest);
      const logged = readable && audience.kind !== 'public';
      expect(after.length - before.length).toBe(logged ? 1 : 0);
      if (logged)
        expect(after).toContainEqual(
          expect.objectContaining({ org, member, action: 'statement.read', targetDigest: digest }),
        );
    });
  });
});
