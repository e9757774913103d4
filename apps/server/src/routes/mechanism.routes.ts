import { settingsSchema } from '@jmm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { logIntegerSchema, problemResponses } from './api-schemas.ts';

const mechanismSchema = z.object({
  origin: z.string(),
  name: z.string(),
  log_vkey: z.string().describe("C2SP verifier key of the log's checkpoint key"),
  witnesses: z.array(z.object({ name: z.string(), vkey: z.string(), org: z.string() })),
  orgs: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
  settings: settingsSchema,
  tree_size: logIntegerSchema,
  synthetic: z.boolean().describe('true for a demonstration mechanism: all data is synthetic'),
});

/**
 * What anyone needs to check this mechanism: its origin, the log key, the witnesses, the organisations and
 * the rules. Members are not listed publicly (no personal names, DESIGN.md §1.7).
 */
export const mechanismRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  app.get(
    '/mechanism',
    {
      schema: {
        summary: 'The mechanism: origin, log key, witnesses, organisations, settings',
        tags: ['mechanism'],
        response: { 200: mechanismSchema, ...problemResponses(404) },
      },
    },
    () => {
      const state = services.engine.mechanismState;
      return {
        origin: state.origin,
        name: state.name ?? state.origin,
        log_vkey: services.logVerifierKey,
        witnesses: state.settings.witnesses.map(({ name, vkey, org }) => ({ name, vkey, org })),
        orgs: [...state.orgs.values()].map(({ id, name, kind }) => ({ id, name, kind })),
        settings: state.settings,
        tree_size: Number(services.engine.latestCheckpoint?.treeSize ?? 0n),
        synthetic: state.settings.synthetic,
      };
    },
  );
  return Promise.resolve();
};
