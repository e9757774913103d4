import {
  createNoteVerifier,
  decodeBase64,
  decodeEntryBundle,
  encodeBase64,
  hashChildren,
  hashLeaf,
  openCheckpoint,
  verifyConsistencyProof,
  verifyInclusionProof,
} from '@jmm/core';
import type { Role } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, publicKeyFor, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

let t: TestMechanism;

beforeAll(async () => {
  t = await startTestMechanism();
});
afterAll(async () => {
  await t.close();
});

function enrolment(org: string, member: string, roles: Role[] = ['reporter']) {
  return async () => ({
    member,
    display_name: `Officer ${member}`,
    roles,
    public_key: await publicKeyFor(`${org}/${member}`),
  });
}

async function submit(payload: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/v1/statements', payload: payload as object, headers });
}

/** Asserts a problem+json answer with `status` and `code`, and that the log did not change. */
function expectProblem(
  response: Awaited<ReturnType<typeof submit>>,
  status: number,
  code: string,
  sizeBefore: bigint,
) {
  // The body is printed only on failure, and cut: a huge echoed request must not swamp the report.
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, code, type: `urn:jmm:problem:${code}` });
  expect(t.treeSize()).toBe(sizeBefore);
}

describe('GET /api/v1/mechanism', () => {
  it('names the origin, the log key, the organisations and the settings', async () => {
    const response = await t.app.inject('/api/v1/mechanism');
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      origin: string;
      log_vkey: string;
      orgs: { id: string }[];
      synthetic: boolean;
    }>();
    expect(body.origin).toBe(ORIGIN);
    expect(body.log_vkey.startsWith(`${ORIGIN}+`)).toBe(true);
    expect(body.orgs.map((org) => org.id)).toEqual(['sec', 'pa', 'pb', 'ver']);
    expect(body.synthetic).toBe(false);
  });
});

describe('POST /api/v1/statements', () => {
  it('sequences a signed statement and answers with a proof to a signed checkpoint', async () => {
    const envelope = await t.sign(
      t.statement('member.enroll', 'pa/admin', await enrolment('pa', 'reporter1')()),
    );
    const response = await submit(envelope);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{
      index: number;
      tree_size: number;
      entry: string;
      inclusion_proof: string[];
      checkpoint: string;
      digest: string;
    }>();
    const vkey = (await t.app.inject('/api/v1/mechanism')).json<{ log_vkey: string }>().log_vkey;
    const opened = await openCheckpoint(body.checkpoint, createNoteVerifier(vkey), { origin: ORIGIN });
    expect(opened.checkpoint.treeSize).toBe(BigInt(body.tree_size));
    verifyInclusionProof(
      hashLeaf(decodeBase64(body.entry)),
      BigInt(body.index),
      BigInt(body.tree_size),
      body.inclusion_proof.map(decodeBase64),
      opened.checkpoint.rootHash,
    );

    const again = await submit(envelope);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ index: body.index, digest: body.digest, duplicate: true });
  });

  it('accepts a statement signed offline within the offline window, keeping both its times', async () => {
    const signedAt = t.now - 48 * 3_600_000;
    const statement = t.statement('member.enroll', 'pa/admin', await enrolment('pa', 'offline1')(), {
      issued_at: new Date(signedAt).toISOString(),
    });
    const response = await submit(await t.sign(statement));
    expect(response.statusCode, response.body).toBe(201);
    const { log_time: logTime } = response.json<{ log_time: string }>();
    expect(Date.parse(logTime) - signedAt).toBeGreaterThanOrEqual(48 * 3_600_000);

    const before = t.treeSize();
    const tooLate = t.statement('member.enroll', 'pa/admin', await enrolment('pa', 'offline2')(), {
      issued_at: new Date(t.now - 73 * 3_600_000).toISOString(),
    });
    expectProblem(await submit(await t.sign(tooLate)), 422, 'issued_at_out_of_range', before);
  });

  it('sequences a batch and reports each envelope’s outcome', async () => {
    const good = await t.sign(t.statement('member.enroll', 'pb/admin', await enrolment('pb', 'reporter1')()));
    const forbidden = await t.sign(
      t.statement('settings.change', 'pb/admin', { patch: { finding_quorum: 3 }, reason: 'r' }),
    );
    const response = await submit({ envelopes: [good, forbidden, { junk: true }] });
    expect(response.statusCode).toBe(200);
    const results = response.json<{ results: ({ index: number } | { error: { code: string } })[] }>().results;
    expect(results[0]).toHaveProperty('index');
    expect(results[1]).toMatchObject({ error: { code: 'forbidden_type', status: 403 } });
    expect(results[2]).toMatchObject({ error: { code: 'invalid_envelope' } });
  });

  describe('with bad input', () => {
    it('rejects a forged signature with invalid_envelope', async () => {
      const before = t.treeSize();
      const envelope = await t.sign(
        t.statement('member.enroll', 'pa/admin', await enrolment('pa', 'forged')()),
      );
      const sig = decodeBase64(envelope.signatures[0]!.sig);
      sig[5]! ^= 1;
      expectProblem(
        await submit({ ...envelope, signatures: [{ ...envelope.signatures[0]!, sig: encodeBase64(sig) }] }),
        400,
        'invalid_envelope',
        before,
      );
    });

    it('rejects an unknown key with unknown_key', async () => {
      const before = t.treeSize();
      const envelope = await t.sign(
        t.statement('member.enroll', 'pa/admin', await enrolment('pa', 'x')()),
        'pa/stranger',
      );
      expectProblem(await submit(envelope), 422, 'unknown_key', before);
    });

    it('rejects a statement for another mechanism with wrong_mechanism', async () => {
      const before = t.treeSize();
      const statement = {
        ...t.statement('member.enroll', 'pa/admin', await enrolment('pa', 'y')()),
        mechanism: 'elsewhere.example/log',
      };
      expectProblem(await submit(await t.sign(statement)), 422, 'wrong_mechanism', before);
    });

    it('rejects a type the issuer’s role forbids with forbidden_type', async () => {
      const before = t.treeSize();
      const envelope = await t.sign(
        t.statement('settings.change', 'pa/admin', { patch: { finding_quorum: 3 }, reason: 'r' }),
      );
      expectProblem(await submit(envelope), 403, 'forbidden_type', before);
    });

    it('rejects a revoked key with key_revoked', async () => {
      await submit(
        await t.sign(t.statement('member.enroll', 'pa/admin', await enrolment('pa', 'leaver', ['admin'])())),
      );
      await submit(
        await t.sign(t.statement('member.revoke', 'pa/admin', { member: 'leaver', reason: 'left' })),
      );
      const before = t.treeSize();
      const envelope = await t.sign(t.statement('member.enroll', 'pa/leaver', await enrolment('pa', 'z')()));
      expectProblem(await submit(envelope), 422, 'key_revoked', before);
    });

    it('rejects oversized fields, malformed JSON, wrong media types and oversized bodies', async () => {
      const before = t.treeSize();
      const longName = { ...(await enrolment('pa', 'long')()), display_name: 'x'.repeat(201) };
      expectProblem(
        await submit(await t.sign(t.statement('member.enroll', 'pa/admin', longName))),
        400,
        'invalid_statement',
        before,
      );
      expectProblem(
        await submit('{"payload":', { 'content-type': 'application/json' }),
        400,
        'invalid_json',
        before,
      );
      expectProblem(
        await submit('payload', { 'content-type': 'text/plain' }),
        415,
        'unsupported_media_type',
        before,
      );
      expectProblem(
        await submit({ payload: 'A'.repeat(5 * 1024 * 1024), payloadType: 'x', signatures: [] }),
        413,
        'payload_too_large',
        before,
      );
      expectProblem(
        await submit({ envelopes: Array.from({ length: 33 }, () => ({})) }),
        400,
        'invalid_request',
        before,
      );
    });
  });
});

describe('GET /api/v1/statements/:digest', () => {
  it('serves a public statement to anyone, and a restricted one only to its audience', async () => {
    // A profile may be restricted (membership itself is public: AUDIENCE_RULES).
    const restricted = await t.sign(
      t.statement(
        'member.profile',
        'pa/admin',
        { member: 'admin', display_name: 'A. Person' },
        { audience: { kind: 'orgs', orgs: ['pa'] } },
      ),
    );
    const digest = (await submit(restricted)).json<{ digest: string }>().digest;
    expect((await t.app.inject(`/api/v1/statements/${digest}`)).statusCode).toBe(404);

    const outsider = await t.login('pb/admin');
    const hidden = await t.app.inject({
      url: `/api/v1/statements/${digest}`,
      headers: { authorization: `Bearer ${outsider.token}` },
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ code: 'not_found' });

    const insider = await t.login('pa/admin');
    const shown = await t.app.inject({
      url: `/api/v1/statements/${digest}`,
      headers: { authorization: `Bearer ${insider.token}` },
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ digest, type: 'member.profile', org: 'pa', envelope: restricted });

    const log = await t.app.inject({
      url: '/api/v1/access-log',
      headers: { authorization: `Bearer ${insider.token}` },
    });
    expect(log.json<{ records: { resource: string; member: string }[] }>().records).toContainEqual(
      expect.objectContaining({ resource: digest, member: 'admin' }),
    );
  });

  it('rejects a malformed digest', async () => {
    const response = await t.app.inject('/api/v1/statements/sha256:zz');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_request' });
  });
});

describe('the C2SP read API', () => {
  it('serves a checkpoint, tiles and entry bundles that reproduce the checkpoint root', async () => {
    const checkpoint = await t.app.inject('/log/checkpoint');
    expect(checkpoint.statusCode).toBe(200);
    expect(checkpoint.headers['content-type']).toMatch(/^text\/plain/);
    const size = t.treeSize();
    const bundle = await t.app.inject(`/log/tile/entries/000.p/${size}`);
    expect(bundle.statusCode).toBe(200);
    const entries = decodeEntryBundle(new Uint8Array(bundle.rawPayload), Number(size));
    const tile = await t.app.inject(`/log/tile/0/000.p/${size}`);
    expect(new Uint8Array(tile.rawPayload)).toEqual(
      Uint8Array.from(entries.flatMap((entry) => [...hashLeaf(entry)])),
    );
    expect(tile.headers['cache-control']).toContain('must-revalidate');
  });

  it('refuses tiles beyond the tree and malformed paths', async () => {
    for (const path of [
      '/log/tile/0/000',
      '/log/tile/0/001.p/3',
      '/log/tile/entries/000.p/250',
      '/log/tile/0/0',
      '/log/tile/64/000',
      '/log/tile/0/x000/000',
      '/log/tile/0/000.p/0',
    ]) {
      const response = await t.app.inject(path);
      expect(response.statusCode, path).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
  });
});

describe('the proof API', () => {
  it('serves inclusion and consistency proofs that verify', async () => {
    const size = t.treeSize();
    const root = (
      await openCheckpoint(
        (await t.app.inject('/log/checkpoint')).body,
        createNoteVerifier((await t.app.inject('/api/v1/mechanism')).json<{ log_vkey: string }>().log_vkey),
        { origin: ORIGIN },
      )
    ).checkpoint.rootHash;
    const entries = decodeEntryBundle(
      new Uint8Array((await t.app.inject(`/log/tile/entries/000.p/${size}`)).rawPayload),
      Number(size),
    );
    const inclusion = (await t.app.inject(`/api/v1/log/proof/inclusion?index=1&size=${size}`)).json<{
      proof: string[];
    }>();
    verifyInclusionProof(hashLeaf(entries[1]!), 1n, size, inclusion.proof.map(decodeBase64), root);
    const consistency = await t.app.inject(`/api/v1/log/proof/consistency?from=2&to=${size}`);
    expect(consistency.statusCode).toBe(200);
    const proof = consistency.json<{ proof: string[] }>().proof.map(decodeBase64);
    const rootAt2 = hashChildren(hashLeaf(entries[0]!), hashLeaf(entries[1]!));
    verifyConsistencyProof(2n, size, proof, rootAt2, root);
    expect(() => {
      verifyConsistencyProof(2n, size, proof, new Uint8Array(32), root);
    }).toThrow();
  });

  it.each([
    ['inclusion?index=5&size=5'],
    ['inclusion?index=0&size=999999'],
    ['inclusion?index=-1&size=2'],
    ['inclusion?index=01&size=2'],
    ['inclusion?size=2'],
    ['consistency?from=0&to=2'],
    ['consistency?from=3&to=2'],
    ['consistency?from=1&to=999999'],
    ['consistency?from=1&to=1e3'],
  ])('refuses %s with a 400 problem', async (query) => {
    const response = await t.app.inject(`/api/v1/log/proof/${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('authentication', () => {
  it('signs in with a signed challenge, and a challenge works only once', async () => {
    const session = await t.login('pb/admin');
    const me = await t.app.inject({
      url: '/api/v1/auth/session',
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(me.json()).toMatchObject({ org: 'pb', member: 'admin', roles: ['admin'] });
  });

  it('refuses a wrong signature, a replayed challenge and an unknown key alike', async () => {
    const keyId = 'a'.repeat(64);
    const challenge = (
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/challenge', payload: { key_id: keyId } })
    ).json<{ challenge: string }>().challenge;
    const login = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { key_id: keyId, challenge, signature: encodeBase64(new Uint8Array(64)) },
      });
    expect((await login()).json()).toMatchObject({ status: 401, code: 'challenge_failed' });
    expect((await login()).json()).toMatchObject({ status: 401, code: 'challenge_failed' });
  });

  it('requires the CSRF token for unsafe requests made with the session cookie', async () => {
    const session = await t.login('pa/admin');
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie },
    });
    expect(without.json()).toMatchObject({ status: 403, code: 'csrf_failed' });
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    expect(withToken.statusCode).toBe(204);
    const after = await t.app.inject({
      url: '/api/v1/auth/session',
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(after.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('expires sessions', async () => {
    const session = await t.login('pa/admin');
    t.now += 9 * 3600 * 1000;
    const after = await t.app.inject({
      url: '/api/v1/auth/session',
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(after.statusCode).toBe(401);
  });
});

describe('the service', () => {
  it('answers health and readiness, sets security headers and documents its API', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.json()).toMatchObject({ status: 'ready' });
    expect(ready.headers['content-security-policy']).toContain("default-src 'self'");
    expect(ready.headers['x-content-type-options']).toBe('nosniff');
    const spec = (await t.app.inject('/api/docs/json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/statements', '/api/v1/log/proof/inclusion', '/api/v1/auth/login']),
    );
    expect((await t.app.inject('/api/docs')).statusCode).toBeLessThan(400);
  });

  it('answers unknown routes with a not_found problem', async () => {
    const response = await t.app.inject('/nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found' });
  });
});
