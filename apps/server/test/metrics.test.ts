import type { MechanismType, Role, Statement } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { allegationAgainstPb } from './allegation-against-pb.ts';
import { publicKeyFor, START, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

let t: TestMechanism;
let paToken: string;
let pbToken: string;

const HOUR = 3_600_000;

async function submit(statement: Statement): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: await t.sign(statement),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ digest: string }>().digest;
}

async function enrol(org: string, member: string, role: Role): Promise<void> {
  await submit(
    t.statement('member.enroll', `${org}/admin`, {
      member,
      display_name: `Officer ${member}`,
      roles: [role],
      public_key: await publicKeyFor(`${org}/${member}`),
    }),
  );
}

async function allege(
  at: number,
  audience: Statement['audience'],
  category: MechanismType = 'cross_border_fire',
): Promise<string> {
  t.now = at;
  return submit(
    t.statement(
      'incident.report',
      'pa/reporter',
      allegationAgainstPb({ day: '2026-05-31', precisionM: 1000, category }),
      { audience },
    ),
  );
}

interface Cell {
  value: number | null;
  previous: number | null;
  suppressed: boolean;
}
interface MetricsBody {
  checkpoint: { tree_size: number; root_hash: string; log_time: string };
  metrics: {
    public: boolean;
    min_cell_size: number | null;
    period: { kind: string; start: string; end: string };
    incidents: {
      alleged_against: { party: string; total: Cell; by_category: Record<string, Cell> }[];
    };
    responses: { party: string; responded: Cell; hours_to_first_response_median: Cell }[];
  };
}

async function getMetrics(query: string, token?: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/metrics${query}`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

async function metricsFor(query: string, token?: string): Promise<MetricsBody> {
  const response = await getMetrics(query, token);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<MetricsBody>();
}

function against(body: MetricsBody, party: string) {
  const row = body.metrics.incidents.alleged_against.find((candidate) => candidate.party === party);
  if (row === undefined) throw new Error(`no row for ${party}`);
  return row;
}

beforeAll(async () => {
  t = await startTestMechanism();
  await enrol('pa', 'reporter', 'reporter');
  await enrol('pb', 'liaison', 'liaison');
  // June: five public allegations against pb, one of them an incursion; two for the mechanism, one of which pb
  // answers after five hours; one that only pa may read.
  for (let day = 2; day <= 6; day++) {
    await allege(START + day * 24 * HOUR, { kind: 'public' }, day === 6 ? 'incursion' : 'cross_border_fire');
  }
  const answered = await allege(START + 7 * 24 * HOUR, { kind: 'mechanism' });
  t.now = START + 7 * 24 * HOUR + 5 * HOUR;
  await submit(
    t.statement(
      'incident.response',
      'pb/liaison',
      { position: 'dispute', narrative: 'no firing took place', evidence: [] },
      { refs: [{ rel: 'responds_to', digest: answered }] },
    ),
  );
  await allege(START + 8 * 24 * HOUR, { kind: 'mechanism' });
  await allege(START + 9 * 24 * HOUR, { kind: 'orgs', orgs: ['pa'] });
  t.now = START + 10 * 24 * HOUR;
  paToken = (await t.login('pa/admin')).token;
  pbToken = (await t.login('pb/admin')).token;
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/metrics', () => {
  describe('for a party member', () => {
    it('counts every statement the member’s organisation may read, at the latest checkpoint', async () => {
      const body = await metricsFor('?period=month', paToken);
      expect(body.checkpoint.tree_size).toBe(Number(t.treeSize()));
      expect(body.checkpoint.root_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(body.metrics).toMatchObject({
        public: false,
        min_cell_size: null,
        period: { kind: 'month', start: '2026-06-01T00:00:00.000Z', end: '2026-07-01T00:00:00.000Z' },
      });
      expect(against(body, 'pb').total).toMatchObject({ value: 8, previous: 0, suppressed: false });
      expect(against(body, 'pb').by_category.incursion).toMatchObject({ value: 1, suppressed: false });
      const pb = body.metrics.responses.find((row) => row.party === 'pb');
      expect(pb?.responded.value).toBe(1);
      expect(pb?.hours_to_first_response_median.value).toBe(5);
    });

    it('leaves out what the member’s organisation may not read', async () => {
      const body = await metricsFor('?period=month', pbToken);
      expect(against(body, 'pb').total.value).toBe(7);
    });

    it('records the read in the access log', async () => {
      await metricsFor('?period=week', paToken);
      const reads = await t.mechanism.services.accessLog.listAccessByOrg('pa', { limit: 20 });
      expect(reads.map((read) => read.action)).toContain('metrics.read');
      expect(reads.find((read) => read.action === 'metrics.read')).toMatchObject({
        member: 'admin',
        targetDigest: undefined,
      });
    });

    it('reports the period holding `at`, against the one before', async () => {
      const may = await metricsFor('?period=month&at=2026-05-15', paToken);
      expect(may.metrics.period).toMatchObject({ kind: 'month', start: '2026-05-01T00:00:00.000Z' });
      expect(against(may, 'pb').total).toMatchObject({ value: 0, previous: 0 });
      const quarter = await metricsFor('?period=quarter&at=2026-05-15T12:00:00Z', paToken);
      expect(quarter.metrics.period).toMatchObject({ kind: 'quarter', start: '2026-04-01T00:00:00.000Z' });
      expect(against(quarter, 'pb').total).toMatchObject({ value: 8, previous: 0 });
    });

    it('catches up with statements sequenced since the last request', async () => {
      const before = against(await metricsFor('?period=month', paToken), 'pb').total.value;
      await allege(START + 10 * 24 * HOUR + HOUR, { kind: 'mechanism' });
      const body = await metricsFor('?period=month', paToken);
      expect(body.checkpoint.tree_size).toBe(Number(t.treeSize()));
      expect(against(body, 'pb').total.value).toBe(before! + 1);
    });
  });

  describe('for the public', () => {
    it('counts public statements only and suppresses cells below the minimum size', async () => {
      const body = await metricsFor('?period=month');
      expect(body.metrics).toMatchObject({ public: true, min_cell_size: 5 });
      expect(against(body, 'pb').total).toMatchObject({ value: 5, suppressed: false });
      expect(against(body, 'pb').by_category.cross_border_fire).toMatchObject({
        value: null,
        suppressed: true,
      });
      expect(against(body, 'pb').by_category.incursion).toMatchObject({ value: null, suppressed: true });
      const pb = body.metrics.responses.find((row) => row.party === 'pb');
      expect(pb?.responded).toMatchObject({ value: null, suppressed: true });
      expect(pb?.hours_to_first_response_median).toMatchObject({ value: null, suppressed: true });
    });
  });

  describe('at a published checkpoint (size)', () => {
    it('gives the same answer after the log has grown, and another than at the latest', async () => {
      const before = await metricsFor('?period=month', paToken);
      const size = before.checkpoint.tree_size;
      await allege(START + 10 * 24 * HOUR + 2 * HOUR, { kind: 'public' });
      expect(Number(t.treeSize())).toBeGreaterThan(size);
      const again = await metricsFor(`?period=month&size=${size}`, paToken);
      expect(again).toEqual(before);
      const latest = await metricsFor('?period=month', paToken);
      expect(latest.checkpoint.tree_size).toBe(Number(t.treeSize()));
      expect(against(latest, 'pb').total.value).toBe(against(before, 'pb').total.value! + 1);
    });

    it('names the checkpoint it computed at, for the public too', async () => {
      const latest = await metricsFor('?period=month');
      const size = latest.checkpoint.tree_size - 1;
      const earlier = await metricsFor(`?period=month&size=${size}`);
      expect(earlier.checkpoint.tree_size).toBe(size);
      expect(earlier.checkpoint.root_hash).not.toBe(latest.checkpoint.root_hash);
      expect(Date.parse(earlier.checkpoint.log_time)).toBeLessThan(Date.parse(latest.checkpoint.log_time));
      expect(earlier.metrics.public).toBe(true);
      // The public allegation sequenced last is counted at the latest checkpoint only.
      expect(against(latest, 'pb').total.value).toBe(against(earlier, 'pb').total.value! + 1);
    });

    it('answers 404 for a size the log never published and 400 for one that is not a size', async () => {
      const beyond = await getMetrics(`?period=month&size=${Number(t.treeSize()) + 5}`);
      expect(beyond.statusCode).toBe(404);
      expect(beyond.json()).toMatchObject({ code: 'not_found' });
      expect((await getMetrics('?period=month&size=0')).statusCode).toBe(404);
      expect((await getMetrics('?period=month&size=-1')).statusCode).toBe(400);
      expect((await getMetrics('?period=month&size=ten')).statusCode).toBe(400);
    });
  });

  describe('definitions', () => {
    it('serves each metric’s definition beside its value: what, which period, and whether a running total', async () => {
      const body = await getMetrics('?period=month');
      const { definitions } = body.json<{
        definitions: Record<string, { what: string; period: string; running_total: boolean }>;
      }>();
      expect(definitions['responses.<party>.responded']).toMatchObject({
        what: expect.stringMatching(/responded to/) as unknown,
        running_total: false,
      });
      expect(definitions['responses.<party>.overdue']?.running_total).toBe(true);
      expect(definitions['incidents.alleged_against.<party>.by_category.<category>']?.period).toMatch(
        /period/,
      );
    });
  });

  describe('with a bad query', () => {
    it('answers 400 for an unknown period', async () => {
      const response = await getMetrics('?period=fortnight');
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 400, code: 'invalid_request' });
    });

    it('answers 400 for a date that is not one', async () => {
      for (const at of ['2026-02-30', 'yesterday', '2026-06-01T00:00:00+05:00']) {
        const response = await getMetrics(`?period=month&at=${encodeURIComponent(at)}`);
        expect(response.statusCode, at).toBe(400);
      }
    });
  });

  it('computes a checkpoint’s metrics once for the readers who ask for them at the same time', async () => {
    // The stored fold is read slowly here (as on a large mechanism), so all three requests arrive while the
    // first one's computation is under way; none is answered from a cache (a period nobody asked for).
    const folds = t.mechanism.services.folds;
    const scan = folds.scanFoldSnapshot.bind(folds);
    const spy = vi
      .spyOn(folds, 'scanFoldSnapshot')
      .mockImplementation(async (...args: Parameters<typeof scan>) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return scan(...args);
      });
    try {
      const query = `?period=quarter&at=${encodeURIComponent('2026-04-15T00:00:00Z')}`;
      const answers = await Promise.all([1, 2, 3].map(() => metricsFor(query, paToken)));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      expect(answers[0]?.metrics.period).toMatchObject({
        kind: 'quarter',
        start: '2026-04-01T00:00:00.000Z',
      });
      // A different reader is a different computation.
      await metricsFor(query, pbToken);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('is documented in the OpenAPI description', async () => {
    const response = await t.app.inject('/api/docs/json');
    expect(response.statusCode).toBe(200);
    expect(response.json<{ paths: Record<string, unknown> }>().paths).toHaveProperty('/api/v1/metrics');
  });
});
