import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';
import { problemResponses } from './api-schemas.ts';

/**
 * Liveness (the process answers) and readiness (the sequencer can sequence and the database answers). While the
 * sequencer recovers from a commit whose outcome it could not confirm, or after it has failed, /readyz answers
 * 503 with Retry-After (problem code `not_ready`, extension `sequencer`), so a load balancer sends writes
 * elsewhere; the reason goes to the log, not to the client.
 */
export const healthRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        hide: true,
        response: {
          200: z.object({ status: z.literal('ready'), tree_size: z.number() }),
          ...problemResponses(503),
        },
      },
    },
    async () => {
      const { health } = services.engine;
      if (health.state !== 'ready') {
        throw new ServerError('not_ready', `the sequencer is ${health.state}: ${health.reason}`, {
          cause: health.cause,
          detail: { sequencer: health.state },
        });
      }
      await services.ping();
      return {
        status: 'ready' as const,
        tree_size: Number(services.engine.latestCheckpoint?.treeSize ?? 0n),
      };
    },
  );
  return Promise.resolve();
};
