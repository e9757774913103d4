import {
  computeRootHash,
  createNoteSigner,
  ed25519,
  encodeBase64,
  encodeUtf8,
  formatVerifierKey,
  generateConsistencyProof,
  hashLeaf,
  sha256,
  signCheckpoint,
} from '@jmm/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_ORIGIN } from '../test/fake-log.ts';
import type { FetchFunction } from './http-transport.ts';
import { createJmmClient } from './jmm-client.ts';
import type { Session } from './jmm-api.types.ts';

/** A log of numbered leaves whose checkpoint the test signs, forks and grows. */
async function createGrowingLog() {
  const seed = sha256(encodeUtf8(`client test log ${TEST_ORIGIN}`));
  const signer = await createNoteSigner({ name: TEST_ORIGIN, seed });
  const vkey = formatVerifierKey(TEST_ORIGIN, (await ed25519.createSigner(seed)).publicKey);
  const leaves: Uint8Array[] = [];
  const grow = (count: number, fork = '') => {
    for (let i = 0; i < count; i += 1) leaves.push(hashLeaf(encodeUtf8(`leaf ${fork} ${leaves.length}`)));
  };
  return {
    vkey,
    leaves,
    grow,
    checkpoint: () =>
      signCheckpoint(
        { origin: TEST_ORIGIN, treeSize: BigInt(leaves.length), rootHash: computeRootHash(leaves) },
        signer,
      ),
  };
}

const SESSION: Session = {
  token: 'saved-token',
  csrf_token: 'csrf',
  expires_at: '2026-06-01T18:00:00Z',
  org: 'pa',
  member: 'admin',
  roles: ['admin'],
  key_id: 'a'.repeat(64),
};

let log: Awaited<ReturnType<typeof createGrowingLog>>;
let requests: { method: string; url: string; authorization: string | undefined }[];
let answers: Map<string, () => Response | Promise<Response>>;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

const fetch: FetchFunction = async (url, init) => {
  const { pathname, search } = new URL(url);
  const headers = (init.headers ?? {}) as Record<string, string>;
  requests.push({
    method: init.method ?? 'GET',
    url: pathname + search,
    authorization: headers.authorization,
  });
  if (pathname === '/log/checkpoint') return new Response(await log.checkpoint(), { status: 200 });
  if (pathname === '/api/v1/log/proof/consistency') {
    const params = new URL(url).searchParams;
    const proof = generateConsistencyProof(
      BigInt(params.get('from')!),
      BigInt(params.get('to')!),
      log.leaves,
    );
    return json(200, { proof: proof.map(encodeBase64) });
  }
  const answer = answers.get(`${init.method ?? 'GET'} ${pathname}`);
  return answer === undefined ? json(404, { code: 'not_found', detail: pathname }) : answer();
};

function client(logVerifierKey = log.vkey) {
  return createJmmClient({
    baseUrl: 'http://jmm.test',
    fetch,
    trust: { origin: TEST_ORIGIN, logVerifierKey },
    clock: { sleep: () => Promise.resolve() },
  });
}

beforeEach(async () => {
  log = await createGrowingLog();
  log.grow(5);
  requests = [];
  answers = new Map();
});

describe('createJmmClient', () => {
  describe('restoreSession and signOut', () => {
    it('reads with a restored session, then signs out on the server and forgets it', async () => {
      answers.set('GET /api/v1/members', () => json(200, { members: [] }));
      answers.set('POST /api/v1/auth/logout', () => new Response(null, { status: 204 }));
      const jmm = client();
      jmm.restoreSession(SESSION);
      expect(await jmm.listMembers()).toEqual([]);
      await jmm.signOut();
      expect(jmm.session).toBeUndefined();
      expect(requests.map((r) => [r.method, r.url, r.authorization])).toEqual([
        ['GET', '/api/v1/members', 'Bearer saved-token'],
        ['POST', '/api/v1/auth/logout', 'Bearer saved-token'],
      ]);
      await expect(jmm.listMembers()).rejects.toMatchObject({ code: 'not_signed_in' });
    });

    it('forgets a session the server had already ended', async () => {
      answers.set('POST /api/v1/auth/logout', () =>
        json(401, { code: 'unauthenticated', detail: 'expired' }),
      );
      const jmm = client();
      jmm.restoreSession(SESSION);
      await jmm.signOut();
      expect(jmm.session).toBeUndefined();
    });

    it('refuses something that is not a session', () => {
      expect(() => {
        client().restoreSession({} as Session);
      }).toThrow(expect.objectContaining({ code: 'invalid_argument' }) as Error);
    });
  });

  describe('lists', () => {
    it('asks for releases and reports with their query, and unwraps member-only lists', async () => {
      answers.set('GET /api/v1/releases', () => json(200, { records: [], next_cursor: null }));
      answers.set('GET /api/v1/reports', () => json(200, { records: [], next_cursor: 'd4' }));
      answers.set('GET /api/v1/access-log', () => json(200, { records: [{ id: '1' }] }));
      answers.set('GET /api/v1/settings/changes', () => json(200, { changes: [{ digest: 'x' }] }));
      const jmm = client();
      await jmm.listReleases({ status: ['pending', 'published'], limit: 10 });
      expect((await jmm.listReports({ sort: 'oldest' })).next_cursor).toBe('d4');
      await expect(jmm.readAccessLog()).rejects.toMatchObject({ code: 'not_signed_in' });
      jmm.restoreSession(SESSION);
      expect(await jmm.readAccessLog({ limit: 20 })).toEqual([{ id: '1' }]);
      expect(await jmm.readSettingsChanges()).toEqual([{ digest: 'x' }]);
      expect(requests.map((r) => r.url)).toEqual([
        '/api/v1/releases?status=pending%2Cpublished&limit=10',
        '/api/v1/reports?sort=oldest',
        '/api/v1/access-log?limit=20',
        '/api/v1/settings/changes',
      ]);
    });

    it('reads demo members on a demo, and undefined where the server has none', async () => {
      const jmm = client();
      expect(await jmm.readDemoMembers()).toBeUndefined();
      const member = { org: 'pa', member: 'reporter', display_name: 'R', roles: ['reporter'], seed: 'AA==' };
      answers.set('GET /api/v1/demo/members', () => json(200, { members: [member] }));
      expect(await jmm.readDemoMembers()).toEqual([member]);
    });
  });

  describe('readLatestCheckpoint', () => {
    it('verifies the checkpoint and tracks it, checking each newer one is consistent', async () => {
      const jmm = client();
      expect((await jmm.readLatestCheckpoint()).treeSize).toBe(5n);
      log.grow(3);
      const grown = await jmm.readLatestCheckpoint();
      expect(grown.treeSize).toBe(8n);
      expect(jmm.latestCheckpoint).toEqual(grown);
      expect(requests.map((r) => r.url)).toContain('/api/v1/log/proof/consistency?from=5&to=8');
    });

    it('refuses a checkpoint signed by another key', async () => {
      const other = formatVerifierKey(
        TEST_ORIGIN,
        (await ed25519.createSigner(new Uint8Array(32))).publicKey,
      );
      await expect(client(other).readLatestCheckpoint()).rejects.toMatchObject({
        code: 'checkpoint_invalid',
      });
    });

    it('refuses a log that rewrote what this client saw', async () => {
      const jmm = client();
      await jmm.readLatestCheckpoint();
      log.leaves.splice(0, log.leaves.length);
      log.grow(8, 'fork');
      await expect(jmm.readLatestCheckpoint()).rejects.toMatchObject({ code: 'split_view' });
    });
  });
});
