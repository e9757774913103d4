import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { problemResponses } from './api-schemas.ts';

/** Liveness (the process answers) and readiness (the database answers and the sequencer can write). */
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
      await services.ping();
      return {
        status: 'ready' as const,
        tree_size: Number(services.engine.latestCheckpoint?.treeSize ?? 0n),
      };
    },
  );
  return Promise.resolve();
};
