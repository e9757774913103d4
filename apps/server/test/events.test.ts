import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/build-app.ts';
import { MAX_EVENT_STREAMS_PER_CALLER } from '../src/routes/events.routes.ts';
import { startTestMechanism, type TestMechanism } from './test-mechanism.ts';

// GET /api/v1/events over a real socket: EventSource-style streams that learn when the log grows, bounded per
// caller, ended when the server closes.

let t: TestMechanism;
let base: string;

interface OpenStream {
  readonly response: Response;
  /** Resolves the `checkpoint` events' data received so far once there are at least `count`. */
  checkpoints(count: number): Promise<{ tree_size: number; log_time: string | null }[]>;
  /** Resolves true when the server ends the stream. */
  ended(): Promise<boolean>;
  close(): Promise<void>;
}

async function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  const readMore = async () => {
    const chunk = await reader.read();
    if (chunk.done) done = true;
    else text += decoder.decode(chunk.value as Uint8Array, { stream: true });
  };
  const parse = () =>
    text
      .split('\n\n')
      .filter((block) => block.includes('event: checkpoint'))
      .map(
        (block) => JSON.parse(block.split('data: ')[1]!) as { tree_size: number; log_time: string | null },
      );
  return {
    response,
    async checkpoints(count) {
      while (parse().length < count && !done) await readMore();
      return parse();
    },
    async ended() {
      while (!done) await readMore();
      return true;
    },
    async close() {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

beforeAll(async () => {
  t = await startTestMechanism();
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/events', () => {
  it('sends the current tree size on connect, and a checkpoint event each time the log grows', async () => {
    const stream = await openStream(`${base}/api/v1/events`);
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(stream.response.headers.get('content-security-policy')).toContain("default-src 'self'");
      const [initial] = await stream.checkpoints(1);
      expect(initial).toEqual({
        tree_size: Number(t.treeSize()),
        log_time: t.mechanism.services.engine.latestCheckpoint!.logTime,
      });
      const enrolled = await t.app.inject({
        method: 'POST',
        url: '/api/v1/statements',
        payload: (await t.sign(
          t.statement('member.enroll', 'pa/admin', await t.enrolment('pa', 'reporter', ['reporter'])),
        )) as object,
      });
      expect(enrolled.statusCode).toBe(201);
      const events = await stream.checkpoints(2);
      expect(events[1]).toMatchObject({ tree_size: Number(t.treeSize()) });
      // Nothing but the public size and time: the event is the same for everyone.
      expect(Object.keys(events[1]!).sort()).toEqual(['log_time', 'tree_size']);
    } finally {
      await stream.close();
    }
  });

  it('accepts a browser signed in by its session cookie', async () => {
    const { cookie } = await t.login('pa/admin');
    const stream = await openStream(`${base}/api/v1/events`, { cookie });
    try {
      expect(stream.response.status).toBe(200);
      expect(await stream.checkpoints(1)).toHaveLength(1);
    } finally {
      await stream.close();
    }
  });

  it(`refuses a caller's stream past ${MAX_EVENT_STREAMS_PER_CALLER} with a 503 problem, and counts members apart`, async () => {
    const streams = await Promise.all(
      Array.from({ length: MAX_EVENT_STREAMS_PER_CALLER }, () => openStream(`${base}/api/v1/events`)),
    );
    try {
      const refused = await fetch(`${base}/api/v1/events`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ code: 'too_many_streams' });
      // A signed-in member is its own bucket, wherever it connects from.
      const { token } = await t.login('pb/admin');
      const member = await openStream(`${base}/api/v1/events`, { authorization: `Bearer ${token}` });
      expect(member.response.status).toBe(200);
      await member.close();
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
  });

  it('ends open streams when the server closes, so shutdown does not wait on them', async () => {
    const app: FastifyInstance = await buildApp(t.mechanism.services);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await openStream(`${url}/api/v1/events`);
    await stream.checkpoints(1);
    await app.close();
    expect(await stream.ended()).toBe(true);
  });
});
