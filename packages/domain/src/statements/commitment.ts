import { z } from 'zod';
import { longTextSchema, orgIdSchema, shortTextSchema, timestampSchema } from '../vocabulary.ts';

/** Metrics an indicator can be computed from (each defined once in metrics/). */
export const INDICATOR_METRICS = [
  'exchange_acknowledged_on_time_share',
  'exchange_replied_on_time_share',
  'incident_responded_on_time_share',
  'confirmed_attacks_attributed',
  'access_denials',
] as const;
export type IndicatorMetric = (typeof INDICATOR_METRICS)[number];

const indicatorIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);

export const indicatorSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: indicatorIdSchema,
    kind: z.literal('computed'),
    name: shortTextSchema,
    metric: z.enum(INDICATOR_METRICS),
    comparator: z.enum(['at_least', 'at_most']),
    threshold: z.number().min(0).max(1_000_000),
    period: z.enum(['month', 'quarter']),
  }),
  z.strictObject({
    id: indicatorIdSchema,
    kind: z.literal('assessed'),
    name: shortTextSchema,
    description: longTextSchema,
  }),
]);
export type Indicator = z.infer<typeof indicatorSchema>;

/** `commitment.propose`: an undertaking with measurable indicators; in force when every obligated party accepted. */
export const commitmentProposeBodySchema = z
  .strictObject({
    title: shortTextSchema,
    text: longTextSchema,
    obligated: z
      .array(orgIdSchema)
      .min(1)
      .max(8)
      .refine((orgs) => new Set(orgs).size === orgs.length, { error: 'obligated parties repeat' }),
    effective_from: timestampSchema,
    effective_to: timestampSchema.optional(),
    indicators: z
      .array(indicatorSchema)
      .min(1)
      .max(20)
      .refine((list) => new Set(list.map((i) => i.id)).size === list.length, {
        error: 'indicator ids repeat',
      }),
  })
  .refine((body) => body.effective_to === undefined || body.effective_from < body.effective_to, {
    error: 'a commitment ends after it starts',
    path: ['effective_to'],
  });

/** `commitment.accept`: an obligated party accepts; ref `responds_to` the proposal. */
export const commitmentAcceptBodySchema = z.strictObject({ note: shortTextSchema.optional() });

/** `commitment.withdraw`: the proposer or an obligated party withdraws; ref `withdraws` the proposal. */
export const commitmentWithdrawBodySchema = z.strictObject({ reason: shortTextSchema });

/** `indicator.assessment`: a verifier's assessment of an assessed (or computed) indicator for a period. */
export const indicatorAssessmentBodySchema = z
  .strictObject({
    indicator: indicatorIdSchema,
    period: z.strictObject({ start: timestampSchema, end: timestampSchema }),
    status: z.enum(['met', 'partly_met', 'not_met', 'not_assessable']),
    rationale: longTextSchema,
  })
  .refine((body) => body.period.start < body.period.end, {
    error: 'a period ends after it starts',
    path: ['period'],
  });
