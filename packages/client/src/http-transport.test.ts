import { describe, expect, it } from 'vitest';
import { ClientError } from './client-error.ts';
import { createHttpTransport, type FetchFunction } from './http-transport.ts';

/** A fetch that answers from a script, one step per call, and records what it was asked. */
function scriptedFetch(steps: readonly (() => Response)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchFunction = (url, init) => {
    calls.push({ url, init });
    const step = steps[calls.length - 1];
    if (step === undefined) throw new Error('unexpected request');
    return Promise.resolve().then(step);
  };
  return { fetch, calls };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): () => Response {
  return () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json', ...headers },
    });
}

function problem(status: number, code: string, detail: string, headers: Record<string, string> = {}) {
  return json(status, { type: `urn:jmm:problem:${code}`, title: 'x', status, code, detail }, headers);
}

function networkFailure(): () => Response {
  return () => {
    throw new TypeError('fetch failed');
  };
}

function transportWith(steps: readonly (() => Response)[]) {
  const { fetch, calls } = scriptedFetch(steps);
  const sleeps: number[] = [];
  const transport = createHttpTransport({
    baseUrl: 'http://jmm.test',
    fetch,
    clock: {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    },
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 },
  });
  return { transport, calls, sleeps };
}

const submission = { method: 'POST', path: '/api/v1/statements', body: { a: 1 }, retry: true } as const;

describe('createHttpTransport', () => {
  describe('when the server answers 503 with Retry-After', () => {
    it('waits as long as the server asked, then tries again', async () => {
      const { transport, calls, sleeps } = transportWith([
        problem(503, 'overloaded', 'busy', { 'retry-after': '2' }),
        json(201, { ok: true }),
      ]);
      await expect(transport.request(submission)).resolves.toEqual({ status: 201, body: { ok: true } });
      expect(calls).toHaveLength(2);
      expect(sleeps).toEqual([2000]);
    });
  });

  describe('when the server answers 429 without Retry-After', () => {
    it('backs off exponentially', async () => {
      const { transport, sleeps } = transportWith([
        problem(429, 'rate_limited', 'slow down'),
        problem(429, 'rate_limited', 'slow down'),
        problem(429, 'rate_limited', 'slow down'),
        json(200, { ok: true }),
      ]);
      await transport.request(submission);
      expect(sleeps).toEqual([100, 200, 400]);
    });
  });

  describe('when the network fails', () => {
    it('retries, and succeeds once the server answers', async () => {
      const { transport, calls } = transportWith([networkFailure(), networkFailure(), json(200, { ok: 1 })]);
      await expect(transport.request(submission)).resolves.toMatchObject({ status: 200 });
      expect(calls).toHaveLength(3);
    });

    it('gives up after maxAttempts with network_error', async () => {
      const { transport, calls } = transportWith(Array.from({ length: 4 }, networkFailure));
      await expect(transport.request(submission)).rejects.toMatchObject({ code: 'network_error' });
      expect(calls).toHaveLength(4);
    });
  });

  describe('when the server refuses with 400', () => {
    it('does not retry and surfaces the problem document', async () => {
      const { transport, calls, sleeps } = transportWith([
        problem(400, 'invalid_statement', 'body.narrative is empty'),
      ]);
      const error = await transport.request(submission).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({
        code: 'problem',
        problem: { status: 400, code: 'invalid_statement', detail: 'body.narrative is empty' },
      });
      expect(calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });
  });

  describe('when retries are exhausted on 503', () => {
    it("throws the last answer's problem", async () => {
      const { transport, calls } = transportWith(
        Array.from({ length: 4 }, () => problem(503, 'overloaded', 'busy', { 'retry-after': '1' })),
      );
      await expect(transport.request(submission)).rejects.toMatchObject({
        code: 'problem',
        problem: { status: 503, code: 'overloaded' },
      });
      expect(calls).toHaveLength(4);
    });
  });

  describe('when a request is not safe to repeat', () => {
    it('is tried once even on 503', async () => {
      const { transport, calls } = transportWith([problem(503, 'too_many_challenges', 'later')]);
      await expect(transport.request({ ...submission, retry: false })).rejects.toMatchObject({
        code: 'problem',
      });
      expect(calls).toHaveLength(1);
    });
  });

  describe('when a refusal is not problem+json', () => {
    it('still throws a ClientError problem with an http_ code', async () => {
      const { transport } = transportWith([
        () => new Response('', { status: 502 }),
        () => new Response('', { status: 404 }),
      ]);
      await expect(transport.request(submission)).rejects.toMatchObject({
        code: 'problem',
        problem: { status: 404, code: 'http_404' },
      });
    });
  });

  describe('when a success is not JSON', () => {
    it('throws invalid_response', async () => {
      const { transport } = transportWith([() => new Response('<html>', { status: 200 })]);
      await expect(transport.request(submission)).rejects.toMatchObject({ code: 'invalid_response' });
    });
  });

  it('sends the bearer token, the JSON body and the query', async () => {
    const { transport, calls } = transportWith([json(200, {})]);
    await transport.request({
      method: 'GET',
      path: '/api/v1/incidents',
      query: { status: 'reported,responded', limit: 10, cursor: undefined },
      token: 'tok',
      retry: true,
    });
    expect(calls[0]?.url).toBe('http://jmm.test/api/v1/incidents?status=reported%2Cresponded&limit=10');
    expect(calls[0]?.init.headers).toMatchObject({ authorization: 'Bearer tok' });
  });
});
