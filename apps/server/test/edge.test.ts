// The edge under attack (issue 7, reproduction 7): a real server on 127.0.0.1 for the socket tests, since
// inject() has no sockets, no timeouts and no connection reuse. Every loop is bounded in count and in time.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { computeKeyId, encodeBase64 } from '@jmm/core';
import { formatLoginMessage } from '@jmm/domain';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../src/app-services.ts';
import { buildApp } from '../src/build-app.ts';
import { MAX_JSON_BODY_DEPTH } from '../src/plugins/json-body-parser.ts';
import { purgeExpiredSignIns, signInPurgePlugin } from '../src/plugins/sign-in-purge.ts';
import { ORIGIN, signerFor, startTestMechanism, type TestMechanism } from './test-mechanism.ts';
import { parseServerConfig } from '@jmm/mechanism';

let t: TestMechanism;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  t = await startTestMechanism();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});
afterAll(async () => {
  await t.close();
});

/** Another app over the test mechanism's services, with edge settings given as server flags. */
async function edgeApp(flags: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = parseServerConfig(
    { data: t.dataDir, 'log-level': 'silent', 'rate-limit': '100000', ...flags },
    {},
  );
  const app = await buildApp({ ...t.mechanism.services, config });
  apps.push(app);
  return app;
}

async function listeningEdgeApp(flags: Record<string, string> = {}): Promise<{ port: number }> {
  const app = await edgeApp(flags);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening on a port');
  return { port: address.port };
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request on a connection of its own (no agent: nothing is shared with the attack). */
function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: false,
        timeout: 20_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * Probes `path` every 25 ms (at most `maxProbes` times) until stopped; resolves each probe's status and latency.
 * A probe that fails outright counts as status 0.
 */
function probe(port: number, path: string, maxProbes = 400) {
  const results: { status: number; ms: number }[] = [];
  const state = { stopped: false };
  const done = (async () => {
    while (!state.stopped && results.length < maxProbes) {
      const started = performance.now();
      const status = await send(port, { path }).then(
        (answer) => answer.status,
        () => 0,
      );
      results.push({ status, ms: performance.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    stop: async () => {
      state.stopped = true;
      await done;
      return results;
    },
  };
}

/** The issue asks for /healthz within 100 ms throughout; tests never assert wall time, so: all succeed, median under 100 ms. */
function expectHealthy(label: string, results: readonly { status: number; ms: number }[]): void {
  const sorted = results.map((result) => result.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.POSITIVE_INFINITY;
  console.log(
    `${label}: ${results.length} probes, median ${median.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
  );
  expect(results.length).toBeGreaterThan(0);
  expect(results.filter((result) => result.status !== 200)).toEqual([]);
  expect(median).toBeLessThan(100);
}

interface Attack {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** The body is `[` this many times, then as many `]`. */
  readonly nesting: number;
  readonly parallel: number;
  readonly rounds: number;
}

/** The attacker's side runs in a worker thread, so that the probes measure the server's event loop, not its. */
const ATTACKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, attack } = workerData;
const body = attack.nesting > 0 ? '['.repeat(attack.nesting) + ']'.repeat(attack.nesting) : undefined;
const once = () => new Promise((resolve) => {
  const request = http.request({ host: '127.0.0.1', port, method: attack.method, path: attack.path,
    headers: attack.headers, agent: false, timeout: 20000 }, (response) => {
    const chunks = [];
    response.on('data', (chunk) => chunks.push(chunk));
    response.on('end', () => resolve({ status: response.statusCode, headers: response.headers,
      body: Buffer.concat(chunks).toString('utf8').slice(0, 2000) }));
  });
  request.on('timeout', () => request.destroy());
  request.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
  request.end(body);
});
(async () => {
  const answers = [];
  for (let round = 0; round < attack.rounds; round++)
    answers.push(...(await Promise.all(Array.from({ length: attack.parallel }, once))));
  parentPort.postMessage(answers);
})();
`;

function attackFromWorker(port: number, attack: Attack): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ATTACKER_SOURCE, { eval: true, workerData: { port, attack } });
    worker.once('message', (answers: Answer[]) => {
      resolve(answers);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** Resolves when `socket` closes, or rejects after `ms`. */
function closed(socket: Socket, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      reject(new Error(`socket still open after ${ms} ms`));
    }, ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      resolve(socket);
    });
    socket.on('error', reject);
    // Flowing, so that the end of the stream (the server closing) is read and 'close' follows.
    socket.resume();
  });
}

async function loginVia(app: FastifyInstance, who: string, headers: Record<string, string> = {}) {
  const signer = await signerFor(who);
  const keyId = computeKeyId(signer.publicKey);
  const challenge = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/challenge',
    payload: { key_id: keyId },
    headers,
  });
  expect(challenge.statusCode).toBe(200);
  const nonce = challenge.json<{ challenge: string }>().challenge;
  const signature = encodeBase64(await signer.sign(formatLoginMessage(ORIGIN, nonce)));
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { key_id: keyId, challenge: nonce, signature },
    headers,
  });
  expect(login.statusCode).toBe(200);
  return { token: login.json<{ token: string }>().token, setCookie: String(login.headers['set-cookie']) };
}

describe('the edge', () => {
  describe('when hundreds of sockets send partial headers and stall', () => {
    it('closes each after the headers timeout and keeps answering /healthz', async () => {
      const { port } = await listeningEdgeApp({ 'headers-timeout': '1', 'request-timeout': '2' });
      const prober = probe(port, '/healthz');
      const sockets = await Promise.all(Array.from({ length: 300 }, () => openSocket(port)));
      for (const socket of sockets) {
        socket.on('error', () => undefined);
        socket.write('GET /log/checkpoint HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      }
      // Trickling keeps the connections busy, so only the headers timeout (not the idle one) can end them.
      await new Promise((resolve) => setTimeout(resolve, 400));
      for (const socket of sockets) if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
      await Promise.all(sockets.map((socket) => closed(socket, 10_000)));
      expectHealthy('slow sockets', await prober.stop());
    });
  });

  describe('when a 4 MiB body nests two million levels deep', () => {
    it('refuses it before parsing with nesting_too_deep, eight at once, and keeps answering /healthz', async () => {
      const { port } = await listeningEdgeApp();
      const prober = probe(port, '/healthz');
      const answers = await attackFromWorker(port, {
        method: 'POST',
        path: '/api/v1/statements',
        headers: { 'content-type': 'application/json' },
        nesting: 2 * 1024 * 1024 - 8,
        parallel: 8,
        rounds: 1,
      });
      expectHealthy('nested bodies', await prober.stop());
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({ code: 'nesting_too_deep', max_depth: 32 });
      }
    });

    it('still parses bodies nested up to the bound', async () => {
      const app = await edgeApp();
      const nested = '['.repeat(MAX_JSON_BODY_DEPTH - 2) + ']'.repeat(MAX_JSON_BODY_DEPTH - 2);
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/statements',
        headers: { 'content-type': 'application/json' },
        payload: `{"envelopes":[${nested}]}`,
      });
      // Parsed, then refused by the route's own checks: not the nesting bound.
      expect(response.json<{ code: string }>().code).not.toBe('nesting_too_deep');
    });
  });

  describe('when one address floods the API', () => {
    it('answers 429 and closes the connection, while /healthz and /readyz are never limited', async () => {
      const { port } = await listeningEdgeApp({ 'rate-limit': '40' });
      const health = probe(port, '/healthz', 120);
      const ready = probe(port, '/readyz', 120);
      const answers = await attackFromWorker(port, {
        method: 'GET',
        path: '/log/checkpoint',
        headers: {},
        nesting: 0,
        parallel: 20,
        rounds: 10,
      });
      const statuses = answers.map((answer) => answer.status);
      const limited = answers.find((answer) => answer.status === 429);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(160);
      expect(limited?.headers.connection).toBe('close');
      expect(JSON.parse(limited?.body ?? '{}')).toMatchObject({ code: 'rate_limited' });
      expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
      expectHealthy('flood /healthz', await health.stop());
      expectHealthy('flood /readyz', await ready.stop());
      // And after the flood, as many probes as the limit and more still answer.
      for (let i = 0; i < 50; i++) expect((await send(port, { path: '/readyz' })).status).toBe(200);
    });

    it('counts a signed-in member apart from its address and from other members', async () => {
      const app = await edgeApp({ 'rate-limit': '5' });
      const a = await loginVia(app, 'pa/admin');
      const b = await loginVia(app, 'pb/admin');
      const read = (token?: string) =>
        app.inject({
          method: 'GET',
          url: '/api/v1/auth/session',
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        });
      const statusesOfA: number[] = [];
      for (let i = 0; i < 8; i++) statusesOfA.push((await read(a.token)).statusCode);
      expect(statusesOfA.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statusesOfA.slice(5)).toEqual([429, 429, 429]);
      // Same address (inject's 127.0.0.1), other buckets: member B, and the anonymous public.
      expect((await read(b.token)).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/log/checkpoint' })).statusCode).toBe(200);
    });
  });

  describe('when credentials or signatures are used to dodge the limit', () => {
    it('counts invented bearer tokens against the address, so they meet 429 too', async () => {
      const app = await edgeApp({ 'rate-limit': '5' });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const response = await app.inject({
          method: 'GET',
          url: '/api/v1/auth/session',
          headers: { authorization: `Bearer invented-token-number-${i}-xxxxxxxx` },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    });

    it('limits submissions per signing member, from however many addresses', async () => {
      const app = await edgeApp({ 'rate-limit': '5' });
      const submitFrom = async (signer: string, address: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/statements',
          remoteAddress: address,
          payload: (await t.sign(
            t.statement('exchange.request', signer, {
              kind: 'notification',
              priority: 'routine',
              recipients: [signer.startsWith('pa') ? 'pb' : 'pa'],
              subject: 'Notice',
              text: `Notice ${address}`,
            }),
          )) as object,
        });
      const statuses: number[] = [];
      for (let i = 1; i <= 8; i++) statuses.push((await submitFrom('pa/admin', `10.0.0.${i}`)).statusCode);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
      // Another member, from a fresh address, has its own budget.
      expect((await submitFrom('pb/admin', '10.0.1.1')).statusCode).toBe(201);
    });
  });

  describe('when a request is refused before its body is read', () => {
    it('closes the connection instead of draining a body that never ends', async () => {
      const { port } = await listeningEdgeApp();
      const socket = await openSocket(port);
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => undefined);
      socket.write(
        'POST /api/v1/statements HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Authorization: Bearer not-a-session-token-at-all\r\nContent-Length: 4000000\r\n\r\n{"envelopes":[',
      );
      await closed(socket, 10_000);
      const answer = Buffer.concat(received).toString('utf8');
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(answer.toLowerCase()).toContain('connection: close');
    });
  });

  describe('sign-in challenges', () => {
    it('are refused with too_many_challenges at the cap, and issued again once expired ones are purged', async () => {
      await purgeExpiredSignIns({ ...t.mechanism.services, clock: () => t.now + 3_600_000 });
      const app = await edgeApp({ 'max-challenges': '5' });
      const keyId = computeKeyId((await signerFor('pa/admin')).publicKey);
      const ask = () =>
        app.inject({ method: 'POST', url: '/api/v1/auth/challenge', payload: { key_id: keyId } });
      for (let i = 0; i < 5; i++) expect((await ask()).statusCode).toBe(200);
      const refused = await ask();
      expect(refused.json<{ code: string }>().code).toBe('too_many_challenges');
      expect(refused.statusCode).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      t.now += 6 * 60 * 1000;
      expect((await ask()).statusCode).toBe(200);
      expect(await t.mechanism.services.challenges.countChallenges(100)).toBe(1);
    });
  });

  describe('expired sessions', () => {
    it('are purged, and a purged session no longer signs anyone in', async () => {
      const app = await edgeApp();
      const { token } = await loginVia(app, 'pa/admin');
      const session = () =>
        app.inject({
          method: 'GET',
          url: '/api/v1/auth/session',
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await session()).statusCode).toBe(200);
      expect((await purgeExpiredSignIns(t.mechanism.services)).sessions).toBe(0);
      t.now += t.mechanism.services.config.sessionTtlSeconds * 1000;
      expect((await purgeExpiredSignIns(t.mechanism.services)).sessions).toBeGreaterThanOrEqual(1);
      expect((await session()).statusCode).toBe(401);
    });

    it('are purged by a job that runs while the app is up and stops when it closes', async () => {
      let purges = 0;
      const services = {
        clock: () => t.now,
        challenges: {
          deleteExpiredChallenges: () => {
            purges++;
            return Promise.resolve(0);
          },
        },
        sessions: { deleteExpiredSessions: () => Promise.resolve(0) },
      } as unknown as AppServices;
      const app = Fastify();
      await app.register(signInPurgePlugin, { services, intervalMs: 10 });
      await app.ready();
      for (let i = 0; i < 200 && purges < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(purges).toBeGreaterThanOrEqual(3);
      await app.close();
      const atClose = purges;
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(purges).toBe(atClose);
    });
  });

  describe('the session cookie', () => {
    const secure = (setCookie: string) => /;\s*Secure/i.test(setCookie);

    it('is Secure when a trusted proxy says the request came over HTTPS', async () => {
      const app = await edgeApp({ 'trust-proxy': 'true' });
      expect(secure((await loginVia(app, 'pa/admin', { 'x-forwarded-proto': 'https' })).setCookie)).toBe(
        true,
      );
      expect(secure((await loginVia(app, 'pa/admin', { 'x-forwarded-proto': 'http' })).setCookie)).toBe(
        false,
      );
      expect(secure((await loginVia(app, 'pa/admin')).setCookie)).toBe(false);
    });

    it('is not Secure on the header alone when the proxy is not trusted', async () => {
      const app = await edgeApp({ 'trust-proxy': 'false' });
      expect(secure((await loginVia(app, 'pa/admin', { 'x-forwarded-proto': 'https' })).setCookie)).toBe(
        false,
      );
    });
  });
});
