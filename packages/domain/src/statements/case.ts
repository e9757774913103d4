import { z } from 'zod';
import { digestSchema, longTextSchema, memberIdSchema, orgIdSchema, timestampSchema } from '../vocabulary.ts';
import { evidenceSchema } from './incident.ts';

const memberRefSchema = z.strictObject({ org: orgIdSchema, member: memberIdSchema });
export type MemberRef = z.infer<typeof memberRefSchema>;

/**
 * The case team: analysts of the verification team who investigate and draft findings, and — for joint
 * monitoring — observers from each party, who read the case and may endorse or dissent without counting toward
 * the quorum.
 */
export const caseTeamSchema = z.strictObject({
  analysts: z.array(memberRefSchema).min(1).max(12),
  observers: z.array(memberRefSchema).max(12),
});

/**
 * `case.open`: a verifier approver admits or declines the `subject` statements — allegations, or responses and
 * replies in which a party claims action taken — with the reason; an admitted case has a team and deadlines.
 */
export const caseOpenBodySchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('admit'),
    reason: longTextSchema,
    team: caseTeamSchema,
    mission_by: timestampSchema.optional(),
    finding_by: timestampSchema,
  }),
  z.strictObject({ decision: z.literal('decline'), reason: longTextSchema }),
]);

/** `case.note`: an investigation note, for the team only; ref `subject` the case. */
export const caseNoteBodySchema = z.strictObject({
  text: longTextSchema,
  evidence: z.array(evidenceSchema).max(50),
});

/** `case.access_denied`: a party denied or delayed the team's access (a first-class metric); ref `subject` the case. */
export const caseAccessDeniedBodySchema = z.strictObject({
  party: orgIdSchema,
  kind: z.enum(['denied', 'delayed']),
  occurred_at: timestampSchema,
  delay_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .optional(),
  text: longTextSchema,
});

export const DETERMINATIONS = ['confirmed', 'not_confirmed', 'unfounded', 'inconclusive'] as const;
export const ATTRIBUTION_DEGREES = ['attributable', 'largely_attributable', 'not_attributable'] as const;
/** Admiralty (NATO) grading: source reliability A–F and information credibility 1–6. */
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const INFORMATION_CREDIBILITY = [1, 2, 3, 4, 5, 6] as const;
/** How a finding's facts were established. */
export const FINDING_METHODS = [
  'site_visit',
  'witness_interviews',
  'imagery',
  'forensics',
  'documents',
  'open_source',
  'party_information',
  'other',
] as const;

/**
 * `case.finding`: the team's finding on the case; final once the settings' quorum of verifier approvers concurs
 * (endorsements record dissent). Observation, allegation, finding and attribution are separate and graded
 * separately (DESIGN.md §1.4).
 */
export const caseFindingBodySchema = z
  .strictObject({
    determination: z.enum(DETERMINATIONS),
    attribution: z.strictObject({ party: orgIdSchema, degree: z.enum(ATTRIBUTION_DEGREES) }).optional(),
    source_reliability: z.enum(SOURCE_RELIABILITY),
    information_credibility: z.union(
      INFORMATION_CREDIBILITY.map((n) => z.literal(n)) as [z.ZodLiteral<1>, ...z.ZodLiteral<number>[]],
    ),
    confidence: z.enum(['low', 'moderate', 'high']),
    methods: z.array(z.enum(FINDING_METHODS)).min(1).max(8),
    summary: longTextSchema,
    evidence: z.array(evidenceSchema).max(100),
    reference_geodata_digest: digestSchema.optional(),
  })
  .refine(
    (body) =>
      body.determination === 'confirmed' ||
      body.attribution === undefined ||
      body.attribution.degree === 'not_attributable',
    {
      error: 'only a confirmed incident is attributed to a party',
      path: ['attribution'],
    },
  );
