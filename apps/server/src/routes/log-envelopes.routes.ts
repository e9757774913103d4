import { decodeUtf8 } from '@jmm/core';
import { LogError } from '@jmm/log';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { recordReads } from './record-reads.ts';
import { logIntegerQuerySchema, logIntegerSchema, problemResponses } from './api-schemas.ts';

/** Most envelopes per page: four entry bundles' worth, a few MiB at most. */
export const MAX_ENVELOPES_PER_PAGE = 1000;
const DEFAULT_ENVELOPES_PER_PAGE = 256;

const envelopeRowSchema = z.object({
  index: logIntegerSchema,
  digest: z.string(),
  log_time: z.string(),
  envelope: z
    .object({
      payload: z.string(),
      payloadType: z.string(),
      signatures: z.array(z.object({ keyid: z.string(), sig: z.string() })),
    })
    .describe('The stored DSSE envelope; its JCS form hashes to `digest`'),
});

/** The digest a log entry names (DESIGN.md §4); the entry was written by the sequencer, so it parses. */
function digestOfEntry(entry: Uint8Array): string {
  const { digest } = JSON.parse(decodeUtf8(entry)) as { digest?: unknown };
  if (typeof digest !== 'string') throw new LogError('storage_corrupt', 'a stored log entry names no digest');
  return digest;
}

/**
 * The envelopes of a range of the log, in index order, for auditors (`jmm verify`, issue 11) and audit bundles:
 * one request per entry bundle instead of one per statement. Only what the caller may read is listed — the same
 * rule as GET /statements/:digest (`filterReadable`: the audience, and a release withheld from the public until
 * a verifier approver concurs) — so the entries left out are exactly those the caller cannot fetch one by one
 * either, and every restricted envelope served is written to the access log.
 */
export const logEnvelopeRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  app.get(
    '/log/envelopes',
    {
      schema: {
        summary: 'The envelopes of log entries from index `from` that the caller may read, in index order',
        description:
          'At most `limit` (≤ 1000, default 256) entries are considered, from `from` up to the latest ' +
          "checkpoint's size; entries whose statement the caller may not read are left out.",
        tags: ['log'],
        querystring: z.object({
          from: logIntegerQuerySchema,
          limit: z
            .string()
            .regex(/^[1-9]\d{0,3}$/, 'a positive integer')
            .transform(Number)
            .refine((limit) => limit <= MAX_ENVELOPES_PER_PAGE, `at most ${MAX_ENVELOPES_PER_PAGE}`)
            .optional(),
        }),
        response: { 200: z.object({ envelopes: z.array(envelopeRowSchema) }), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { from } = request.query;
      const limit = BigInt(request.query.limit ?? DEFAULT_ENVELOPES_PER_PAGE);
      // Bounded by the checkpoint served, so a page never shows entries no signed checkpoint covers yet.
      const treeSize = services.engine.latestCheckpoint?.treeSize ?? 0n;
      const end = from + limit < treeSize ? from + limit : treeSize;
      if (from >= end) return { envelopes: [] };
      const digests = (await services.entries.readEntryBundle(from, Number(end - from))).map(digestOfEntry);
      const principal = request.principal;
      const readable = await services.workflow.filterReadable(digests, principal?.org);
      const stored = await services.entries.findStatements(digests.filter((digest) => readable.has(digest)));
      const rows = [...stored.values()].sort((a, b) => (a.index < b.index ? -1 : 1));
      await recordReads(services, principal, 'statement.read', rows, 'log/envelopes');
      return {
        envelopes: rows.map((row) => ({
          index: Number(row.index),
          digest: row.digest,
          log_time: row.logTime,
          envelope: JSON.parse(decodeUtf8(row.envelope)) as z.infer<typeof envelopeRowSchema>['envelope'],
        })),
      };
    },
  );
  return Promise.resolve();
};
