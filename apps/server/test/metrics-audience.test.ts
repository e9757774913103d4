import { computeAudienceMetrics, listReportValues, type MetricsResult, type Statement } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allegationAgainstPb } from './allegation-against-pb.ts';
import { publicKeyFor, START, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// GET /api/v1/metrics?audience=…: what a periodic report for an audience must carry (issue 8), the same numbers
// report.publish validation computes, so that `jmm report` publishes values the log accepts.

let t: TestMechanism;
let paToken: string;

const DAY = 86_400_000;

async function submit(statement: Statement): Promise<void> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: await t.sign(statement),
  });
  expect(response.statusCode, response.body).toBe(201);
}

async function allege(at: number, audience: Statement['audience']): Promise<void> {
  t.now = at;
  await submit(
    t.statement(
      'incident.report',
      'pa/reporter',
      allegationAgainstPb({ day: '2026-05-31', precisionM: 1000 }),
      { audience },
    ),
  );
}

interface MetricsBody {
  checkpoint: { tree_size: number; log_time: string };
  metrics: MetricsResult;
}

async function getMetrics(query: string, token?: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/metrics${query}`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

function allegedAgainstPb(metrics: MetricsResult): number | null {
  return metrics.incidents.alleged_against.find((row) => row.party === 'pb')?.total.value ?? null;
}

beforeAll(async () => {
  t = await startTestMechanism();
  await submit(
    t.statement('member.enroll', 'pa/admin', {
      member: 'reporter',
      display_name: 'Reporter',
      roles: ['reporter'],
      public_key: await publicKeyFor('pa/reporter'),
    }),
  );
  // June: five public allegations against pb (the minimum public cell), two for the mechanism, one that only
  // pa may read.
  for (let day = 2; day <= 6; day++) await allege(START + day * DAY, { kind: 'public' });
  await allege(START + 7 * DAY, { kind: 'mechanism' });
  await allege(START + 8 * DAY, { kind: 'mechanism' });
  await allege(START + 9 * DAY, { kind: 'orgs', orgs: ['pa'] });
  t.now = START + 10 * DAY;
  paToken = (await t.login('pa/admin')).token;
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/metrics?audience=', () => {
  describe('public', () => {
    it('gives anyone the public report metrics: public statements only, in public mode', async () => {
      const response = await getMetrics('?period=month&at=2026-06-15&audience=public');
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<MetricsBody>();
      expect(body.metrics.public).toBe(true);
      expect(allegedAgainstPb(body.metrics)).toBe(5);
    });

    it('is the same for a member: the audience, not the caller, decides what counts', async () => {
      const anonymous = (await getMetrics('?period=month&at=2026-06-15&audience=public')).json<MetricsBody>();
      const member = await getMetrics('?period=month&at=2026-06-15&audience=public', paToken);
      expect(member.json<MetricsBody>().metrics).toEqual(anonymous.metrics);
    });
  });

  describe('mechanism', () => {
    it('refuses the public with 403', async () => {
      const response = await getMetrics('?period=month&at=2026-06-15&audience=mechanism');
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
    });

    it('gives a member what every member reads: public and mechanism statements, never an orgs-only one', async () => {
      const response = await getMetrics('?period=month&at=2026-06-15&audience=mechanism', paToken);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<MetricsBody>();
      expect(body.metrics.public).toBe(false);
      expect(allegedAgainstPb(body.metrics)).toBe(7);
      // pa's own view counts its orgs-only allegation too: a report must not.
      const own = (await getMetrics('?period=month&at=2026-06-15', paToken)).json<MetricsBody>();
      expect(allegedAgainstPb(own.metrics)).toBe(8);
    });
  });

  it('answers exactly what report.publish validation computes at the same checkpoint', async () => {
    const engine = t.mechanism.services.engine;
    const size = engine.latestCheckpoint!.treeSize;
    for (const audience of ['public', 'mechanism'] as const) {
      const body = (
        await getMetrics(`?period=month&at=2026-06-01&audience=${audience}&size=${size}`, paToken)
      ).json<MetricsBody>();
      const expected = computeAudienceMetrics({
        statements: await engine.readStatements(size),
        audience,
        periodKind: 'month',
        periodAt: '2026-06-01T00:00:00.000Z',
      });
      expect(body.metrics).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(listReportValues(body.metrics)).toEqual(listReportValues(expected));
      expect(body.metrics.as_of).toBe(body.checkpoint.log_time);
    }
  });
});
