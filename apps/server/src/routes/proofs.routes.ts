import { encodeBase64 } from '@jmm/core';
import { LogError } from '@jmm/log';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { base64Schema, logIntegerQuerySchema, logIntegerSchema, problemResponses } from './api-schemas.ts';

/**
 * Proofs as JSON (DESIGN.md §4) for clients that do not read tiles themselves. Sizes are bounded by the latest
 * checkpoint, so a proof always relates to a tree some signed checkpoint committed to.
 */
export const proofRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  const latestSize = () => services.engine.latestCheckpoint?.treeSize ?? 0n;

  app.get(
    '/log/proof/inclusion',
    {
      schema: {
        summary: 'Inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3)',
        tags: ['log'],
        querystring: z.object({ index: logIntegerQuerySchema, size: logIntegerQuerySchema }),
        response: {
          200: z.object({ index: logIntegerSchema, size: logIntegerSchema, proof: z.array(base64Schema) }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const { index, size } = request.query;
      if (size > latestSize() || index >= size) {
        throw new LogError(
          'out_of_range',
          `need index < size ≤ ${latestSize()} (the latest checkpoint's size)`,
        );
      }
      const proof = await services.engine.proveInclusion(index, size);
      return { index: Number(index), size: Number(size), proof: proof.map(encodeBase64) };
    },
  );

  app.get(
    '/log/proof/consistency',
    {
      schema: {
        summary:
          'Consistency proof from the tree of `from` leaves to the tree of `to` leaves (RFC 9162 §2.1.4)',
        tags: ['log'],
        querystring: z.object({ from: logIntegerQuerySchema, to: logIntegerQuerySchema }),
        response: {
          200: z.object({ from: logIntegerSchema, to: logIntegerSchema, proof: z.array(base64Schema) }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from < 1n || from > to || to > latestSize()) {
        throw new LogError(
          'out_of_range',
          `need 1 ≤ from ≤ to ≤ ${latestSize()} (the latest checkpoint's size)`,
        );
      }
      const proof = await services.engine.proveConsistency(from, to);
      return { from: Number(from), to: Number(to), proof: proof.map(encodeBase64) };
    },
  );
  return Promise.resolve();
};
