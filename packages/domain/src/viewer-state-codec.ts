import { canonicalizeJson } from '@jmm/core';
import { z } from 'zod';
import { DomainError } from './domain-error.ts';
import { createMechanismState, type MechanismState, type PendingChange } from './mechanism-state.ts';
import { settingsSchema } from './settings.ts';
import { statementSchema } from './statements/statement.ts';
import { ORG_KINDS, ROLES } from './vocabulary.ts';
import { memberKey } from './member-key.ts';

/**
 * A viewer's fold without its workflow records: membership, settings and pending rule changes, the part the
 * sequencer keeps in memory (issue 9). Storage keeps one per viewer, written in the commit that changes it, so
 * opening a mechanism reads its state instead of replaying the log. The records live in their own rows.
 *
 * The size is not stored: every fold is as of the checkpoint the state was committed with, and the opener sets
 * it from that checkpoint. Maps keep their insertion order (the log's), which `listPartyOrgs` relies on.
 */
const indexSchema = z.string().regex(/^(0|[1-9]\d{0,18})$/);

const viewerStateSchema = z.strictObject({
  origin: z.string(),
  genesis_digest: z.string().nullable(),
  name: z.string().nullable(),
  log_vkey: z.string().nullable(),
  settings: settingsSchema,
  orgs: z.array(
    z.strictObject({ id: z.string(), name: z.string(), kind: z.enum(ORG_KINDS), admitted_at: indexSchema }),
  ),
  members: z.array(
    z.strictObject({
      org: z.string(),
      member: z.string(),
      display_name: z.string(),
      profile_name: z.string().optional(),
      roles: z.array(z.enum(ROLES)),
      active: z.boolean(),
    }),
  ),
  keys: z.array(
    z.strictObject({
      key_id: z.string(),
      public_key: z.string(),
      org: z.string(),
      member: z.string(),
      enrolled_at: indexSchema,
      revoked_at: indexSchema.nullable(),
    }),
  ),
  pending: z.array(
    z.strictObject({
      digest: z.string(),
      statement: statementSchema,
      positions: z.array(z.tuple([z.string(), z.enum(['concur', 'dissent'])])),
    }),
  ),
});

/** The state's stored form: RFC 8785 JSON, so equal states are equal bytes (`jmm rebuild` compares rows). */
export function encodeViewerState(state: MechanismState): string {
  return canonicalizeJson({
    origin: state.origin,
    genesis_digest: state.genesisDigest ?? null,
    name: state.name ?? null,
    log_vkey: state.logVkey ?? null,
    settings: state.settings,
    orgs: [...state.orgs.values()].map((org) => ({
      id: org.id,
      name: org.name,
      kind: org.kind,
      admitted_at: org.admittedAt.toString(),
    })),
    members: [...state.members.values()].map((member) => ({
      org: member.org,
      member: member.member,
      display_name: member.displayName,
      ...(member.profileName === undefined ? {} : { profile_name: member.profileName }),
      roles: member.roles,
      active: member.active,
    })),
    keys: [...state.keys.values()].map((key) => ({
      key_id: key.keyId,
      public_key: key.publicKey,
      org: key.org,
      member: key.member,
      enrolled_at: key.enrolledAt.toString(),
      revoked_at: key.revokedAt?.toString() ?? null,
    })),
    pending: [...state.pending.values()].map((change) => ({
      digest: change.digest,
      statement: change.statement,
      positions: [...change.positions],
    })),
  });
}

/**
 * The state back from its stored form, with no records and size 0 (the caller sets both). Throws
 * DomainError('invalid_statement') naming the first problem when the text is not a stored state: storage maps
 * that to its own corruption error.
 */
export function decodeViewerState(text: string): MechanismState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DomainError('invalid_statement', 'a stored viewer state is not JSON', { cause });
  }
  const parsed = viewerStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(
      'invalid_statement',
      `a stored viewer state is malformed at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  const stored = parsed.data;
  const state = createMechanismState(stored.origin);
  state.genesisDigest = stored.genesis_digest ?? undefined;
  state.name = stored.name ?? undefined;
  state.logVkey = stored.log_vkey ?? undefined;
  state.settings = stored.settings;
  for (const org of stored.orgs)
    state.orgs.set(org.id, {
      id: org.id,
      name: org.name,
      kind: org.kind,
      admittedAt: BigInt(org.admitted_at),
    });
  for (const member of stored.members) {
    state.members.set(memberKey(member.org, member.member), {
      org: member.org,
      member: member.member,
      displayName: member.display_name,
      ...(member.profile_name === undefined ? {} : { profileName: member.profile_name }),
      roles: member.roles,
      active: member.active,
    });
  }
  for (const key of stored.keys) {
    state.keys.set(key.key_id, {
      keyId: key.key_id,
      publicKey: key.public_key,
      org: key.org,
      member: key.member,
      enrolledAt: BigInt(key.enrolled_at),
      revokedAt: key.revoked_at === null ? undefined : BigInt(key.revoked_at),
    });
  }
  for (const change of stored.pending) {
    state.pending.set(change.digest, {
      digest: change.digest,
      statement: change.statement as PendingChange['statement'],
      positions: new Map(change.positions),
    });
  }
  return state;
}
