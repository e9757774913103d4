import { z } from 'zod';
import { digestSchema, memberIdSchema, orgIdSchema, timestampSchema } from '../vocabulary.ts';
import {
  endorseBodySchema,
  genesisBodySchema,
  memberEnrollBodySchema,
  memberProfileBodySchema,
  memberRevokeBodySchema,
  orgAdmitBodySchema,
  settingsChangeBodySchema,
} from './membership.ts';
import {
  caseAccessDeniedBodySchema,
  caseFindingBodySchema,
  caseNoteBodySchema,
  caseOpenBodySchema,
} from './case.ts';
import {
  commitmentAcceptBodySchema,
  commitmentProposeBodySchema,
  commitmentWithdrawBodySchema,
  indicatorAssessmentBodySchema,
} from './commitment.ts';
import {
  exchangeAckBodySchema,
  exchangeCloseBodySchema,
  exchangeReplyBodySchema,
  exchangeRequestBodySchema,
} from './exchange.ts';
import {
  incidentAmendBodySchema,
  incidentReportBodySchema,
  incidentResponseBodySchema,
  incidentWithdrawBodySchema,
} from './incident.ts';
import { releaseBodySchema, reportPublishBodySchema } from './publication.ts';

/** DSSE payloadType of every JMM statement (DESIGN.md §3). */
export const STATEMENT_PAYLOAD_TYPE = 'application/vnd.jmm.statement.v1+json';

/** Bounds on a statement payload; the envelope adds base64 and one signature. */
export const MAX_STATEMENT_BYTES = 64 * 1024;
export const MAX_STATEMENT_DEPTH = 16;
export const MAX_REFS = 64;

export const audienceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('public') }),
  z.strictObject({ kind: z.literal('mechanism') }),
  z.strictObject({
    kind: z.literal('orgs'),
    orgs: z
      .array(orgIdSchema)
      .min(1)
      .max(32)
      .refine((orgs) => new Set(orgs).size === orgs.length, { error: 'orgs repeat' }),
  }),
]);
export type Audience = z.infer<typeof audienceSchema>;

/** Relations a ref may have; each statement type says which it requires. */
export const REF_RELATIONS = [
  'endorses',
  'responds_to',
  'amends',
  'withdraws',
  'subject',
  'supersedes',
  'summarises',
] as const;
export const refSchema = z.strictObject({ rel: z.enum(REF_RELATIONS), digest: digestSchema });
export type Ref = z.infer<typeof refSchema>;

const commonFields = {
  jmm: z.literal(1),
  mechanism: z.string().min(1).max(200),
  issuer: z.strictObject({ org: orgIdSchema, member: memberIdSchema }),
  issued_at: timestampSchema,
  audience: audienceSchema,
  refs: z.array(refSchema).max(MAX_REFS),
};

function statementType<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.strictObject({ ...commonFields, type: z.literal(type), body });
}

/** Every statement type, discriminated by `type`; each body is bounded in every field. */
export const statementSchema = z.discriminatedUnion('type', [
  statementType('mechanism.genesis', genesisBodySchema),
  statementType('org.admit', orgAdmitBodySchema),
  statementType('settings.change', settingsChangeBodySchema),
  statementType('member.enroll', memberEnrollBodySchema),
  statementType('member.revoke', memberRevokeBodySchema),
  statementType('member.profile', memberProfileBodySchema),
  statementType('endorse', endorseBodySchema),
  statementType('incident.report', incidentReportBodySchema),
  statementType('incident.amend', incidentAmendBodySchema),
  statementType('incident.withdraw', incidentWithdrawBodySchema),
  statementType('incident.response', incidentResponseBodySchema),
  statementType('exchange.request', exchangeRequestBodySchema),
  statementType('exchange.ack', exchangeAckBodySchema),
  statementType('exchange.reply', exchangeReplyBodySchema),
  statementType('exchange.close', exchangeCloseBodySchema),
  statementType('case.open', caseOpenBodySchema),
  statementType('case.note', caseNoteBodySchema),
  statementType('case.access_denied', caseAccessDeniedBodySchema),
  statementType('case.finding', caseFindingBodySchema),
  statementType('commitment.propose', commitmentProposeBodySchema),
  statementType('commitment.accept', commitmentAcceptBodySchema),
  statementType('commitment.withdraw', commitmentWithdrawBodySchema),
  statementType('indicator.assessment', indicatorAssessmentBodySchema),
  statementType('release', releaseBodySchema),
  statementType('report.publish', reportPublishBodySchema),
]);
export type Statement = z.infer<typeof statementSchema>;
export type StatementType = Statement['type'];
export type StatementOf<T extends StatementType> = Extract<Statement, { type: T }>;

export const STATEMENT_TYPES = statementSchema.options.map(
  (option) => option.shape.type.value,
) as readonly StatementType[];
