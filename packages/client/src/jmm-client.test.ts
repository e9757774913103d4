import { computeKeyId, decodeBase64, decodeUtf8, ed25519, encodeBase64, type Envelope } from '@jmm/core';
import { formatLoginMessage } from '@jmm/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFakeLog, incidentStatement, testSigner, type FakeLog } from '../test/fake-log.ts';
import { ClientError } from './client-error.ts';
import type { FetchFunction } from './http-transport.ts';
import { createJmmClient } from './jmm-client.ts';
import type { SubmissionAnswer } from './sequenced-answer.ts';

/** A server in a function: the fake log behind the routes the client uses. */
function fakeServer(log: FakeLog) {
  const stored = new Map<string, { envelope: Envelope; answer: SubmissionAnswer }>();
  const challenges = new Set<string>();
  const requests: string[] = [];
  let failNextSubmissions = 0;
  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers });
  const fetch: FetchFunction = async (url, init) => {
    const { pathname } = new URL(url);
    requests.push(`${init.method ?? 'GET'} ${pathname}`);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    if (pathname === '/api/v1/auth/challenge') {
      challenges.add('c'.repeat(32));
      return reply(200, { challenge: 'c'.repeat(32), expires_at: '', sign: '' });
    }
    if (pathname === '/api/v1/auth/login') {
      const signer = await testSigner('pa/reporter');
      const valid =
        challenges.delete(body.challenge as string) &&
        body.key_id === computeKeyId(signer.publicKey) &&
        (await ed25519.verify(
          signer.publicKey,
          formatLoginMessage(log.origin, body.challenge as string),
          decodeBase64(body.signature as string),
        ));
      if (!valid) return reply(401, { code: 'challenge_failed', detail: 'sign-in failed' });
      return reply(200, {
        token: 'tok',
        csrf_token: 'csrf',
        expires_at: '',
        org: 'pa',
        member: 'reporter',
        roles: ['reporter'],
        key_id: body.key_id,
      });
    }
    if (pathname === '/api/v1/statements' && init.method === 'POST') {
      if (failNextSubmissions > 0) {
        failNextSubmissions -= 1;
        return reply(503, { code: 'overloaded', detail: 'busy' }, { 'retry-after': '1' });
      }
      const envelope = body as unknown as Envelope;
      const key = JSON.stringify(envelope);
      const existing = stored.get(key);
      if (existing !== undefined) return reply(200, { ...existing.answer, duplicate: true });
      const answer = await log.append(envelope);
      stored.set(key, { envelope, answer });
      return reply(201, answer);
    }
    if (pathname.startsWith('/api/v1/statements/')) {
      const digest = pathname.slice('/api/v1/statements/'.length);
      const found = [...stored.values()].find((s) => s.answer.digest === digest);
      if (found === undefined) return reply(404, { code: 'not_found', detail: 'no such statement' });
      // A read answers like a submission, without `duplicate` and with the envelope.
      const answer: Partial<Record<keyof SubmissionAnswer, unknown>> = { ...found.answer };
      delete answer.duplicate;
      return reply(200, { ...answer, envelope: found.envelope, type: 'incident.report', org: 'pa' });
    }
    return reply(404, { code: 'not_found', detail: pathname });
  };
  return {
    fetch,
    requests,
    failSubmissions(count: number) {
      failNextSubmissions = count;
    },
  };
}

let log: FakeLog;
let server: ReturnType<typeof fakeServer>;
const sleeps: number[] = [];

function client() {
  return createJmmClient({
    baseUrl: 'http://jmm.test',
    fetch: server.fetch,
    trust: { origin: log.origin, logVerifierKey: log.vkey },
    clock: {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    },
  });
}

beforeEach(async () => {
  log = await createFakeLog();
  server = fakeServer(log);
  sleeps.length = 0;
});

describe('createJmmClient', () => {
  describe('signIn', () => {
    it("signs the server's challenge with the member's key and keeps the session", async () => {
      const jmm = client();
      const session = await jmm.signIn(await testSigner('pa/reporter'));
      expect(session).toMatchObject({ token: 'tok', org: 'pa', member: 'reporter' });
      expect(jmm.session?.token).toBe('tok');
    });

    it('surfaces a refused sign-in as the server’s problem, without retrying', async () => {
      const error = await client()
        .signIn(await testSigner('someone else'))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({ code: 'problem', problem: { code: 'challenge_failed', status: 401 } });
      expect(server.requests.filter((r) => r.endsWith('/auth/login'))).toHaveLength(1);
    });
  });

  describe('signAndSubmit', () => {
    it('signs, submits and verifies the proof of inclusion', async () => {
      const jmm = client();
      const submitted = await jmm.signAndSubmit(incidentStatement(), await testSigner('pa/reporter'));
      expect(submitted).toMatchObject({ verified: true, duplicate: false });
      expect(jmm.latestCheckpoint?.treeSize).toBe(submitted.checkpoint.treeSize);
      const payload = JSON.parse(decodeUtf8(decodeBase64(submitted.envelope.payload))) as { type: string };
      expect(payload.type).toBe('incident.report');
    });

    it('retries through 503 with Retry-After and the answer still verifies', async () => {
      server.failSubmissions(2);
      const submitted = await client().signAndSubmit(incidentStatement(), await testSigner('pa/reporter'));
      expect(submitted.verified).toBe(true);
      expect(sleeps).toEqual([1000, 1000]);
    });

    it('answers a resubmission with the same, verified entry marked duplicate', async () => {
      const jmm = client();
      const signer = await testSigner('pa/reporter');
      const first = await jmm.signAndSubmit(incidentStatement(), signer);
      const again = await jmm.submit(first.envelope);
      expect(again).toMatchObject({
        verified: true,
        duplicate: true,
        digest: first.digest,
        index: first.index,
      });
    });
  });

  describe('readStatement', () => {
    it('reads a statement back with its proof verified and its payload parsed', async () => {
      const jmm = client();
      const submitted = await jmm.signAndSubmit(incidentStatement(), await testSigner('pa/reporter'));
      const read = await jmm.readStatement(submitted.digest);
      expect(read).toMatchObject({ verified: true, digest: submitted.digest });
      expect(read.statement.type).toBe('incident.report');
    });

    it('refuses an answer whose envelope is not the one the entry names', async () => {
      const jmm = client();
      const signer = await testSigner('pa/reporter');
      const submitted = await jmm.signAndSubmit(incidentStatement(), signer);
      const swapped: FetchFunction = async (url, init) => {
        const response = await server.fetch(url, init);
        const body = (await response.json()) as { envelope: Envelope };
        const other = {
          ...body.envelope,
          signatures: [{ keyid: 'x', sig: encodeBase64(new Uint8Array(64)) }],
        };
        return new Response(JSON.stringify({ ...body, envelope: other }), { status: 200 });
      };
      const reader = createJmmClient({
        baseUrl: 'http://jmm.test',
        fetch: swapped,
        trust: jmm.trust,
      });
      await expect(reader.readStatement(submitted.digest)).rejects.toMatchObject({ code: 'entry_mismatch' });
    });
  });

  it('refuses a log verifier key whose name is not the origin', () => {
    expect(() =>
      createJmmClient({
        baseUrl: 'http://jmm.test',
        fetch: server.fetch,
        trust: { origin: 'jmm.example.org/elsewhere', logVerifierKey: log.vkey },
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_argument' }) as Error);
  });
});
