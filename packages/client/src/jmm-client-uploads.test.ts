import { decodeBase64, encodeHex, encodeUtf8, formatVerifierKey, sha256 } from '@jmm/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_ORIGIN } from '../test/fake-log.ts';
import { ClientError } from './client-error.ts';
import type { FetchFunction } from './http-transport.ts';
import type { Session } from './jmm-api.types.ts';
import { createJmmClient } from './jmm-client.ts';

const SESSION: Session = {
  token: 'sec-token',
  csrf_token: 'csrf',
  expires_at: '2026-06-01T18:00:00Z',
  org: 'sec',
  member: 'admin',
  roles: ['admin'],
  key_id: 'a'.repeat(64),
};

/** Never used to verify: an upload's answer carries no checkpoint. */
const LOG_VKEY = formatVerifierKey(TEST_ORIGIN, new Uint8Array(32).fill(7));

const PDF = encodeUtf8('%PDF-1.7\n% a report\n%%EOF\n');

interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | undefined;
}

let seen: SeenRequest[];
/** What the server answers to an upload; by default what it stored (the bytes' own digest). */
let answer: (request: SeenRequest) => Response;

const fetch: FetchFunction = (url, init) => {
  const request: SeenRequest = {
    method: init.method ?? 'GET',
    path: new URL(url).pathname,
    headers: { ...(init.headers as Record<string, string>) },
    body: init.body instanceof Uint8Array ? init.body : undefined,
  };
  seen.push(request);
  return Promise.resolve(answer(request));
};

const stored = (request: SeenRequest, status = 201) =>
  new Response(
    JSON.stringify({
      sha256: encodeHex(sha256(request.body ?? new Uint8Array())),
      bytes: request.body?.length ?? 0,
      media_type: request.headers['content-type'],
      url: `/api/v1/reports/documents/${encodeHex(sha256(request.body ?? new Uint8Array()))}`,
    }),
    { status },
  );

function signedInClient() {
  const client = createJmmClient({
    baseUrl: 'http://jmm.test',
    fetch,
    trust: { origin: TEST_ORIGIN, logVerifierKey: LOG_VKEY },
    clock: { sleep: () => Promise.resolve() },
  });
  client.restoreSession(SESSION);
  return client;
}

beforeEach(() => {
  seen = [];
  answer = (request) => stored(request);
});

describe('JmmClient.uploadReportDocument', () => {
  it('sends the raw bytes with their media type, the bearer token and an RFC 9530 Content-Digest', async () => {
    const uploaded = await signedInClient().uploadReportDocument(PDF, 'application/pdf');

    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/v1/reports/documents');
    expect(request?.body).toEqual(PDF);
    expect(request?.headers['content-type']).toBe('application/pdf');
    expect(request?.headers.authorization).toBe('Bearer sec-token');
    const digest = /^sha-256=:(.+):$/.exec(request?.headers['content-digest'] ?? '')?.[1];
    expect(decodeBase64(digest ?? '')).toEqual(sha256(PDF));
    expect(uploaded).toEqual({
      sha256: encodeHex(sha256(PDF)),
      bytes: PDF.length,
      media_type: 'application/pdf',
      url: `/api/v1/reports/documents/${encodeHex(sha256(PDF))}`,
    });
  });

  describe('when the server is briefly overloaded', () => {
    it('uploads again (the document is named by its bytes, so a repeat stores nothing new)', async () => {
      let calls = 0;
      answer = (request) => {
        calls += 1;
        return calls === 1
          ? new Response(JSON.stringify({ code: 'overloaded', detail: 'busy' }), {
              status: 503,
              headers: { 'retry-after': '1' },
            })
          : stored(request);
      };
      const uploaded = await signedInClient().uploadReportDocument(PDF, 'application/pdf');
      expect(seen).toHaveLength(2);
      expect(seen[1]?.body).toEqual(PDF);
      expect(uploaded.sha256).toBe(encodeHex(sha256(PDF)));
    });
  });

  describe('when the server says it stored other bytes', () => {
    it('refuses the answer with invalid_response', async () => {
      answer = (request) => stored({ ...request, body: encodeUtf8('other bytes') });
      const error = await signedInClient()
        .uploadReportDocument(PDF, 'application/pdf')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientError);
      expect((error as ClientError).code).toBe('invalid_response');
    });
  });

  describe('when the server refuses the upload', () => {
    it("surfaces the server's problem", async () => {
      answer = () =>
        new Response(JSON.stringify({ code: 'forbidden', detail: 'only members who may publish reports' }), {
          status: 403,
        });
      const error = await signedInClient()
        .uploadReportDocument(PDF, 'application/pdf')
        .catch((e: unknown) => e);
      expect((error as ClientError).code).toBe('problem');
      expect((error as ClientError).problem?.code).toBe('forbidden');
    });
  });

  describe('when not signed in', () => {
    it('throws not_signed_in and sends nothing', async () => {
      const client = createJmmClient({
        baseUrl: 'http://jmm.test',
        fetch,
        trust: { origin: TEST_ORIGIN, logVerifierKey: LOG_VKEY },
      });
      const error = await client.uploadReportDocument(PDF, 'text/html').catch((e: unknown) => e);
      expect((error as ClientError).code).toBe('not_signed_in');
      expect(seen).toEqual([]);
    });
  });

  describe('when the media type is not a report document type', () => {
    it('throws invalid_argument and sends nothing', async () => {
      const error = await signedInClient()
        .uploadReportDocument(PDF, 'image/png' as 'application/pdf')
        .catch((e: unknown) => e);
      expect((error as ClientError).code).toBe('invalid_argument');
      expect(seen).toEqual([]);
    });
  });
});
