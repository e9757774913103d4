import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../settings.ts';
import {
  memberIdSchema,
  orgIdSchema,
  orgKindSchema,
  publicKeySchema,
  roleSchema,
  shortTextSchema,
  verifierKeySchema,
} from '../vocabulary.ts';

/** Roles are a set: no duplicates, at least one. */
const rolesSchema = z
  .array(roleSchema)
  .min(1)
  .max(6)
  .refine((roles) => new Set(roles).size === roles.length, { error: 'roles repeat' });

/**
 * A member as enrolled. Enrolments are public statements (AUDIENCE_RULES, rules.ts), so `display_name` is a
 * public role title ("Liaison officer 2"), never a personal name; a personal name, where wanted, goes in a
 * mechanism-audience `member.profile` (DESIGN.md §1.7, §3).
 */
export const memberEnrollmentSchema = z.strictObject({
  member: memberIdSchema,
  /** Public role title, e.g. "Liaison officer 2": never a personal name. */
  display_name: shortTextSchema.describe(
    'Role title (public), e.g. "Liaison officer 2": never a personal name',
  ),
  roles: rolesSchema,
  public_key: publicKeySchema,
});
export type MemberEnrollment = z.infer<typeof memberEnrollmentSchema>;

export const orgDefinitionSchema = z.strictObject({
  id: orgIdSchema,
  name: shortTextSchema,
  kind: orgKindSchema,
  admins: z.array(memberEnrollmentSchema).min(1).max(8),
});
export type OrgDefinition = z.infer<typeof orgDefinitionSchema>;

/** `mechanism.genesis`: the first entry of every log; fixes origin, organisations, first admins and settings. */
export const genesisBodySchema = z.strictObject({
  origin: z.string().min(1).max(200),
  name: shortTextSchema,
  /** The C2SP verifier key of the log's checkpoint signing key, so every reader knows which key to trust. */
  log_vkey: verifierKeySchema,
  orgs: z.array(orgDefinitionSchema).min(2).max(32),
  settings: settingsSchema,
});

/** `org.admit`: a new organisation joins, effective when every party endorses. */
export const orgAdmitBodySchema = z.strictObject({ org: orgDefinitionSchema, reason: shortTextSchema });

/** `settings.change`: an RFC 7396 merge patch of the settings, effective when every party endorses. */
export const settingsChangeBodySchema = z.strictObject({
  patch: settingsPatchSchema,
  reason: shortTextSchema,
});

/** `member.enroll`: the issuer's org admin enrols a member, or adds a key to one (roles are replaced). */
export const memberEnrollBodySchema = memberEnrollmentSchema;

/** `member.revoke`: one key (`key_id`) or, without it, every key of the member; effective at its log index. */
export const memberRevokeBodySchema = z.strictObject({
  member: memberIdSchema,
  key_id: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  reason: shortTextSchema,
});

/**
 * `member.profile`: the display name (a personal name, where wanted) of a member of the issuer's organisation,
 * given by the member or an admin of their organisation; the latest one counts. Never public (AUDIENCE_RULES).
 */
export const memberProfileBodySchema = z.strictObject({
  member: memberIdSchema,
  display_name: shortTextSchema.describe('Display name shown to mechanism members; never public'),
});
export type MemberProfileBody = z.infer<typeof memberProfileBodySchema>;

/** `endorse`: concurrence or dissent on the statement it `endorses`; dissent carries its reasons. */
export const endorseBodySchema = z
  .strictObject({
    position: z.enum(['concur', 'dissent']),
    text: z.string().min(1).max(20_000).optional(),
  })
  .refine((body) => body.position === 'concur' || body.text !== undefined, {
    error: 'a dissent states its reasons in text',
    path: ['text'],
  });
