import { z } from 'zod';
import { longTextSchema, shortTextSchema, timestampSchema } from '../vocabulary.ts';

/**
 * `release`: a public summary of restricted statements (ref `summarises` each), coarsened: province-level
 * places, no names. Issued by a mediator, public once a verifier approver concurs (DESIGN.md §3).
 */
export const releaseBodySchema = z.strictObject({
  title: shortTextSchema,
  summary: longTextSchema,
  period: z.strictObject({ start: timestampSchema, end: timestampSchema }).optional(),
  admin1: z.array(z.string().max(100)).max(20).optional(),
});

/**
 * `report.publish`: a periodic report, naming the checkpoint it was computed at so anyone with the same access
 * recomputes its numbers, and the digest of the rendered document.
 */
export const reportPublishBodySchema = z.strictObject({
  title: shortTextSchema,
  period: z.strictObject({ start: timestampSchema, end: timestampSchema }),
  checkpoint: z.strictObject({
    tree_size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    root_hash: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  }),
  metrics: z
    .record(z.string().max(100), z.number())
    .refine((m) => Object.keys(m).length <= 500, { error: 'too many metric values' }),
  document: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), media_type: z.string().max(100) }),
});
