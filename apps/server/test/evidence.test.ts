import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { TAXONOMY_VERSION, type Audience, type IncidentReportBody } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MechanismError } from '@jmm/mechanism';
import { publicKeyFor, START, startTestMechanism, type TestMechanism } from './test-mechanism.ts';
import { DEFAULT_MAX_BLOB_BYTES, openBlobStore } from '@jmm/mechanism';

let t: TestMechanism;
/** Bearer tokens: a Party A reporter, Party A's admin (reads its access log), Party B's admin, a verifier. */
let reporter: string;
let partyAAdmin: string;
let partyBAdmin: string;
/** A Party B reporter: issues reports that list evidence. */
let partyBReporter: string;
let verifier: string;

beforeAll(async () => {
  t = await startTestMechanism();
  await submit(
    await t.sign(
      t.statement('member.enroll', 'pa/admin', {
        member: 'reporter',
        display_name: 'Reporting officer',
        roles: ['reporter'],
        public_key: await publicKeyFor('pa/reporter'),
      }),
    ),
  );
  await submit(
    await t.sign(
      t.statement('member.enroll', 'pb/admin', {
        member: 'reporter',
        display_name: 'Reporting officer',
        roles: ['reporter'],
        public_key: await publicKeyFor('pb/reporter'),
      }),
    ),
  );
  reporter = (await t.login('pa/reporter')).token;
  partyBReporter = (await t.login('pb/reporter')).token;
  partyAAdmin = (await t.login('pa/admin')).token;
  partyBAdmin = (await t.login('pb/admin')).token;
  verifier = (await t.login('ver/admin')).token;
});
afterAll(async () => {
  await t.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Distinct bytes per test, so that tests do not depend on each other's uploads. */
function bytesOf(label: string, size = 1000): Buffer {
  const bytes = Buffer.alloc(size);
  const seed = createHash('sha256').update(label).digest();
  for (let i = 0; i < size; i++) bytes[i] = seed[i % seed.length]! ^ (i & 0xff);
  return bytes;
}

function post(envelope: unknown) {
  return t.app.inject({ method: 'POST', url: '/api/v1/statements', payload: envelope as object });
}

async function submit(envelope: unknown) {
  const response = await post(envelope);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ digest: string }>().digest;
}

function upload(
  payload: Buffer | Readable,
  options: { token?: string; type?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.type !== '') headers['content-type'] = options.type ?? 'image/jpeg';
  return t.app.inject({ method: 'POST', url: '/api/v1/evidence', payload, headers });
}

function download(sha256: string, token?: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/evidence/${sha256}`,
    headers: token === undefined ? {} : bearer(token),
  });
}

/** An incident.report by the Party A reporter (or `issuer`) that lists `files` as evidence, signed. */
async function signedReportListing(
  files: { sha256: string; size: number; media_type: string }[],
  audience: Audience,
  issuer = 'pa/reporter',
) {
  const body: IncidentReportBody = {
    kind: 'allegation',
    category: {
      taxonomy: TAXONOMY_VERSION,
      mechanism_type: 'cross_border_fire',
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
    },
    time: { start: '2026-05-31T10:00:00Z', end: '2026-05-31T11:00:00Z', precision: 'exact' },
    location: { lat: 34.1, lon: 71.1, precision_m: 1000 },
    alleged_responsible: {
      actor: 'forces across the border',
      party: issuer.startsWith('pb/') ? 'pa' : 'pb',
    },
    narrative: '[SYNTHETIC] shelling reported near the crossing',
    evidence: files.map((file) => ({ ...file, captured_at: new Date(START).toISOString() })),
  };
  return t.sign(t.statement('incident.report', issuer, body, { audience }));
}

/** Sequences signedReportListing, which must be accepted. */
async function reportListing(
  files: { sha256: string; size: number; media_type: string }[],
  audience: Audience,
  issuer = 'pa/reporter',
) {
  return submit(await signedReportListing(files, audience, issuer));
}

/** Every file under the data directory's blob tree, temp files included, as relative paths. */
async function listBlobFiles(): Promise<string[]> {
  const root = join(t.dataDir, 'blobs');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

function expectProblem(response: Awaited<ReturnType<typeof upload>>, status: number, code: string) {
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, code, type: `urn:jmm:problem:${code}` });
}

describe('POST /api/v1/evidence', () => {
  it('stores the bytes under their hash and answers 201, then 200 for the same bytes', async () => {
    const bytes = bytesOf('first upload');
    const sha256 = sha256Hex(bytes);
    const first = await upload(bytes, { token: reporter, type: 'image/png' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ sha256, size: bytes.length, media_type: 'image/png' });
    const stored = await readFile(join(t.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256));
    expect(stored.equals(bytes)).toBe(true);

    // Another member of the same organisation, another declared type: the organisation's first answer.
    const again = await upload(bytes, { token: partyAAdmin, type: 'application/pdf' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ sha256, size: bytes.length, media_type: 'image/png' });
  });

  it('answers another organisation uploading the same bytes as if they were new to it', async () => {
    const bytes = bytesOf('held by both parties');
    expect((await upload(bytes, { token: reporter })).statusCode).toBe(201);
    const other = await upload(bytes, { token: partyBAdmin, type: 'text/plain; charset=utf-8' });
    expect(other.statusCode).toBe(201);
    expect(other.json()).toEqual({ sha256: sha256Hex(bytes), size: bytes.length, media_type: 'text/plain' });
  });

  it('accepts a matching RFC 9530 Content-Digest', async () => {
    const bytes = bytesOf('with a digest');
    const digest = createHash('sha256').update(bytes).digest('base64');
    const response = await upload(bytes, {
      token: reporter,
      headers: { 'content-digest': `sha-512=:AAAA:, sha-256=:${digest}:` },
    });
    expect(response.statusCode, response.body).toBe(201);
  });

  describe('with bad input', () => {
    it('refuses bytes whose hash differs from the Content-Digest with 400 digest_mismatch, storing nothing', async () => {
      const before = await listBlobFiles();
      const claimed = createHash('sha256').update('other bytes').digest('base64');
      const response = await upload(bytesOf('mismatch'), {
        token: reporter,
        headers: { 'content-digest': `sha-256=:${claimed}:` },
      });
      expectProblem(response, 400, 'digest_mismatch');
      expect(await listBlobFiles()).toEqual(before);
    });

    it('refuses a malformed Content-Digest before reading the body', async () => {
      for (const header of ['sha-256=abc', 'sha-256=:AAAA:', 'sha-256=:!!:']) {
        const response = await upload(bytesOf('bad digest'), {
          token: reporter,
          headers: { 'content-digest': header },
        });
        expectProblem(response, 400, 'invalid_request');
      }
    });

    it('refuses a media type outside the allow-list with 415', async () => {
      const before = await listBlobFiles();
      for (const type of ['text/html', 'image/svg+xml', 'application/octet-stream', '']) {
        expectProblem(
          await upload(bytesOf('html'), { token: reporter, type }),
          415,
          'unsupported_media_type',
        );
      }
      expect(await listBlobFiles()).toEqual(before);
    });

    it('refuses an upload larger than the limit with 413 by its Content-Length, leaving no file', async () => {
      const before = await listBlobFiles();
      const response = await upload(Buffer.alloc(DEFAULT_MAX_BLOB_BYTES + 1, 7), { token: reporter });
      expectProblem(response, 413, 'payload_too_large');
      expect(response.headers.connection).toBe('close');
      expect(await listBlobFiles()).toEqual(before);
    });

    it('stops a streamed upload at the limit with 413, and deletes what it had written', async () => {
      const before = await listBlobFiles();
      const chunk = Buffer.alloc(1024 * 1024, 9);
      const chunks = Array.from({ length: DEFAULT_MAX_BLOB_BYTES / chunk.length + 1 }, () => chunk);
      const response = await upload(Readable.from(chunks), { token: reporter });
      expectProblem(response, 413, 'payload_too_large');
      expect(response.headers.connection).toBe('close');
      expect(await listBlobFiles()).toEqual(before);
    });

    it('answers 413 over a real connection while the client is still sending, then closes it', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const before = await listBlobFiles();
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/evidence',
          headers: { ...bearer(reporter), 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' },
        });
        request.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        // Once the server has answered and closed, further writes fail; only a missing answer is an error.
        request.on('error', (error) => {
          setTimeout(() => {
            reject(error);
          }, 1000);
        });
        const chunk = Buffer.alloc(1024 * 1024, 5);
        let sent = 0;
        const send = (): void => {
          while (sent < 2 * DEFAULT_MAX_BLOB_BYTES) {
            sent += chunk.length;
            if (!request.write(chunk)) {
              request.once('drain', send);
              return;
            }
          }
          request.end();
        };
        send();
      });
      expect(status).toBe(413);
      expect(await listBlobFiles()).toEqual(before);
    });

    it('accepts a streamed upload of exactly the limit', async () => {
      const chunk = Buffer.alloc(1024 * 1024, 11);
      const chunks = Array.from({ length: DEFAULT_MAX_BLOB_BYTES / chunk.length }, () => chunk);
      const response = await upload(Readable.from(chunks), { token: reporter, type: 'video/mp4' });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ size: DEFAULT_MAX_BLOB_BYTES });
    });

    it('refuses an empty file', async () => {
      expectProblem(await upload(Buffer.alloc(0), { token: reporter }), 400, 'invalid_request');
    });

    it('refuses the public with 401, before reading the body', async () => {
      const before = await listBlobFiles();
      const response = await upload(bytesOf('anonymous'));
      expectProblem(response, 401, 'unauthenticated');
      expect(response.headers.connection).toBe('close');
      expect(await listBlobFiles()).toEqual(before);
    });
  });
});

describe('GET /api/v1/evidence/:sha256', () => {
  it('serves evidence to the organisations that may read a statement listing it, and 404 to everyone else', async () => {
    const bytes = bytesOf('photo of the crater', 4096);
    const sha256 = sha256Hex(bytes);
    const uploaded = await upload(bytes, { token: reporter, type: 'image/jpeg' });
    expect(uploaded.statusCode).toBe(201);
    await reportListing([{ sha256, size: bytes.length, media_type: 'image/jpeg' }], {
      kind: 'orgs',
      orgs: ['pa'],
    });

    // Another member of the reporting organisation: the statement's audience, not the uploader, admits them.
    const shown = await download(sha256, partyAAdmin);
    expect(shown.statusCode, shown.body.slice(0, 500)).toBe(200);
    expect(shown.rawPayload.equals(bytes)).toBe(true);
    expect(shown.headers['content-type']).toBe('application/octet-stream');
    expect(shown.headers['content-disposition']).toBe(`attachment; filename="${sha256}.jpg"`);
    expect(shown.headers['x-content-type-options']).toBe('nosniff');
    expect(shown.headers['content-security-policy']).toBe('sandbox');
    expect(shown.headers['cache-control']).toBe('private, no-store');
    expect(shown.headers['content-length']).toBe(String(bytes.length));
    expect(shown.headers['repr-digest']).toBe(
      `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`,
    );

    for (const outsider of [partyBAdmin, verifier, undefined]) {
      const hidden = await download(sha256, outsider);
      expectProblem(hidden, 404, 'not_found');
      expect(hidden.body).not.toContain(bytes.subarray(0, 16).toString('latin1'));
    }
    // Exactly what a blob that does not exist gets.
    const missing = await download('0'.repeat(64), partyBAdmin);
    expectProblem(missing, 404, 'not_found');

    // Listed again, for the verifiers too: they read it through that statement, Party B still does not.
    await reportListing([{ sha256, size: bytes.length, media_type: 'image/jpeg' }], {
      kind: 'orgs',
      orgs: ['pa', 'ver'],
    });
    const forVerifier = await download(sha256, verifier);
    expect(forVerifier.statusCode).toBe(200);
    expect(forVerifier.rawPayload.equals(bytes)).toBe(true);
    expectProblem(await download(sha256, partyBAdmin), 404, 'not_found');
  });

  it('writes every read to the reader’s access log and to the uploading organisation’s', async () => {
    const bytes = bytesOf('logged read');
    const sha256 = sha256Hex(bytes);
    await upload(bytes, { token: reporter, type: 'application/pdf' });
    await reportListing([{ sha256, size: bytes.length, media_type: 'application/pdf' }], {
      kind: 'mechanism',
    });
    expect((await download(sha256, reporter)).statusCode).toBe(200);
    // Party B may read a mechanism-wide statement; its read is in Party B's log and, as Party A uploaded the
    // file, in Party A's too.
    expect((await download(sha256, partyBAdmin)).statusCode).toBe(200);

    const partyA = await readsOf(partyAAdmin, sha256);
    expect(partyA).toHaveLength(2);
    expect(partyA).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'evidence.read', org: 'pb', member: 'admin', resource: sha256 }),
        expect.objectContaining({ action: 'evidence.read', org: 'pa', member: 'reporter', resource: sha256 }),
      ]),
    );
    const partyB = await readsOf(partyBAdmin, sha256);
    expect(partyB).toEqual([
      expect.objectContaining({ action: 'evidence.read', org: 'pb', member: 'admin', resource: sha256 }),
    ]);
    // The verifiers uploaded nothing and read nothing: their log has none of it.
    expect(await readsOf(verifier, sha256)).toEqual([]);
  });

  it('lets the uploading organisation, and only it, read an upload no statement lists yet', async () => {
    const bytes = bytesOf('not yet listed');
    const sha256 = sha256Hex(bytes);
    await upload(bytes, { token: reporter, type: 'application/geo+json' });
    const own = await download(sha256, partyAAdmin);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-disposition']).toBe(`attachment; filename="${sha256}.geojson"`);
    expectProblem(await download(sha256, partyBAdmin), 404, 'not_found');

    // Party B uploading the same bytes gets its own upload back, under its own declared type.
    await upload(bytes, { token: partyBAdmin, type: 'application/json' });
    const theirs = await download(sha256, partyBAdmin);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers['content-disposition']).toBe(`attachment; filename="${sha256}.json"`);
    expect(theirs.rawPayload.equals(bytes)).toBe(true);
    expectProblem(await download(sha256, verifier), 404, 'not_found');
  });

  it('refuses a malformed hash with 400, and HEAD like any unknown route', async () => {
    expectProblem(
      await download(encodeURIComponent('../../etc/passwd'.padEnd(64, 'a')), reporter),
      400,
      'invalid_request',
    );
    expectProblem(await download('A'.repeat(64), reporter), 400, 'invalid_request');
    const head = await t.app.inject({
      method: 'HEAD',
      url: `/api/v1/evidence/${'a'.repeat(64)}`,
      headers: bearer(reporter),
    });
    expect(head.statusCode).toBe(404);
  });
});

/** `token`'s organisation's access-log records about `sha256`, newest first. */
async function readsOf(token: string, sha256: string) {
  const response = await t.app.inject({ url: '/api/v1/access-log', headers: bearer(token) });
  expect(response.statusCode, response.body).toBe(200);
  return response
    .json<{ records: { action: string; org: string | null; member: string; resource: string }[] }>()
    .records.filter((record) => record.resource === sha256);
}

describe('listing evidence in a statement', () => {
  it('refuses a file that a member of another organisation uploaded, when the lister knows only its hash', async () => {
    // Issue #7, reproduction 2: Party A files a photo in a statement only Party A reads; Party B learns the hash.
    const bytes = bytesOf('party A only photo');
    const sha256 = sha256Hex(bytes);
    const file = { sha256, size: bytes.length, media_type: 'image/jpeg' };
    await upload(bytes, { token: reporter });
    await reportListing([file], { kind: 'orgs', orgs: ['pa'] });

    const before = t.treeSize();
    const refused = await post(await signedReportListing([file], { kind: 'mechanism' }, 'pb/reporter'));
    expectProblem(refused, 422, 'evidence_not_available');
    expect(refused.json<{ detail: string }>().detail).not.toMatch(/\bpa\b/);
    expect(t.treeSize()).toBe(before);
    expectProblem(await download(sha256, partyBReporter), 404, 'not_found');
    expectProblem(await download(sha256, partyBAdmin), 404, 'not_found');
    // Party A's access log shows no read by Party B.
    expect((await readsOf(partyAAdmin, sha256)).filter((record) => record.org === 'pb')).toEqual([]);
  });

  it('refuses a file nobody uploaded', async () => {
    const sha256 = sha256Hex(bytesOf('never uploaded'));
    const listing = await signedReportListing([{ sha256, size: 1000, media_type: 'image/jpeg' }], {
      kind: 'mechanism',
    });
    expectProblem(await post(listing), 422, 'evidence_not_available');
    expectProblem(await download(sha256, partyAAdmin), 404, 'not_found');
  });

  it('lets a member cite a file that a statement its organisation may read lists, and then read it', async () => {
    const bytes = bytesOf('shared with the mechanism');
    const sha256 = sha256Hex(bytes);
    const file = { sha256, size: bytes.length, media_type: 'image/jpeg' };
    await upload(bytes, { token: reporter });
    await reportListing([file], { kind: 'mechanism' });

    // Party B never uploaded it, but reads the statement that lists it.
    await reportListing([file], { kind: 'orgs', orgs: ['pb'] }, 'pb/reporter');
    expect((await download(sha256, partyBReporter)).statusCode).toBe(200);
    // Party A's admin sees that read in Party A's log.
    expect(await readsOf(partyAAdmin, sha256)).toEqual([
      expect.objectContaining({ org: 'pb', member: 'reporter', action: 'evidence.read' }),
    ]);
  });

  it('lets a member cite a file another member of its own organisation uploaded', async () => {
    const bytes = bytesOf('uploaded by the Party B admin');
    const sha256 = sha256Hex(bytes);
    expect((await upload(bytes, { token: partyBAdmin })).statusCode).toBe(201);
    await reportListing(
      [{ sha256, size: bytes.length, media_type: 'image/jpeg' }],
      { kind: 'orgs', orgs: ['pb'] },
      'pb/reporter',
    );
  });
});

describe('the evidence quota', () => {
  let q: TestMechanism;
  let member: string;
  let other: string;

  beforeAll(async () => {
    q = await startTestMechanism({ evidenceQuotaBytes: 2500 });
    member = (await q.login('pa/admin')).token;
    other = (await q.login('pb/admin')).token;
  });
  afterAll(async () => {
    await q.close();
  });

  const uploadTo = (bytes: Buffer, token: string, headers: Record<string, string> = {}) =>
    q.app.inject({
      method: 'POST',
      url: '/api/v1/evidence',
      payload: bytes,
      headers: { ...bearer(token), 'content-type': 'image/jpeg', ...headers },
    });
  const digestOf = (bytes: Buffer) => ({
    'content-digest': `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`,
  });
  const storedFiles = async () =>
    (await readdir(join(q.dataDir, 'blobs'), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();

  it('refuses an upload that would pass the organisation’s quota before storing it; repeats are free', async () => {
    const first = bytesOf('quota 1');
    expect((await uploadTo(first, member)).statusCode).toBe(201);
    expect((await uploadTo(bytesOf('quota 2'), member)).statusCode).toBe(201);
    const stored = await storedFiles();

    // Hashed, then refused before it is put in place.
    const over = await uploadTo(bytesOf('quota 3'), member);
    expectProblem(over, 413, 'evidence_quota_exceeded');
    expect(over.json()).toMatchObject({ quota_bytes: 2500, used_bytes: 2000 });
    expect(await storedFiles()).toEqual(stored);
    // Named by its Content-Digest: refused by its Content-Length, before the body is read.
    const declared = await uploadTo(bytesOf('quota 4'), member, digestOf(bytesOf('quota 4')));
    expectProblem(declared, 413, 'evidence_quota_exceeded');
    expect(declared.headers.connection).toBe('close');
    expect(await storedFiles()).toEqual(stored);

    // Bytes the organisation already uploaded cost nothing, with or without a Content-Digest.
    expect((await uploadTo(first, member)).statusCode).toBe(200);
    expect((await uploadTo(first, member, digestOf(first))).statusCode).toBe(200);
    // The quota is per organisation: Party B uploads the same bytes and new ones.
    expect((await uploadTo(first, other)).statusCode).toBe(201);
    expect((await uploadTo(bytesOf('quota 3'), other)).statusCode).toBe(201);
    // Exactly up to the quota is allowed.
    expect((await uploadTo(bytesOf('quota 5', 500), member)).statusCode).toBe(201);
    expectProblem(await uploadTo(bytesOf('quota 6', 1), member), 413, 'evidence_quota_exceeded');
  });
});

describe('the OpenAPI document', () => {
  it('describes both evidence routes', async () => {
    const spec = (await t.app.inject('/api/docs/json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/evidence', '/api/v1/evidence/{sha256}']),
    );
  });
});

describe('openBlobStore', () => {
  const store = async (dataDir: string, now: number) =>
    openBlobStore({
      dataDir,
      clock: () => now,
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
      maxBytes: 64,
    });

  it('removes temp files of uploads that died, and keeps those of uploads in progress', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jmm-blob-store-'));
    try {
      const tempDir = join(dataDir, 'blobs', 'tmp');
      await mkdir(tempDir, { recursive: true });
      const now = Date.now();
      await writeFile(join(tempDir, 'dead.part'), 'partial');
      await utimes(join(tempDir, 'dead.part'), (now - 2 * 3600_000) / 1000, (now - 2 * 3600_000) / 1000);
      await writeFile(join(tempDir, 'live.part'), 'partial');
      await store(dataDir, now);
      expect(await readdir(tempDir)).toEqual(['live.part']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('leaves nothing behind when the client goes away mid-upload', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jmm-blob-store-'));
    try {
      const blobs = await store(dataDir, Date.now());
      async function* dropped() {
        yield Buffer.from('first half');
        await Promise.resolve();
        throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
      }
      await expect(blobs.writeBlob(dropped())).rejects.toThrow('aborted');
      const oversized = await blobs
        .writeBlob(Readable.from([Buffer.alloc(40), Buffer.alloc(40)]))
        .catch((error: unknown) => error);
      expect(oversized).toBeInstanceOf(MechanismError);
      expect(oversized).toMatchObject({ code: 'payload_too_large' });
      const files = await readdir(join(dataDir, 'blobs'), { recursive: true, withFileTypes: true });
      expect(files.filter((entry) => entry.isFile())).toEqual([]);

      const written = await blobs.writeBlob(Readable.from([Buffer.from('exactly the bytes')]));
      expect(written).toEqual({ sha256: sha256Hex(Buffer.from('exactly the bytes')), size: 17 });
      const opened = await blobs.openBlob(written.sha256);
      expect(opened?.size).toBe(17);
      opened?.stream.destroy();
      expect(await blobs.openBlob('f'.repeat(64))).toBeUndefined();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
