import { decodeUtf8, encodeBase64 } from '@jmm/core';
import { LogError, type SubmitResult } from '@jmm/log';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { createSignerRateLimitKey } from '../plugins/security.ts';
import { mapErrorToProblem } from '../problem-details.ts';
import { ServerError } from '../server-error.ts';
import { FORWARDED_HEADER, forwardSubmission } from '../sequencing/forward-submission.ts';
import { recordReads } from './record-reads.ts';
import {
  base64Schema,
  digestParamSchema,
  logIntegerSchema,
  problemResponses,
  problemSchema,
} from './api-schemas.ts';

/** Envelopes per batch submission, and the body bound that allows a full batch of maximal statements. */
export const MAX_BATCH_ENVELOPES = 32;
const SUBMISSION_BODY_LIMIT = 4 * 1024 * 1024;

const envelopeSchema = z
  .object({
    payload: z.string(),
    payloadType: z.string(),
    signatures: z.array(z.object({ keyid: z.string(), sig: z.string() })),
  })
  .describe(
    'A DSSE envelope (payloadType application/vnd.jmm.statement.v1+json), checked strictly by the sequencer',
  );

const sequencedSchema = z.object({
  digest: z.string(),
  index: logIntegerSchema,
  log_time: z.string(),
  entry: base64Schema.describe('Leaf data: the JCS log entry'),
  inclusion_proof: z.array(base64Schema),
  tree_size: logIntegerSchema,
  checkpoint: z.string().describe('Signed checkpoint note the proof is relative to'),
  duplicate: z.boolean().describe('true when the statement was already in the log'),
});

function toSequenced(result: SubmitResult): z.infer<typeof sequencedSchema> {
  return {
    digest: result.digest,
    index: Number(result.index),
    log_time: result.logTime,
    entry: encodeBase64(result.entry),
    inclusion_proof: result.inclusionProof.map(encodeBase64),
    tree_size: Number(result.treeSize),
    checkpoint: result.checkpoint,
    duplicate: result.duplicate,
  };
}

/**
 * Submission and retrieval of statements (DESIGN.md §4). A submission is answered only after the statement is
 * durably in the log; its signature is its authentication, so no session is needed to submit (rate limits
 * apply). Reads check the audience: a statement the caller may not read is "not found", so digests of
 * restricted statements reveal nothing, and every read of a restricted statement is written to the access log.
 */
export const statementRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  const limitPerSigner = app.createRateLimit({ keyGenerator: createSignerRateLimitKey(services) });
  app.post(
    '/statements',
    {
      bodyLimit: SUBMISSION_BODY_LIMIT,
      // On top of the per-session or per-address limit every route has (before the body is read), a limit per
      // signing member once the body is parsed: see createSignerRateLimitKey.
      preHandler: async (request, reply) => {
        const limit = await limitPerSigner(request);
        // `isAllowed` means only "on the allow list"; the count decides through `isExceeded`.
        if (limit.isAllowed || !limit.isExceeded) return;
        void reply.header('retry-after', String(limit.ttlInSeconds));
        throw new ServerError(
          'rate_limited',
          `rate limit of ${limit.max} submissions per minute per signing member exceeded`,
          { detail: { retry_after_seconds: limit.ttlInSeconds } },
        );
      },
      schema: {
        summary: 'Submit one signed statement, or a batch',
        tags: ['statements'],
        body: z.union([
          envelopeSchema,
          z.object({ envelopes: z.array(z.unknown()).min(1).max(MAX_BATCH_ENVELOPES) }),
        ]),
        response: {
          200: z.union([
            sequencedSchema,
            z.object({ results: z.array(z.union([sequencedSchema, z.object({ error: problemSchema })])) }),
          ]),
          201: sequencedSchema,
          ...problemResponses(400, 403, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      // Several processes may serve one PostgreSQL log; the one that sequences gets the submission (issue 9).
      const { election } = services;
      if (!services.engine.isSequencer && election !== undefined) {
        if (request.headers[FORWARDED_HEADER] !== undefined)
          throw new LogError('not_sequencer', 'this process no longer sequences the log', {
            retryAfterSeconds: 1,
          });
        const answer = await forwardSubmission(election, body);
        // Relayed as the sequencer answered it (already serialised, any status): past the route's schemas.
        const relay = reply as unknown as FastifyReply;
        void relay.status(answer.status).header('content-type', answer.contentType);
        if (answer.retryAfter !== undefined) void relay.header('retry-after', answer.retryAfter);
        return relay.send(answer.body);
      }
      if ('envelopes' in body) {
        const settled = await Promise.allSettled(
          body.envelopes.map((envelope) => services.engine.submit(envelope)),
        );
        const results = settled.map((outcome) =>
          outcome.status === 'fulfilled'
            ? toSequenced(outcome.value)
            : { error: mapErrorToProblem(outcome.reason).problem },
        );
        return reply.status(200).send({ results });
      }
      const result = await services.engine.submit(body);
      return reply.status(result.duplicate ? 200 : 201).send(toSequenced(result));
    },
  );

  app.get(
    '/statements/:digest',
    {
      schema: {
        summary: 'A statement with its log entry and inclusion proof, if the caller may read it',
        tags: ['statements'],
        params: z.object({ digest: digestParamSchema }),
        response: {
          200: sequencedSchema
            .omit({ duplicate: true })
            .extend({ envelope: envelopeSchema, type: z.string(), org: z.string() }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request) => {
      const stored = await services.entries.findStatement(request.params.digest);
      const principal = request.principal;
      // The same rule as every other read: the audience, and a release withheld from the public until a
      // verifier approver concurs (DESIGN.md §3).
      const readable =
        stored !== undefined &&
        (await services.workflow.filterReadable([stored.digest], principal?.org)).has(stored.digest);
      if (!readable) {
        throw new ServerError('not_found', `no statement ${request.params.digest} that you may read`);
      }
      await recordReads(services, principal, 'statement.read', [stored]);
      // A process that does not sequence may not have followed the log up to this entry yet (issue 9).
      if (stored.index >= (services.engine.latestCheckpoint?.treeSize ?? 0n))
        await services.engine.followStorage();
      const checkpoint = services.engine.latestCheckpoint;
      if (checkpoint === undefined || stored.index >= checkpoint.treeSize)
        throw new LogError('not_ready', 'this process has not caught up with the log yet', {
          retryAfterSeconds: 1,
        });
      const proof = await services.engine.proveInclusion(stored.index, checkpoint.treeSize);
      return {
        digest: stored.digest,
        index: Number(stored.index),
        log_time: stored.logTime,
        entry: encodeBase64(stored.entry),
        inclusion_proof: proof.map(encodeBase64),
        tree_size: Number(checkpoint.treeSize),
        checkpoint: checkpoint.note,
        envelope: JSON.parse(decodeUtf8(stored.envelope)) as z.infer<typeof envelopeSchema>,
        type: stored.type,
        org: stored.org,
      };
    },
  );
  return Promise.resolve();
};
