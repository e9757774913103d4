import { decodeBase64, ed25519 } from '@jmm/core';
import { formatLoginMessage, memberKey } from '@jmm/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { hashToken, requirePrincipal, SESSION_COOKIE } from '../auth/auth-plugin.ts';
import { ServerError } from '../server-error.ts';
import { problemResponses } from './api-schemas.ts';

const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const keyIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a key id: 64 lowercase hex digits');

function randomToken(services: AppServices): string {
  return Buffer.from(services.randomBytes(32)).toString('base64url');
}

/**
 * Whether the request reached us over HTTPS: on a TLS socket, or — only when `trustProxy` is on — per the
 * last X-Forwarded-Proto the proxy appended (Fastify's `request.protocol`). The session cookie is then
 * `Secure`, so a browser never sends it over plain HTTP. Without trust proxy the header is ignored, since any
 * client could send it.
 */
function arrivedOverHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/**
 * Refuses a new challenge while `maxOutstandingChallenges` unexpired ones are stored (used or not): the
 * endpoint is anonymous, so without a cap a flood of challenges grows the table without bound. Expired ones
 * are deleted first, here as well as by the periodic purge.
 */
async function ensureRoomForChallenge(services: AppServices): Promise<void> {
  const cap = services.config.maxOutstandingChallenges;
  if ((await services.challenges.countChallenges(cap)) < cap) return;
  await services.challenges.deleteExpiredChallenges(new Date(services.clock()));
  if ((await services.challenges.countChallenges(cap)) < cap) return;
  // problem-details.ts answers 503 with Retry-After.
  throw new ServerError('too_many_challenges', 'too many sign-ins are in progress; retry later');
}

const sessionSchema = z.object({
  org: z.string(),
  member: z.string(),
  roles: z.array(z.string()),
  key_id: z.string(),
  expires_at: z.string().optional(),
});

/**
 * Sign-in by challenge–response with an enrolled key (DESIGN.md §7): the server issues a one-time challenge, the
 * member signs `formatLoginMessage(origin, challenge)` with the private key that never leaves their client, and
 * gets a session: an HttpOnly SameSite=Strict cookie plus a CSRF token for browsers, the same token as a bearer
 * credential for the CLI. Failed sign-ins all answer `challenge_failed`, saying nothing about which part failed.
 */
export const authRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  const now = () => new Date(services.clock());

  app.post(
    '/auth/challenge',
    {
      schema: {
        summary: 'Get a one-time sign-in challenge for an enrolled key',
        tags: ['auth'],
        body: z.strictObject({ key_id: keyIdSchema }),
        response: {
          200: z.object({ challenge: z.string(), expires_at: z.string(), sign: z.string() }),
          ...problemResponses(400, 429, 503),
        },
      },
    },
    async (request) => {
      await ensureRoomForChallenge(services);
      const challenge = randomToken(services);
      const expiresAt = new Date(services.clock() + CHALLENGE_TTL_MS);
      // Issued whether or not the key is enrolled, so the endpoint does not reveal which keys are.
      await services.challenges.createChallenge({
        nonce: challenge,
        keyId: request.body.key_id,
        createdAt: now(),
        expiresAt,
      });
      return {
        challenge,
        expires_at: expiresAt.toISOString(),
        sign: `jmm-login/v1\\n${services.engine.mechanismState.origin}\\n<challenge>\\n`,
      };
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        summary: 'Exchange a signed challenge for a session',
        tags: ['auth'],
        body: z.strictObject({
          key_id: keyIdSchema,
          challenge: z.string().min(16).max(128),
          signature: z.string().max(200),
        }),
        response: {
          200: sessionSchema.extend({ token: z.string(), csrf_token: z.string(), expires_at: z.string() }),
          ...problemResponses(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const { key_id: keyId, challenge, signature } = request.body;
      const failed = () =>
        new ServerError(
          'challenge_failed',
          'sign-in failed: request a new challenge and sign it with an enrolled key',
        );
      if (!(await services.challenges.consumeChallenge(challenge, keyId, now()))) throw failed();
      const state = services.engine.mechanismState;
      const key = state.keys.get(keyId);
      const member = key === undefined ? undefined : state.members.get(memberKey(key.org, key.member));
      if (key === undefined || key.revokedAt !== undefined || member?.active !== true) throw failed();
      let signatureBytes: Uint8Array;
      try {
        signatureBytes = decodeBase64(signature);
      } catch {
        throw failed();
      }
      const valid = await ed25519.verify(
        decodeBase64(key.publicKey),
        formatLoginMessage(state.origin, challenge),
        signatureBytes,
      );
      if (!valid) throw failed();

      const token = randomToken(services);
      const csrfToken = randomToken(services);
      const expiresAt = new Date(services.clock() + services.config.sessionTtlSeconds * 1000);
      await services.sessions.createSession({
        idHash: hashToken(token),
        csrfTokenHash: hashToken(csrfToken),
        org: key.org,
        member: key.member,
        keyId,
        createdAt: now(),
        expiresAt,
      });
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: arrivedOverHttps(request),
        path: '/',
        maxAge: services.config.sessionTtlSeconds,
      });
      return {
        token,
        csrf_token: csrfToken,
        expires_at: expiresAt.toISOString(),
        org: key.org,
        member: key.member,
        roles: [...member.roles],
        key_id: keyId,
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        summary: 'End the session',
        tags: ['auth'],
        response: { 204: z.null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request.principal);
      await services.sessions.deleteSession(principal.tokenHash);
      // The same attributes as when it was set: a browser only lets a secure origin overwrite a Secure cookie.
      void reply.clearCookie(SESSION_COOKIE, {
        httpOnly: true,
        sameSite: 'strict',
        secure: arrivedOverHttps(request),
        path: '/',
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        summary: 'Who the session belongs to',
        tags: ['auth'],
        response: { 200: sessionSchema, ...problemResponses(401) },
      },
    },
    (request) => {
      const principal = requirePrincipal(request.principal);
      return {
        org: principal.org,
        member: principal.member,
        roles: [...principal.roles],
        key_id: principal.keyId,
      };
    },
  );

  app.get(
    '/access-log',
    {
      schema: {
        summary:
          "Reads of restricted content by members of the caller's organisation, and reads of evidence it uploaded by others (org admins only)",
        tags: ['auth'],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({
            records: z.array(
              z.object({
                id: z.string(),
                time: z.string(),
                org: z
                  .string()
                  .nullable()
                  .describe("The reader's organisation: another one's when it read a file yours uploaded"),
                member: z.string().nullable(),
                action: z.string(),
                resource: z.string().nullable(),
              }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request.principal);
      if (!principal.roles.includes('admin'))
        throw new ServerError('forbidden', "only an organisation's admin reads its access log");
      const records = await services.accessLog.listAccessByOrg(principal.org, { limit: request.query.limit });
      return {
        records: records.map((record) => ({
          id: record.id,
          time: record.time.toISOString(),
          org: record.org ?? null,
          member: record.member ?? null,
          action: record.action,
          resource: record.targetDigest ?? record.resource ?? null,
        })),
      };
    },
  );
  return Promise.resolve();
};
