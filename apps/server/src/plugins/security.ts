import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';

/** Probes of liveness and readiness must answer an orchestrator however hard the API is being hit. */
const UNLIMITED_ROUTES = new Set(['/healthz', '/readyz']);

/**
 * The bucket an anonymous client is counted in: its address, or for IPv6 its /64, since one host commonly holds
 * a whole /64 and could otherwise take a fresh address per request.
 */
export function addressBucket(ip: string): string {
  const address = ip.split('%')[0] ?? ip;
  if (!address.includes(':')) return address;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address.slice(7);
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? headGroups
      : [
          ...headGroups,
          ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'),
          ...tailGroups,
        ];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The rate-limit key: the signed-in member wherever it connects from (so a member's writes are bounded however
 * many addresses it uses, and members behind one NAT do not share a budget), else the client's address. The
 * limiter's hook is a route-level onRequest hook, and route-level hooks run after the application's, so the
 * auth plugin has resolved `request.principal` by then; no body has been read yet.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal;
  return principal === undefined
    ? `address:${addressBucket(request.ip)}`
    : `member:${principal.org}/${principal.member}`;
}

/** The key ids a submission's envelope(s) name, before any check: the body as the JSON parser left it. */
function listEnvelopeKeyIds(body: unknown): string[] {
  const envelopes =
    typeof body === 'object' && body !== null && 'envelopes' in body && Array.isArray(body.envelopes)
      ? (body.envelopes as unknown[])
      : [body];
  return envelopes.flatMap((envelope) => {
    if (typeof envelope !== 'object' || envelope === null || !('signatures' in envelope)) return [];
    const signatures = envelope.signatures;
    if (!Array.isArray(signatures)) return [];
    return signatures.flatMap((signature: unknown) =>
      typeof signature === 'object' &&
      signature !== null &&
      'keyid' in signature &&
      typeof signature.keyid === 'string'
        ? [signature.keyid]
        : [],
    );
  });
}

/**
 * The second rate-limit key of a submission: the member whose enrolled, unrevoked key signed it. Submissions
 * need no session (the signature authenticates them), so without this a member spreading its statements over
 * many addresses would have a budget per address. A key id the mechanism does not know counts against the
 * address instead, so inventing key ids gains nothing.
 */
export function createSignerRateLimitKey(services: AppServices): (request: FastifyRequest) => string {
  return (request) => {
    const keys = services.engine.mechanismState.keys;
    for (const keyId of listEnvelopeKeyIds(request.body).slice(0, 8)) {
      const key = keys.get(keyId);
      if (key !== undefined && key.revokedAt === undefined) return `signer:${key.org}/${key.member}`;
    }
    return `signer-address:${addressBucket(request.ip)}`;
  };
}

/**
 * Security headers with a strict CSP (DESIGN.md §7), a rate limit on every route but the health probes, cookie
 * parsing for sessions, and closing connections whose request body will not be read. The API docs page gets
 * its own, looser CSP in openapi.ts.
 */
export const securityPlugin = fp<{ services: AppServices }>(
  async (app, { services }) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
        },
      },
      crossOriginEmbedderPolicy: false,
      // Tiles and checkpoints are public data meant for auditors anywhere.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      referrerPolicy: { policy: 'no-referrer' },
    });
    await app.register(rateLimit, {
      global: true,
      max: services.config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: rateLimitKey,
      allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
      errorResponseBuilder: (_request, context) =>
        new ServerError('rate_limited', `rate limit of ${context.max} requests per minute exceeded`, {
          detail: { retry_after_seconds: Math.ceil(context.ttl / 1000) },
        }),
    });
    await app.register(cookie);

    // A request answered before its body was read (401, 403, 413, 415, 429 from hooks and parsers, …) would
    // otherwise keep its connection: Node reads and discards the rest of the body to reuse the socket, so a
    // slow or endless body holds it. `Connection: close` makes Node end and destroy the socket once the answer
    // is flushed. A flooder's 429 closes too, so that every further attempt costs it a new connection.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode === 429 || !request.raw.complete) void reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'jmm-security' },
);
