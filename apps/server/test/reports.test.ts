import { encodeBase64, encodeHex, encodeUtf8, sha256 } from '@jmm/core';
import {
  computeAudienceMetrics,
  listReportValues,
  resolveMetricPeriod,
  type ReportAudience,
  type Statement,
} from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// Periodic reports end to end (issue 8): the secretariat uploads a report's rendered documents, publishes the
// report citing them, and the documents are served to the report's audience only.

const PDF = encodeUtf8('%PDF-1.7\n% a public monthly report\n%%EOF\n');
const HTML = encodeUtf8('<!doctype html><title>Mechanism report</title><p>For members.</p>');
const hexOf = (bytes: Uint8Array) => encodeHex(sha256(bytes));

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

async function upload(
  bytes: Uint8Array,
  mediaType: string,
  who?: string,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/reports/documents',
    headers: {
      'content-type': mediaType,
      ...(who === undefined ? {} : { authorization: `Bearer ${await tokenOf(who)}` }),
      ...headers,
    },
    payload: Buffer.from(bytes),
  });
}

async function submit(statement: Statement) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/statements',
    payload: (await t.sign(statement)) as object,
  });
  t.now += 60_000;
  return response;
}

/** A report for `audience` at the latest checkpoint, carrying exactly the values the log computes there. */
async function reportFor(audience: ReportAudience, documents: Uint8Array[], mediaType = 'application/pdf') {
  const engine = t.mechanism.services.engine;
  const checkpoint = engine.latestCheckpoint!;
  const month = resolveMetricPeriod('month', START);
  const metrics = listReportValues(
    computeAudienceMetrics({
      statements: await engine.readStatements(checkpoint.treeSize),
      audience,
      periodKind: 'month',
      periodAt: month.start,
    }),
  );
  return t.statement(
    'report.publish',
    'sec/admin',
    {
      title: `Monthly report for the ${audience}`,
      period: { start: month.start, end: month.end },
      checkpoint: { tree_size: Number(checkpoint.treeSize), root_hash: encodeBase64(checkpoint.rootHash) },
      metrics,
      documents: documents.map((bytes) => ({
        sha256: hexOf(bytes),
        media_type: mediaType as 'application/pdf' | 'text/html',
        bytes: bytes.length,
      })),
    },
    { audience: { kind: audience } },
  );
}

beforeAll(async () => {
  t = await startTestMechanism();
  t.now = START + 3_600_000;
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/v1/reports/documents', () => {
  it('stores a document a secretariat admin uploads, named by its SHA-256', async () => {
    const answer = await upload(PDF, 'application/pdf', 'sec/admin', {
      'content-digest': `sha-256=:${encodeBase64(sha256(PDF))}:`,
    });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toEqual({
      sha256: hexOf(PDF),
      bytes: PDF.length,
      media_type: 'application/pdf',
      url: `/api/v1/reports/documents/${hexOf(PDF)}`,
    });
    expect((await upload(HTML, 'text/html; charset=utf-8', 'sec/admin')).statusCode).toBe(201);
  });

  it('is not evidence: the evidence routes know nothing of it', async () => {
    expect((await t.get(`/evidence/${hexOf(PDF)}`, 'sec/admin')).statusCode).toBe(404);
  });

  it('refuses the public, members who may not publish reports, other media types and wrong digests', async () => {
    expect((await upload(PDF, 'application/pdf')).statusCode).toBe(401);
    const party = await upload(PDF, 'application/pdf', 'pa/admin');
    expect(party.statusCode).toBe(403);
    expect(party.json()).toMatchObject({ code: 'forbidden' });
    expect((await upload(PDF, 'image/png', 'sec/admin')).statusCode).toBe(415);
    const wrong = await upload(PDF, 'application/pdf', 'sec/admin', {
      'content-digest': `sha-256=:${encodeBase64(sha256(HTML))}:`,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'digest_mismatch' });
  });

  it('refuses a document over the size limit by its declared length', async () => {
    const answer = await upload(PDF, 'application/pdf', 'sec/admin', {
      'content-length': String(20 * 1024 * 1024 + 1),
    });
    expect(answer.statusCode).toBe(413);
  });
});

describe('publishing a report and reading its documents', () => {
  it('refuses a report listing a document that was never uploaded', async () => {
    const unknown = encodeUtf8('%PDF-1.7 never uploaded');
    const answer = await submit(await reportFor('public', [unknown]));
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ code: 'invalid_statement' });
    expect(answer.json<{ detail: string }>().detail).toMatch(/not uploaded/);
  });

  it('refuses a report whose values are not its audience’s metrics', async () => {
    const report = await reportFor('public', [PDF]);
    if (report.type !== 'report.publish') throw new Error('not a report');
    const forged = { ...report, body: { ...report.body, metrics: { 'incidents.alleged_by.pa.total': 9 } } };
    const answer = await submit(forged);
    expect(answer.statusCode).toBe(400);
    expect(answer.json<{ detail: string }>().detail).toMatch(/not the public metrics/);
  });

  it('serves a public report’s PDF to anyone, inline and cacheable forever', async () => {
    const published = await submit(await reportFor('public', [PDF]));
    expect(published.statusCode, published.body).toBe(201);
    const answer = await t.get(`/reports/documents/${hexOf(PDF)}`);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers['content-type']).toBe('application/pdf');
    expect(answer.headers['content-disposition']).toBe(`inline; filename="${hexOf(PDF)}.pdf"`);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.rawPayload.equals(Buffer.from(PDF))).toBe(true);
  });

  it('serves a mechanism report’s documents to members only, and 404 to the public', async () => {
    const published = await submit(await reportFor('mechanism', [HTML], 'text/html'));
    expect(published.statusCode, published.body).toBe(201);
    expect((await t.get(`/reports/documents/${hexOf(HTML)}`)).statusCode).toBe(404);
    const answer = await t.get(`/reports/documents/${hexOf(HTML)}`, 'pb/admin');
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    // Rendered in a sandbox: no script of the uploader runs on this origin.
    expect(answer.headers['content-security-policy']).toMatch(/^sandbox;/);
    expect(answer.body).toBe(new TextDecoder().decode(HTML));
    const reads = await t.mechanism.services.accessLog.listAccessByOrg('pb', { limit: 20 });
    expect(reads.map((read) => read.action)).toContain('report.read');
  });

  it('answers 404 for a document no report lists, even to the secretariat that uploaded it', async () => {
    const unlisted = encodeUtf8('%PDF-1.7 a draft');
    expect((await upload(unlisted, 'application/pdf', 'sec/admin')).statusCode).toBe(201);
    expect((await t.get(`/reports/documents/${hexOf(unlisted)}`, 'sec/admin')).statusCode).toBe(404);
    expect((await t.get('/reports/documents/not-a-hash')).statusCode).toBe(400);
  });

  it('lists each report with its audience and its documents’ URLs, to those who may read it', async () => {
    interface Row {
      audience: string;
      documents: { sha256: string; url: string }[];
    }
    const publicRows = (await t.getJson<{ records: Row[] }>('/reports')).records;
    expect(publicRows.map((row) => row.audience)).toEqual(['public']);
    expect(publicRows[0]?.documents).toEqual([
      expect.objectContaining({ sha256: hexOf(PDF), url: `/api/v1/reports/documents/${hexOf(PDF)}` }),
    ]);
    const memberRows = (await t.getJson<{ records: Row[] }>('/reports', 'pa/admin')).records;
    expect(memberRows.map((row) => row.audience)).toEqual(['mechanism', 'public']);
  });
});
