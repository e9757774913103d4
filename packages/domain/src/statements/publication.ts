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

/** The media types a report's rendered document may have (issue 8): the HTML page and its PDF twin. */
export const REPORT_DOCUMENT_MEDIA_TYPES = ['text/html', 'application/pdf'] as const;
export type ReportDocumentMediaType = (typeof REPORT_DOCUMENT_MEDIA_TYPES)[number];

/** Largest report document (bytes) the server stores and a report may list. */
export const MAX_REPORT_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** One rendered document of a report, content-addressed: the server serves these bytes under this hash. */
export const reportDocumentSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  media_type: z.enum(REPORT_DOCUMENT_MEDIA_TYPES),
  bytes: z.number().int().min(1).max(MAX_REPORT_DOCUMENT_BYTES),
});
export type ReportDocument = z.infer<typeof reportDocumentSchema>;

/**
 * `report.publish`: a periodic report for the public or the whole mechanism, naming the checkpoint it was
 * computed at so anyone with the same access recomputes its numbers, and the digests of its rendered documents
 * (each uploaded before the report is logged, and served to the report's audience).
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
  documents: z
    .array(reportDocumentSchema)
    .min(1)
    .max(4)
    .refine((documents) => new Set(documents.map((d) => d.sha256)).size === documents.length, {
      error: 'a document is listed once',
    }),
});
