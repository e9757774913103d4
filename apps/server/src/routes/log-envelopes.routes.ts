import { decodeUtf8 } from '@jmm/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { recordReads } from './record-reads.ts';
import { logIntegerQuerySchema, logIntegerSchema, problemResponses } from './api-schemas.ts';

/** Most envelopes per page: four entry bundles' worth, a few MiB at most. */
export const MAX_ENVELOPES_PER_PAGE = 1000;
const DEFAULT_ENVELOPES_PER_PAGE = 256;

const storedEnvelopeSchema = z.object({
  payload: z.string(),
  payloadType: z.string(),
  signatures: z.array(z.object({ keyid: z.string(), sig: z.string() })),
});

const envelopeRowSchema = z.object({
  index: logIntegerSchema,
  digest: z.string(),
  log_time: z.string(),
  envelope: storedEnvelopeSchema.describe('The stored DSSE envelope; its JCS form hashes to `digest`'),
});

type StoredEnvelope = z.infer<typeof storedEnvelopeSchema>;

/** The digest a log entry names (DESIGN.md §4), or undefined if the stored entry is not one (a corrupt row). */
function digestOfEntry(entry: Uint8Array): string | undefined {
  try {
    const { digest } = JSON.parse(decodeUtf8(entry)) as { digest?: unknown };
    return typeof digest === 'string' ? digest : undefined;
  } catch {
    return undefined;
  }
}

/** A stored envelope as JSON of the DSSE shape, or undefined if the stored bytes are not one (a corrupt row). */
function decodeStoredEnvelope(bytes: Uint8Array): StoredEnvelope | undefined {
  try {
    const value: unknown = JSON.parse(decodeUtf8(bytes));
    // Checked, not rebuilt: the envelope is served as stored (the response schema decides what is sent).
    return storedEnvelopeSchema.safeParse(value).success ? (value as StoredEnvelope) : undefined;
  } catch {
    return undefined;
  }
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
      // One corrupt row never fails the page (a 500 would stop an audit as "unreachable" when it should report
      // tampering). A stored entry or envelope that does not decode is left out and logged: its statement's
      // visibility cannot be judged from it, and the auditor, which checks every entry against the tree and
      // expects every envelope it may read, reports the gap as tampering (docs/audit-bundle.md).
      const entries = await services.entries.readEntryBundle(from, Number(end - from));
      const digests: string[] = [];
      entries.forEach((entry, i) => {
        const digest = digestOfEntry(entry);
        if (digest !== undefined) digests.push(digest);
        else
          request.log.error({ index: (from + BigInt(i)).toString() }, 'a stored log entry does not decode');
      });
      const principal = request.principal;
      const readable = await services.workflow.filterReadable(digests, principal?.org);
      const stored = await services.entries.findStatements(digests.filter((digest) => readable.has(digest)));
      const rows = [...stored.values()]
        .sort((a, b) => (a.index < b.index ? -1 : 1))
        .flatMap((row) => {
          const envelope = decodeStoredEnvelope(row.envelope);
          if (envelope !== undefined) return [{ row, envelope }];
          request.log.error(
            { index: row.index.toString(), digest: row.digest },
            'a stored envelope does not decode: left out of the page',
          );
          return [];
        });
      await recordReads(
        services,
        principal,
        'statement.read',
        rows.map(({ row }) => row),
        'log/envelopes',
      );
      return {
        envelopes: rows.map(({ row, envelope }) => ({
          index: Number(row.index),
          digest: row.digest,
          log_time: row.logTime,
          envelope,
        })),
      };
    },
  );
  return Promise.resolve();
};
