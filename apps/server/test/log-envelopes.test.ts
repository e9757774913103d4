import { TAXONOMY_VERSION, type Audience, type Role, type Statement } from '@jmm/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// GET /api/v1/log/envelopes (issue 11): the envelopes of a range of the log for auditors, filtered exactly as
// GET /api/v1/statements/:digest filters one statement.

let t: TestMechanism;

interface Page {
  envelopes: { index: number; digest: string; log_time: string; envelope: { payload: string } }[];
}

async function submit(statement: Statement): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: (await t.sign(statement)) as object,
  });
  expect(response.statusCode, response.body).toBe(201);
  t.now += 60_000;
  return response.json<{ digest: string }>().digest;
}

async function enrol(org: string, member: string, roles: Role[]): Promise<void> {
  await submit(
    t.statement('member.enroll', `${org}/admin`, await t.enrolment(org, member, roles), {
      audience: { kind: 'public' },
    }),
  );
}

function allegation(issuer: 'pa/reporter' | 'pb/reporter', audience: Audience): Statement {
  return t.statement(
    'incident.report',
    issuer,
    {
      kind: 'allegation',
      category: {
        taxonomy: TAXONOMY_VERSION,
        mechanism_type: 'cross_border_fire',
        event_type: 'explosions_remote_violence',
        sub_event_type: 'shelling_artillery_missile_attack',
      },
      time: { start: '2026-05-30T00:00:00Z', end: '2026-05-30T00:00:00Z', precision: 'day' },
      location: { lat: 34.8, lon: 71.1, precision_m: 10_000, admin1: 'Kunar' },
      alleged_responsible: { actor: 'A border unit', party: issuer === 'pa/reporter' ? 'pb' : 'pa' },
      narrative: 'Shells landed near the crossing.',
      evidence: [],
    },
    { audience },
  );
}

const digests: Record<string, string> = {};

const readPage = (query: string, who?: string) => t.getJson<Page>(`/log/envelopes${query}`, who);

beforeAll(async () => {
  t = await startTestMechanism();
  await enrol('pa', 'reporter', ['reporter']);
  await enrol('pb', 'reporter', ['reporter']);
  digests.public = await submit(allegation('pa/reporter', { kind: 'public' }));
  digests.mechanism = await submit(allegation('pa/reporter', { kind: 'mechanism' }));
  digests.paOnly = await submit(allegation('pa/reporter', { kind: 'orgs', orgs: ['pa'] }));
  digests.pbOnly = await submit(allegation('pb/reporter', { kind: 'orgs', orgs: ['pb'] }));
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/log/envelopes', () => {
  it('shows the public only public statements, in index order, each as its entry names it', async () => {
    const page = await readPage('?from=0');
    const listed = page.envelopes.map((row) => row.digest);
    expect(listed).toContain(digests.public);
    expect(listed).not.toContain(digests.mechanism);
    expect(listed).not.toContain(digests.paOnly);
    expect(listed).not.toContain(digests.pbOnly);
    expect(page.envelopes.map((row) => row.index)).toEqual(
      [...page.envelopes.map((row) => row.index)].sort((a, b) => a - b),
    );
    for (const row of page.envelopes) {
      const single = await t.getJson<{ index: number; log_time: string; envelope: unknown }>(
        `/statements/${row.digest}`,
      );
      expect(single).toMatchObject({ index: row.index, log_time: row.log_time, envelope: row.envelope });
    }
  });

  it('shows a party member what its organisation may read, never the other party’s restricted statements', async () => {
    const listed = (await readPage('?from=0&limit=1000', 'pa/reporter')).envelopes.map((row) => row.digest);
    expect(listed).toEqual(expect.arrayContaining([digests.public, digests.mechanism, digests.paOnly]));
    expect(listed).not.toContain(digests.pbOnly);
    const pb = (await readPage('?from=0', 'pb/reporter')).envelopes.map((row) => row.digest);
    expect(pb).toContain(digests.pbOnly);
    expect(pb).not.toContain(digests.paOnly);
  });

  it('records the restricted envelopes a member read in the access log, and not the public ones', async () => {
    await readPage('?from=0', 'pa/reporter');
    const reads = await t.mechanism.services.accessLog.listAccessByOrg('pa', { limit: 100 });
    const targets = reads
      .filter((read) => read.resource === 'log/envelopes')
      .map((read) => read.targetDigest);
    expect(targets).toEqual(expect.arrayContaining([digests.mechanism, digests.paOnly]));
    expect(targets).not.toContain(digests.public);
  });

  it('pages by index: `from` and `limit` bound the entries considered, up to the latest checkpoint', async () => {
    const size = Number(t.treeSize());
    const all = (await readPage('?from=0', 'pa/reporter')).envelopes.map((row) => row.index);
    const second = (await readPage('?from=2&limit=2', 'pa/reporter')).envelopes.map((row) => row.index);
    expect(second).toEqual(all.filter((index) => index >= 2 && index < 4));
    expect((await readPage(`?from=${size}`)).envelopes).toEqual([]);
  });

  it('leaves out a stored envelope or entry that does not decode, and still answers the rest of the page', async () => {
    // A tampered database: a 500 would stop an auditor as "unreachable"; a gap is what it reports as tampering.
    const db = t.mechanism.database.db;
    const before = (await readPage('?from=0')).envelopes.map((row) => row.digest);
    expect(before).toContain(digests.public);
    const stored = await sql<{
      envelope: Uint8Array;
    }>`select envelope from envelopes where digest = ${digests.public}`.execute(db);
    const original = stored.rows[0]!.envelope;
    const entryRow = await sql<{
      idx: number;
      entry: Uint8Array;
    }>`select idx, entry from entries where idx = 0`.execute(db);
    const originalEntry = entryRow.rows[0]!.entry;
    try {
      await sql`update envelopes set envelope = ${Buffer.from('{"payload": not json')} where digest = ${digests.public}`.execute(
        db,
      );
      await sql`update entries set entry = ${Buffer.from([0xff, 0x7b])} where idx = 0`.execute(db);
      const response = await t.get('/log/envelopes?from=0');
      expect(response.statusCode, response.body).toBe(200);
      const after = response.json<Page>().envelopes.map((row) => row.digest);
      expect(after).toEqual(before.filter((digest) => digest !== digests.public && digest !== before[0]));
      // An envelope that parses but is not a DSSE envelope is left out too, never served half.
      await sql`update envelopes set envelope = ${Buffer.from('{"payload":1}')} where digest = ${digests.public}`.execute(
        db,
      );
      expect((await t.get('/log/envelopes?from=0')).statusCode).toBe(200);
    } finally {
      await sql`update envelopes set envelope = ${original} where digest = ${digests.public}`.execute(db);
      await sql`update entries set entry = ${originalEntry} where idx = 0`.execute(db);
    }
    expect((await readPage('?from=0')).envelopes.map((row) => row.digest)).toEqual(before);
  });

  it('refuses a page of more than 1000 entries', async () => {
    const response = await t.get('/log/envelopes?from=0&limit=1001');
    expect(response.statusCode).toBe(400);
  });
});
