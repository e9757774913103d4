import { z } from 'zod';
import { categorySchema } from '../taxonomy.ts';
import { longTextSchema, orgIdSchema, shortTextSchema, timestampSchema } from '../vocabulary.ts';

/** A count with its uncertainty, as casualty reporting needs (best estimate within low–high). */
export const estimateSchema = z
  .strictObject({
    best: z.number().int().min(0).max(100_000),
    low: z.number().int().min(0).max(100_000),
    high: z.number().int().min(0).max(100_000),
  })
  .refine((e) => e.low <= e.best && e.best <= e.high, { error: 'an estimate needs low ≤ best ≤ high' });

/** An evidence file, referenced by content hash; the bytes are uploaded separately (DESIGN.md §5 blobs). */
export const evidenceSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  media_type: z.string().min(3).max(100),
  size: z
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024),
  captured_at: timestampSchema.optional(),
  description: z.string().max(500).optional(),
});

export const timeSpanSchema = z
  .strictObject({
    start: timestampSchema,
    end: timestampSchema,
    precision: z.enum(['exact', 'day', 'week', 'month']),
  })
  .refine((span) => span.start <= span.end, { error: 'a time span ends after it starts' });

/** WGS84 location with its precision; `sector` is the mechanism's own geographic division. */
export const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  precision_m: z.number().int().min(1).max(500_000),
  admin1: z.string().max(100).optional(),
  admin2: z.string().max(100).optional(),
  sector: z.string().max(64).optional(),
});

export const casualtiesSchema = z.strictObject({
  killed: estimateSchema,
  civilians_killed: estimateSchema.optional(),
  injured: estimateSchema.optional(),
});

/** `incident.report`: an allegation against a party, or an observation that alleges nothing. */
export const incidentReportBodySchema = z
  .strictObject({
    kind: z.enum(['allegation', 'observation']),
    category: categorySchema,
    time: timeSpanSchema,
    location: locationSchema,
    casualties: casualtiesSchema.optional(),
    /** Described as a group or unit, never a person's name (DESIGN.md §1.7). */
    alleged_responsible: z.strictObject({ actor: shortTextSchema, party: orgIdSchema.optional() }).optional(),
    narrative: longTextSchema,
    evidence: z.array(evidenceSchema).max(50),
  })
  .refine((body) => body.kind === 'observation' || body.alleged_responsible?.party !== undefined, {
    error: 'an allegation names the party alleged responsible',
    path: ['alleged_responsible', 'party'],
  });
export type IncidentReportBody = z.infer<typeof incidentReportBodySchema>;

/** `incident.amend`: an RFC 7396 merge patch of the report body, with the reason; ref `amends`. */
export const incidentAmendBodySchema = z.strictObject({
  patch: z.record(z.string().max(64), z.unknown()),
  reason: shortTextSchema,
});

/** `incident.withdraw`: ref `withdraws`. */
export const incidentWithdrawBodySchema = z.strictObject({ reason: shortTextSchema });

/** What a party says it did about a group or site, so verifiers can check the claim like an allegation. */
export const claimedActionSchema = z.strictObject({
  description: longTextSchema,
  against: z.enum(['group', 'site', 'individuals', 'other']),
  taken_at: timestampSchema.optional(),
  location: locationSchema.optional(),
});

export const RESPONSE_POSITIONS = [
  'acknowledge',
  'dispute',
  'partly_dispute',
  'information_requested',
  'action_taken',
] as const;

/** `incident.response`: the other party's answer to a report; ref `responds_to`. */
export const incidentResponseBodySchema = z
  .strictObject({
    position: z.enum(RESPONSE_POSITIONS),
    narrative: longTextSchema,
    evidence: z.array(evidenceSchema).max(50),
    action: claimedActionSchema.optional(),
  })
  .refine((body) => body.position !== 'action_taken' || body.action !== undefined, {
    error: 'a response that says action was taken describes the action',
    path: ['action'],
  });
