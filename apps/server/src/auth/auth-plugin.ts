import { encodeHex, equalBytes, encodeUtf8, sha256 } from '@jmm/core';
import { memberKey, type Role } from '@jmm/domain';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';

/** The member a request acts for, resolved from its session. */
export interface Principal {
  readonly org: string;
  readonly member: string;
  readonly keyId: string;
  readonly roles: readonly Role[];
  readonly via: 'cookie' | 'bearer';
  readonly tokenHash: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member, or undefined for the public. */
    principal: Principal | undefined;
    /** Why the credentials presented were refused; raised once the rate limiter has counted the request. */
    authFailure: ServerError | undefined;
  }
}

export const SESSION_COOKIE = 'jmm_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sessions are looked up by the SHA-256 of their token, so a database leak yields no usable token. */
export function hashToken(token: string): string {
  return encodeHex(sha256(encodeUtf8(token)));
}

function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header);
  if (match === null) throw new ServerError('unauthenticated', 'Authorization must be "Bearer <token>"');
  return match[1];
}

/**
 * Resolves the caller from a bearer token (CLI, scripts) or the session cookie (browser). Cookie-authenticated
 * unsafe requests must echo the session's CSRF token in X-CSRF-Token; SameSite=Strict is the first line,
 * this the second. A session ends when it expires or when its key or member is revoked.
 *
 * Refused credentials are answered in preParsing, not here: route-level onRequest hooks (the rate limiter) run
 * after this one, so a client sending invented tokens is counted against its address like any anonymous client
 * instead of being answered 401 without limit. preParsing still comes before any body is read.
 */
export const authPlugin = fp<{ services: AppServices }>(
  (app, { services }, done) => {
    app.decorateRequest('principal', undefined);
    app.decorateRequest('authFailure', undefined);
    app.addHook('preParsing', (request, _reply, payload, hookDone) => {
      hookDone(request.authFailure ?? null, payload);
    });
    app.addHook('onRequest', async (request) => {
      try {
        await resolvePrincipal(request);
      } catch (error) {
        if (!(error instanceof ServerError)) throw error;
        request.authFailure = error;
      }
    });
    async function resolvePrincipal(request: FastifyRequest): Promise<void> {
      const fromHeader = bearerToken(request.headers.authorization);
      const fromCookie = request.cookies[SESSION_COOKIE];
      const token = fromHeader ?? fromCookie;
      if (token === undefined) return;
      const tokenHash = hashToken(token);
      const session = await services.sessions.findSession(tokenHash, new Date(services.clock()));
      const state = services.engine.mechanismState;
      const key = session === undefined ? undefined : state.keys.get(session.keyId);
      const member =
        session === undefined ? undefined : state.members.get(memberKey(session.org, session.member));
      if (
        session === undefined ||
        key === undefined ||
        key.revokedAt !== undefined ||
        member?.active !== true
      ) {
        // An explicit bearer token that does not work is an error; a stale cookie is just being signed out.
        if (fromHeader !== undefined)
          throw new ServerError('unauthenticated', 'the session has expired or was revoked');
        return;
      }
      const via = fromHeader !== undefined ? 'bearer' : 'cookie';
      if (via === 'cookie' && !SAFE_METHODS.has(request.method)) {
        const presented = request.headers[CSRF_HEADER];
        const presentedHash = typeof presented === 'string' ? hashToken(presented) : '';
        if (!equalBytes(encodeUtf8(presentedHash), encodeUtf8(session.csrfTokenHash))) {
          throw new ServerError(
            'csrf_failed',
            'unsafe requests with a session cookie must send X-CSRF-Token',
          );
        }
      }
      request.principal = {
        org: session.org,
        member: session.member,
        keyId: session.keyId,
        roles: member.roles,
        via,
        tokenHash,
      };
    }
    done();
  },
  { name: 'jmm-auth', dependencies: ['jmm-error-handler'] },
);

/** The signed-in member, or a 401 problem. */
export function requirePrincipal(principal: Principal | undefined): Principal {
  if (principal === undefined)
    throw new ServerError('unauthenticated', 'sign in first: POST /api/v1/auth/challenge, then /login');
  return principal;
}
