import { z } from 'zod';
import { evidenceSchema, claimedActionSchema } from './incident.ts';
import { longTextSchema, orgIdSchema, shortTextSchema, timestampSchema } from '../vocabulary.ts';

export const EXCHANGE_PRIORITIES = ['routine', 'priority', 'flash'] as const;
export type ExchangePriority = (typeof EXCHANGE_PRIORITIES)[number];

/**
 * `exchange.request`: a request for information or action, or a notification, to one or more organisations.
 * Deadlines default from the settings for the priority; a request may set its own within bounds (validated
 * against log time at sequencing).
 */
export const exchangeRequestBodySchema = z.strictObject({
  kind: z.enum(['information', 'action', 'notification']),
  priority: z.enum(EXCHANGE_PRIORITIES),
  recipients: z
    .array(orgIdSchema)
    .min(1)
    .max(16)
    .refine((orgs) => new Set(orgs).size === orgs.length, { error: 'recipients repeat' }),
  subject: shortTextSchema,
  text: longTextSchema,
  acknowledge_by: timestampSchema.optional(),
  respond_by: timestampSchema.optional(),
});

/** `exchange.ack`: a recipient acknowledges; ref `responds_to` the request. */
export const exchangeAckBodySchema = z.strictObject({ note: z.string().max(2000).optional() });

export const REPLY_OUTCOMES = ['action_taken', 'no_action', 'information_provided', 'declined'] as const;

/** `exchange.reply`: a recipient's substantive answer; ref `responds_to` the request. */
export const exchangeReplyBodySchema = z
  .strictObject({
    outcome: z.enum(REPLY_OUTCOMES),
    text: longTextSchema,
    evidence: z.array(evidenceSchema).max(50),
    action: claimedActionSchema.optional(),
  })
  .refine((body) => body.outcome !== 'action_taken' || body.action !== undefined, {
    error: 'a reply that says action was taken describes the action',
    path: ['action'],
  });

/** `exchange.close`: the requester closes the exchange, satisfied or not; ref `responds_to` the request. */
export const exchangeCloseBodySchema = z.strictObject({
  satisfied: z.boolean(),
  note: shortTextSchema.optional(),
});
