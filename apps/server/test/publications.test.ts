import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeBase64, encodeHex, encodeUtf8, sha256 } from '@jmm/core';
import {
  computeAudienceMetrics,
  listReportValues,
  resolveMetricPeriod,
  TAXONOMY_VERSION,
  type Role,
  type Statement,
} from '@jmm/domain';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@jmm/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/build-app.ts';
import { publicKeyFor, startTestMechanism, type TestMechanism } from './test-mechanism.ts';
import { DEMO_KEYS_FILE, readDemoMembers } from '@jmm/mechanism';

// Releases, reports, members, rule changes and demo sign-in, end to end on each dialect: real statements
// through the real sequencer, read back as members and as the public.

interface Page<T> {
  records: T[];
  next_cursor: string | null;
}
interface ReleaseView {
  digest: string;
  status: string;
  published: boolean;
  published_at: string | null;
  member: string | null;
  title: string;
  summarises: string[];
}
interface ReportView {
  digest: string;
  title: string;
  checkpoint: { tree_size: number };
  value_count: number;
  values: Record<string, number>;
  audience: string;
  documents: { sha256: string; media_type: string; bytes: number; url: string }[];
}

let postgres: EmbeddedPostgresServer | undefined;

/** The report's document: not a real PDF, which the server does not need to read. */
const DOCUMENT = encodeUtf8('%PDF-1.7 a monthly report');

const DIALECTS = [
  { name: 'SQLite', databaseUrl: () => Promise.resolve(undefined) },
  {
    name: 'PostgreSQL',
    databaseUrl: async () => {
      postgres = await startEmbeddedPostgres();
      return postgres.createDatabase('jmm_publications');
    },
  },
] as const;

describe.each(DIALECTS)('publications and membership on $name', (dialect) => {
  let t: TestMechanism;
  const ref = (rel: Statement['refs'][number]['rel'], digest: string) => ({ refs: [{ rel, digest }] });
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
  const enrol = async (org: string, member: string, roles: Role[]) =>
    submit(t.statement('member.enroll', `${org}/admin`, await t.enrolment(org, member, roles)));
  const concurAll = async (digest: string) => {
    for (const party of ['pa', 'pb'])
      await submit(t.statement('endorse', `${party}/admin`, { position: 'concur' }, ref('endorses', digest)));
  };

  let incident: string;
  let published: string;
  let pending: string;
  let admission: string;
  let report: string;

  beforeAll(async () => {
    const databaseUrl = await dialect.databaseUrl();
    t = await startTestMechanism(databaseUrl === undefined ? {} : { databaseUrl });
    await enrol('pa', 'reporter', ['reporter']);
    await enrol('ver', 'app1', ['approver']);
    admission = await submit(
      t.statement('org.admit', 'sec/admin', {
        org: {
          id: 'med',
          name: 'Mediator',
          kind: 'mediator',
          admins: [
            {
              member: 'admin',
              display_name: 'Mediator',
              roles: ['admin', 'approver'],
              public_key: await publicKeyFor('med/admin'),
            },
          ],
        },
        reason: 'A mediator joins the mechanism',
      }),
    );
    await concurAll(admission);
    incident = await submit(
      t.statement('incident.report', 'pa/reporter', {
        kind: 'observation',
        category: {
          taxonomy: TAXONOMY_VERSION,
          mechanism_type: 'cross_border_fire',
          event_type: 'explosions_remote_violence',
          sub_event_type: 'shelling_artillery_missile_attack',
        },
        time: { start: '2026-05-30T10:00:00Z', end: '2026-05-30T10:00:00Z', precision: 'day' },
        location: { lat: 34.8, lon: 71.1, precision_m: 500, admin1: 'Kunar' },
        narrative: 'Shells landed near the crossing.',
        evidence: [],
      }),
    );
    const release = (title: string) =>
      t.statement(
        'release',
        'med/admin',
        { title, summary: 'A summary.', admin1: ['Kunar'] },
        { audience: { kind: 'public' }, ...ref('summarises', incident) },
      );
    published = await submit(release('Published release'));
    await submit(
      t.statement(
        'endorse',
        'ver/app1',
        { position: 'concur' },
        { audience: { kind: 'public' }, ...ref('endorses', published) },
      ),
    );
    pending = await submit(release('Pending release'));

    const engine = t.mechanism.services.engine;
    const checkpoint = engine.latestCheckpoint!;
    const month = resolveMetricPeriod('month', t.now);
    const metrics = listReportValues(
      computeAudienceMetrics({
        statements: await engine.readStatements(checkpoint.treeSize),
        audience: 'public',
        periodKind: 'month',
        periodAt: month.start,
      }),
    );
    const { token } = await t.login('sec/admin');
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/documents',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      payload: Buffer.from(DOCUMENT),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    report = await submit(
      t.statement(
        'report.publish',
        'sec/admin',
        {
          title: 'Monthly report',
          period: { start: month.start, end: month.end },
          checkpoint: {
            tree_size: Number(checkpoint.treeSize),
            root_hash: encodeBase64(checkpoint.rootHash),
          },
          metrics,
          documents: [
            { sha256: encodeHex(sha256(DOCUMENT)), media_type: 'application/pdf', bytes: DOCUMENT.length },
          ],
        },
        { audience: { kind: 'public' } },
      ),
    );
  }, 120_000);

  afterAll(async () => {
    await t.close();
    await postgres?.stop();
    postgres = undefined;
  });

  describe('GET /api/v1/releases', () => {
    it('shows members pending and published releases, newest first', async () => {
      const page = await t.getJson<Page<ReleaseView>>('/releases', 'pa/reporter');
      expect(page.records.map((r) => [r.digest, r.status, r.published])).toEqual([
        [pending, 'pending', false],
        [published, 'published', true],
      ]);
      expect(page.records[1]).toMatchObject({
        title: 'Published release',
        member: 'admin',
        summarises: [incident],
        published_at: expect.any(String) as unknown,
      });
    });

    it('shows the public published releases only, naming no member', async () => {
      const page = await t.getJson<Page<ReleaseView>>('/releases');
      expect(page.records.map((r) => r.digest)).toEqual([published]);
      expect(page.records[0]?.member).toBeNull();
    });

    it('pages with a cursor and filters by status', async () => {
      const first = await t.getJson<Page<ReleaseView>>('/releases?limit=1', 'pa/reporter');
      expect(first.records.map((r) => r.digest)).toEqual([pending]);
      const second = await t.getJson<Page<ReleaseView>>(
        `/releases?limit=1&cursor=${first.next_cursor}`,
        'pa/reporter',
      );
      expect(second).toMatchObject({ records: [{ digest: published }], next_cursor: null });
      const filtered = await t.getJson<Page<ReleaseView>>('/releases?status=pending', 'pa/reporter');
      expect(filtered.records.map((r) => r.digest)).toEqual([pending]);
      expect((await t.get('/releases?sort=time_desc')).statusCode).toBe(400);
    });
  });

  describe('GET /api/v1/reports', () => {
    it('lists published reports for everyone, with their checkpoint and values', async () => {
      for (const who of [undefined, 'pa/reporter']) {
        const page = await t.getJson<Page<ReportView>>('/reports', who);
        expect(page.records).toHaveLength(1);
        expect(page.records[0]).toMatchObject({
          digest: report,
          title: 'Monthly report',
          audience: 'public',
          documents: [
            {
              sha256: encodeHex(sha256(DOCUMENT)),
              media_type: 'application/pdf',
              bytes: DOCUMENT.length,
              url: `/api/v1/reports/documents/${encodeHex(sha256(DOCUMENT))}`,
            },
          ],
        });
        expect(page.records[0]!.value_count).toBe(Object.keys(page.records[0]!.values).length);
      }
    });

    it('refuses a cursor of another sort', async () => {
      expect((await t.get('/reports?sort=oldest&cursor=d5')).statusCode).toBe(400);
      expect((await t.get('/reports?cursor=d1')).json<Page<ReportView>>().records).toEqual([]);
    });
  });

  describe('GET /api/v1/members', () => {
    it("lists members with their roles and keys for a signed-in member's organisation", async () => {
      const { members } = await t.getJson<{
        members: { org: string; member: string; roles: string[]; active: boolean; keys: unknown[] }[];
      }>('/members', 'pb/admin');
      expect(members).toContainEqual(
        expect.objectContaining({ org: 'pa', member: 'reporter', roles: ['reporter'], active: true }),
      );
      const reporter = members.find((m) => m.org === 'pa' && m.member === 'reporter')!;
      expect(reporter.keys).toEqual([
        expect.objectContaining({
          enrolled_index: expect.any(Number) as unknown,
          enrolled_at: expect.any(String) as unknown,
          revoked_index: null,
          revoked_at: null,
        }),
      ]);
      expect(members.map((m) => m.org)).toContain('med');
    });

    it('refuses the public', async () => {
      expect((await t.get('/members')).statusCode).toBe(401);
    });
  });

  describe('GET /api/v1/settings/changes and GET /api/v1/demo/members', () => {
    it('answers 404 for demo members on a mechanism that is not a demo', async () => {
      const answer = await t.get('/demo/members');
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toMatchObject({ code: 'not_found' });
    });

    it('lists a pending change with who is still awaited, then in effect once every party concurs', async () => {
      const change = await submit(
        t.statement('settings.change', 'sec/admin', { patch: { synthetic: true }, reason: 'A demo' }),
      );
      await submit(t.statement('endorse', 'pa/admin', { position: 'concur' }, ref('endorses', change)));
      interface Changes {
        changes: { digest: string; status: string; awaiting: string[]; endorsements: unknown[] }[];
      }
      const before = await t.getJson<Changes>('/settings/changes', 'sec/admin');
      expect(before.changes[0]).toMatchObject({ digest: change, status: 'pending', awaiting: ['pb'] });
      expect(before.changes.find((c) => c.digest === admission)).toMatchObject({
        status: 'in_effect',
        endorsements: [expect.anything(), expect.anything()],
      });
      await submit(t.statement('endorse', 'pb/admin', { position: 'concur' }, ref('endorses', change)));
      const after = await t.getJson<Changes>('/settings/changes', 'sec/admin');
      expect(after.changes[0]).toMatchObject({ digest: change, status: 'in_effect', awaiting: [] });
      expect((await t.get('/settings/changes')).statusCode).toBe(401);
    });

    it('serves the demo keys of enrolled members once the mechanism is synthetic and has demo-keys.json', async () => {
      const key = (who: string) => sha256(encodeUtf8(`server test ${who}`));
      const keys = await Promise.all(
        ['pa/reporter', 'pb/nobody'].map(async (who) => {
          const [org, member] = who.split('/') as [string, string];
          return {
            org,
            member,
            display_name: `Officer ${member}`,
            roles: ['reporter'],
            seed: encodeBase64(key(who)),
            public_key: await publicKeyFor(who),
          };
        }),
      );
      await writeFile(join(t.dataDir, DEMO_KEYS_FILE), JSON.stringify({ synthetic: true, keys }));
      const demoMembers = await readDemoMembers(t.dataDir);
      const demo = await buildApp({ ...t.mechanism.services, ...(demoMembers && { demoMembers }) });
      try {
        const answer = await demo.inject('/api/v1/demo/members');
        expect(answer.statusCode, answer.body).toBe(200);
        // pb/nobody was never enrolled: its key would not sign anyone in, so it is not offered.
        expect(answer.json()).toEqual({
          members: [
            {
              org: 'pa',
              member: 'reporter',
              display_name: 'Officer reporter',
              roles: ['reporter'],
              seed: encodeBase64(key('pa/reporter')),
            },
          ],
        });
      } finally {
        await demo.close();
      }
    });
  });
});
