import { encodeHex, sha256 } from '@jmm/core';
import {
  computeAudienceMetrics,
  listReportValues,
  type ReportAudience,
  type Statement,
  type StatementOf,
} from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allegationAgainstPb } from './allegation-against-pb.ts';
import { publicKeyFor, START, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// POST /api/v1/reports/drafts (issue 8): the server drafts the secretariat's periodic report — the values the
// log requires, the rendered documents stored — and the secretariat signs the body in its own client.

interface Draft {
  body: StatementOf<'report.publish'>['body'];
  audience: ReportAudience;
  documents: { sha256: string; media_type: string; bytes: number; url: string; preview_url: string }[];
}

const DAY = 86_400_000;
let t: TestMechanism;
const tokens = new Map<string, string>();

async function tokenOf(who: string): Promise<string> {
  let token = tokens.get(who);
  if (token === undefined) {
    token = (await t.login(who)).token;
    tokens.set(who, token);
  }
  return token;
}

async function submit(statement: Statement) {
  return t.app.inject({ method: 'POST', url: '/api/v1/statements', payload: await t.sign(statement) });
}

async function allege(at: number, audience: Statement['audience']): Promise<void> {
  t.now = at;
  const response = await submit(
    t.statement(
      'incident.report',
      'pa/reporter',
      allegationAgainstPb({ day: '2026-06-01', precisionM: 10_000 }),
      { audience },
    ),
  );
  expect(response.statusCode, response.body).toBe(201);
}

async function draft(payload: object, who?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/reports/drafts',
    headers: who === undefined ? {} : { authorization: `Bearer ${await tokenOf(who)}` },
    payload,
  });
}

/** What the log computes for `audience` in June at its latest checkpoint (as report.publish validation does). */
async function juneValues(audience: ReportAudience): Promise<Record<string, number>> {
  const engine = t.mechanism.services.engine;
  return listReportValues(
    computeAudienceMetrics({
      statements: await engine.readStatements(engine.latestCheckpoint!.treeSize),
      audience,
      periodKind: 'month',
      periodAt: '2026-06-01T00:00:00.000Z',
    }),
  );
}

beforeAll(async () => {
  t = await startTestMechanism();
  const enrolled = await submit(
    t.statement('member.enroll', 'pa/admin', {
      member: 'reporter',
      display_name: 'Reporter',
      roles: ['reporter'],
      public_key: await publicKeyFor('pa/reporter'),
    }),
  );
  expect(enrolled.statusCode, enrolled.body).toBe(201);
  // June: five public allegations against pb (the minimum public cell) and one for the mechanism; then one in
  // July, so that the latest checkpoint falls after June has ended.
  for (let day = 2; day <= 6; day++) await allege(START + day * DAY, { kind: 'public' });
  await allege(START + 7 * DAY, { kind: 'mechanism' });
  await allege(START + 32 * DAY, { kind: 'public' });
  t.now = START + 33 * DAY;
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/v1/reports/drafts', () => {
  describe.each(['public', 'mechanism'] as const)('a %s report for a month that has ended', (audience) => {
    let answer: Draft;
    beforeAll(async () => {
      const response = await draft({ period: '2026-06', audience }, 'sec/admin');
      expect(response.statusCode, response.body).toBe(200);
      answer = response.json<Draft>();
    });

    it('carries the audience’s metrics at the latest checkpoint, for the month', async () => {
      const engine = t.mechanism.services.engine;
      expect(answer.audience).toBe(audience);
      expect(answer.body.metrics).toEqual(await juneValues(audience));
      expect(answer.body.checkpoint.tree_size).toBe(Number(engine.latestCheckpoint!.treeSize));
      expect(answer.body.period).toEqual({
        start: '2026-06-01T00:00:00.000Z',
        end: '2026-07-01T00:00:00.000Z',
      });
    });

    it('lists the stored PDF and HTML with the URLs they are served at', () => {
      expect(answer.documents.map((document) => document.media_type)).toEqual([
        'application/pdf',
        'text/html',
      ]);
      expect(answer.body.documents).toEqual(
        answer.documents.map(({ sha256, media_type, bytes }) => ({ sha256, media_type, bytes })),
      );
      for (const document of answer.documents)
        expect(document.url).toBe(`/api/v1/reports/documents/${document.sha256}`);
    });

    it('lets the secretariat preview the documents before publishing, and no one else', async () => {
      const html = answer.documents[1]!;
      const preview = await t.get(html.preview_url.replace('/api/v1', ''), 'sec/admin');
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(preview.headers['content-security-policy']).toMatch(/^sandbox;/);
      expect(encodeHex(sha256(preview.rawPayload))).toBe(html.sha256);
      expect((await t.get(html.preview_url.replace('/api/v1', ''), 'pa/admin')).statusCode).toBe(403);
    });

    it('is accepted by the log once the secretariat signs and submits it, and its documents are then served', async () => {
      const published = await submit(
        t.statement('report.publish', 'sec/admin', answer.body, { audience: { kind: audience } }),
      );
      expect(published.statusCode, published.body).toBe(201);
      const pdf = answer.documents[0]!;
      const served = await t.get(`/reports/documents/${pdf.sha256}`, 'pb/admin');
      expect(served.statusCode).toBe(200);
      expect(encodeHex(sha256(served.rawPayload))).toBe(pdf.sha256);
      expect(served.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });
  });

  it('records a mechanism draft in the access log: it counts restricted statements', async () => {
    const reads = await t.mechanism.services.accessLog.listAccessByOrg('sec', { limit: 50 });
    expect(reads.map((read) => read.action)).toContain('report.draft');
  });

  it('refuses a party member with 403 and the public with 401', async () => {
    const party = await draft({ period: '2026-06', audience: 'public' }, 'pa/admin');
    expect(party.statusCode).toBe(403);
    expect(party.json()).toMatchObject({ code: 'forbidden' });
    expect((await draft({ period: '2026-06', audience: 'public' })).statusCode).toBe(401);
  });

  it.each(['2026-13', 'June', '2027-W53'])('refuses the period %j with 400', async (period) => {
    const response = await draft({ period, audience: 'public' }, 'sec/admin');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('refuses an unknown audience with 400', async () => {
    expect((await draft({ period: '2026-06', audience: 'orgs' }, 'sec/admin')).statusCode).toBe(400);
  });

  describe('for a month still running at the latest checkpoint', () => {
    it('answers 422 period_not_ended', async () => {
      const response = await draft({ period: '2026-07', audience: 'public' }, 'sec/admin');
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json()).toMatchObject({ code: 'period_not_ended' });
      expect(response.json<{ detail: string }>().detail).toMatch(/partial/);
    });

    it('drafts it as it stands when asked for a partial report', async () => {
      const response = await draft({ period: '2026-07', audience: 'public', partial: true }, 'sec/admin');
      expect(response.statusCode, response.body).toBe(200);
    });
  });

  it('is rate-limited per member more tightly than cheap reads: a draft renders a PDF', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await draft({ period: 'x', audience: 'public' }, 'sec/admin')).statusCode);
    expect(statuses).toContain(429);
  });
});
