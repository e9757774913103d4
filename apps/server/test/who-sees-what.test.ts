import { decodeBase64, decodeUtf8 } from '@jmm/core';
import { signStatement, TAXONOMY_VERSION, type Role, type Statement } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signerFor, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// Issue 7's reproductions, each as a regression test: every view a reader gets is the fold of exactly the
// statements that reader may read (DESIGN.md §1.7), public output is coarse and names no member, and the log's
// public entries say nothing about restricted statements.

let t: TestMechanism;

interface Submitted {
  digest: string;
  entry: string;
}

async function submit(statement: Statement): Promise<Submitted> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: (await t.sign(statement)) as object,
  });
  expect(response.statusCode, response.body).toBe(201);
  t.now += 60_000;
  return response.json<Submitted>();
}

const getJson = <T>(url: string, who?: string) => t.getJson<T>(url, who);

interface Members {
  members: { org: string; member: string; display_name: string; role_title: string }[];
}

async function enrol(org: string, member: string, roles: Role[]): Promise<void> {
  await submit(t.statement('member.enroll', `${org}/admin`, await t.enrolment(org, member, roles)));
}

interface IncidentView {
  digest: string;
  status: string;
  member: string | null;
  narrative: string;
  location: { lat: number; lon: number; precision_m: number; admin2?: string };
  amendments: string[];
}

const PRECISE = { lat: 34.8123, lon: 71.1234, precision_m: 50, admin1: 'Kunar', admin2: 'Asadabad' };

let allegation: string;

beforeAll(async () => {
  t = await startTestMechanism();
  await enrol('pa', 'reporter', ['reporter']);
  await enrol('pa', 'liaison', ['liaison']);
  await enrol('ver', 'app1', ['approver']);
  await enrol('ver', 'ana', ['analyst']);
  // The reporter's client signs a public allegation at the public precision (test-mechanism's sign coarsens).
  allegation = (
    await submit(
      t.statement(
        'incident.report',
        'pa/reporter',
        {
          kind: 'allegation',
          category: {
            taxonomy: TAXONOMY_VERSION,
            mechanism_type: 'cross_border_fire',
            event_type: 'explosions_remote_violence',
            sub_event_type: 'shelling_artillery_missile_attack',
          },
          time: { start: '2026-05-30T10:00:00Z', end: '2026-05-30T10:00:00Z', precision: 'exact' },
          location: PRECISE,
          alleged_responsible: { actor: 'An artillery unit', party: 'pb' },
          narrative: 'Shells landed near the crossing.',
          evidence: [],
        },
        { audience: { kind: 'public' } },
      ),
    )
  ).digest;
  // The precise place and a detail, for the verifiers only.
  await submit(
    t.statement(
      'incident.amend',
      'pa/liaison',
      { patch: { location: PRECISE, narrative: 'Shells hit the school at grid 123.' }, reason: 'Detail' },
      { audience: { kind: 'orgs', orgs: ['pa', 'ver'] }, refs: [{ rel: 'amends', digest: allegation }] },
    ),
  );
});

afterAll(async () => {
  await t.close();
});

describe('a restricted amendment (reproduction 1)', () => {
  it('is folded into the record only for its readers', async () => {
    const verifier = await getJson<IncidentView>(`/incidents/${allegation}`, 'ver/ana');
    expect(verifier.narrative).toBe('Shells hit the school at grid 123.');
    expect(verifier.location).toMatchObject({ lat: PRECISE.lat, precision_m: 50, admin2: 'Asadabad' });
    for (const reader of [undefined, 'pb/admin']) {
      const view = await getJson<IncidentView>(`/incidents/${allegation}`, reader);
      expect(view.narrative).toBe('Shells landed near the crossing.');
      expect(view.amendments).toEqual([]);
      expect(view.location.precision_m).toBeGreaterThanOrEqual(10_000);
      expect(view.location.admin2).toBeUndefined();
    }
  });

  it('cannot be found by a bounding box around the precise place', async () => {
    const box = [PRECISE.lon - 0.001, PRECISE.lat - 0.001, PRECISE.lon + 0.001, PRECISE.lat + 0.001];
    const bbox = `bbox=${box.map((n) => n.toFixed(4)).join(',')}`;
    const digests = async (who?: string) =>
      (await getJson<{ records: { digest: string }[] }>(`/incidents?${bbox}`, who)).records.map(
        (r) => r.digest,
      );
    expect(await digests('ver/ana')).toEqual([allegation]);
    expect(await digests(undefined)).toEqual([]);
  });
});

describe('public output (reproduction 5)', () => {
  it('names the organisation, never the member', async () => {
    expect((await getJson<IncidentView>(`/incidents/${allegation}`)).member).toBeNull();
    expect((await getJson<IncidentView>(`/incidents/${allegation}`, 'pb/admin')).member).toBe('reporter');
  });

  it('refuses a public statement finer than the public precision', async () => {
    const statement = t.statement(
      'incident.amend',
      'pa/liaison',
      { patch: { location: PRECISE }, reason: 'Detail' },
      { audience: { kind: 'public' }, refs: [{ rel: 'amends', digest: allegation }] },
    );
    // Signed as it is, without the client's coarsening.
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/statements',
      payload: (await signStatement(statement, await signerFor('pa/liaison'))) as object,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: string }>().code).toBe('invalid_statement');
  });
});

describe('a status from a statement the reader may not read (reproduction 3)', () => {
  it('does not move the record for that reader', async () => {
    await submit(
      t.statement(
        'case.open',
        'ver/app1',
        {
          decision: 'admit',
          reason: 'Credible and within the mandate.',
          team: { analysts: [{ org: 'ver', member: 'ana' }], observers: [] },
          finding_by: new Date(t.now + 30 * 86_400_000).toISOString(),
        },
        { audience: { kind: 'orgs', orgs: ['ver'] }, refs: [{ rel: 'subject', digest: allegation }] },
      ),
    );
    expect((await getJson<IncidentView>(`/incidents/${allegation}`, 'ver/ana')).status).toBe('admitted');
    expect((await getJson<IncidentView>(`/incidents/${allegation}`, 'pa/reporter')).status).toBe('reported');
    expect((await getJson<IncidentView>(`/incidents/${allegation}`)).status).toBe('reported');
    const admitted = await getJson<{ records: unknown[] }>('/incidents?status=admitted');
    expect(admitted.records).toEqual([]);
  });
});

describe('log entries (reproduction 6)', () => {
  const entryOf = (submitted: Submitted) =>
    JSON.parse(decodeUtf8(decodeBase64(submitted.entry))) as Record<string, unknown>;

  it('carry only digest, audience class and time for a non-public statement', async () => {
    const note = await submit(
      t.statement('exchange.request', 'pa/liaison', {
        kind: 'information',
        priority: 'routine',
        recipients: ['pb'],
        subject: 'Shelling near the crossing',
        text: 'Please share what your units reported.',
      }),
    );
    expect(Object.keys(entryOf(note)).sort()).toEqual(['audience', 'digest', 'time', 'v']);
    expect(entryOf(note)).toMatchObject({ audience: 'mechanism' });
  });

  it('name type and org for a public statement', async () => {
    const notice = await submit(
      t.statement(
        'exchange.request',
        'pa/liaison',
        {
          kind: 'notification',
          priority: 'routine',
          recipients: ['pb'],
          subject: 'Exercise announced',
          text: 'An exercise takes place next week.',
        },
        { audience: { kind: 'public' } },
      ),
    );
    expect(entryOf(notice)).toMatchObject({ type: 'exchange.request', org: 'pa', audience: 'public' });
  });
});

describe('public membership (issue 11)', () => {
  const NAME = 'Ayesha Khan';
  let profile: Submitted;

  beforeAll(async () => {
    await enrol('pa', 'leaver', ['reporter']);
    await submit(t.statement('member.revoke', 'pa/admin', { member: 'leaver', reason: 'Left the cell' }));
    profile = await submit(
      t.statement('member.profile', 'pa/liaison', { member: 'liaison', display_name: NAME }),
    );
  });

  it('lets anyone fetch every admission, enrolment, revocation and settings statement, signature and all', async () => {
    const statements = await t.mechanism.services.engine.readStatements(t.treeSize());
    const membership = statements.filter(({ statement }) =>
      ['mechanism.genesis', 'org.admit', 'settings.change', 'member.enroll', 'member.revoke'].includes(
        statement.type,
      ),
    );
    expect(membership.filter(({ statement }) => statement.type === 'member.revoke')).toHaveLength(1);
    expect(membership.length).toBeGreaterThanOrEqual(7);
    for (const { digest, statement } of membership) {
      const response = await t.get(`/statements/${digest}`);
      expect(response.statusCode, `${statement.type} ${digest}`).toBe(200);
      const read = response.json<{ envelope: { payload: string; signatures: unknown[] } }>();
      expect(read.envelope.signatures).toHaveLength(1);
      expect(JSON.parse(decodeUtf8(decodeBase64(read.envelope.payload)))).toEqual(statement);
    }
  });

  it('refuses a membership statement that is not public', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/statements',
      payload: (await t.sign(
        t.statement('member.enroll', 'pa/admin', await t.enrolment('pa', 'hidden', ['viewer']), {
          audience: { kind: 'mechanism' },
        }),
      )) as object,
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json()).toMatchObject({ code: 'audience_not_allowed' });
  });

  it('keeps a profile from the public, and shows its name to members', async () => {
    expect((await t.get(`/statements/${profile.digest}`)).statusCode).toBe(404);
    expect((await t.get(`/statements/${profile.digest}`, 'pb/admin')).statusCode).toBe(200);
    const { members } = await getJson<{
      members: { org: string; member: string; display_name: string; role_title: string }[];
    }>('/members', 'pb/admin');
    expect(members.find((m) => m.org === 'pa' && m.member === 'liaison')).toMatchObject({
      display_name: NAME,
      role_title: 'Officer liaison',
    });
    expect((await t.get('/members')).statusCode).toBe(401);
    expect((await t.get('/mechanism')).body).not.toContain(NAME);
    // The public's bulk envelope listing leaves the profile out.
    const listing = await getJson<{ envelopes: { digest: string }[] }>('/log/envelopes?from=0&limit=1000');
    expect(listing.envelopes.map((row) => row.digest)).not.toContain(profile.digest);
  });

  it("shows a profile restricted to some organisations to those only: each reader's members list is its own fold", async () => {
    const restricted = await submit(
      t.statement(
        'member.profile',
        'pa/admin',
        { member: 'reporter', display_name: 'Bilal Ahmad' },
        { audience: { kind: 'orgs', orgs: ['pa'] } },
      ),
    );
    const reporterAs = async (who: string) =>
      (await getJson<Members>('/members', who)).members.find(
        (m) => m.org === 'pa' && m.member === 'reporter',
      );
    expect(await reporterAs('pa/admin')).toMatchObject({ display_name: 'Bilal Ahmad' });
    const other = await reporterAs('pb/admin');
    expect(other).toBeDefined();
    expect(other?.display_name).toBe(other?.role_title);
    expect(JSON.stringify(await getJson<Members>('/members', 'pb/admin'))).not.toContain('Bilal Ahmad');
    expect((await t.get(`/statements/${restricted.digest}`, 'pb/admin')).statusCode).toBe(404);
  });
});
