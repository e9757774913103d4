import { encodeBase64 } from '@jmm/core';
import { MAX_CHECKPOINTS_PER_PAGE } from '@jmm/storage';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { base64Schema, logIntegerQuerySchema, logIntegerSchema, problemResponses } from './api-schemas.ts';
import { appendCosignatures, listWitnessOrgs, meetsWitnessPolicy } from '@jmm/mechanism';

const DEFAULT_LIMIT = 100;

const checkpointRowSchema = z.object({
  tree_size: logIntegerSchema,
  root_hash: base64Schema,
  note: z.string().describe('The signed checkpoint note with the cosignatures gathered for it appended'),
  log_time: z.string().describe('Log time of the batch the checkpoint closed (RFC 3339 UTC)'),
  witnessed_by: z.array(z.string()).describe('Organisations whose witnesses cosigned it'),
  final: z.boolean().describe("Whether its cosignatures meet the current settings' witness policy"),
});

/**
 * `GET /api/v1/log/checkpoints`: every checkpoint the log signed, ascending by tree size, each with the
 * cosignatures its witnesses gave (DESIGN.md §4). Auditors replay it to check every checkpoint signature and
 * cosignature and the consistency between them; audit bundles carry it as checkpoints.jsonl. Public, like the
 * checkpoints themselves.
 */
export const checkpointRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  app.get(
    '/log/checkpoints',
    {
      schema: {
        summary: 'The checkpoint history with cosignatures, ascending by tree size',
        tags: ['log'],
        querystring: z.object({
          from_size: logIntegerQuerySchema.optional(),
          limit: z.coerce.number().int().min(1).max(MAX_CHECKPOINTS_PER_PAGE).default(DEFAULT_LIMIT),
        }),
        response: { 200: z.object({ checkpoints: z.array(checkpointRowSchema) }), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { from_size: fromSize = 0n, limit } = request.query;
      const policy = services.engine.mechanismState.settings.witness_policy;
      const history = await services.cosignatures.readWitnessedHistory(fromSize, limit);
      return {
        checkpoints: history.map((checkpoint) => ({
          tree_size: Number(checkpoint.treeSize),
          root_hash: encodeBase64(checkpoint.rootHash),
          note: appendCosignatures(checkpoint.note, checkpoint.cosignatures),
          log_time: checkpoint.logTime,
          witnessed_by: listWitnessOrgs(checkpoint.cosignatures),
          final: meetsWitnessPolicy(checkpoint.cosignatures, policy),
        })),
      };
    },
  );
  return Promise.resolve();
};
