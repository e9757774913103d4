import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';

/**
 * Security headers with a strict CSP (DESIGN.md §7), a rate limit on every route, and cookie parsing for
 * sessions. The API docs page gets its own, looser CSP in openapi.ts.
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
      errorResponseBuilder: (_request, context) =>
        new ServerError('rate_limited', `rate limit of ${context.max} requests per minute exceeded`, {
          detail: { retry_after_seconds: Math.ceil(context.ttl / 1000) },
        }),
    });
    await app.register(cookie);
  },
  { name: 'jmm-security' },
);
