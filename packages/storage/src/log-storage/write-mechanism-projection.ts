import { canonicalizeJson } from '@jmm/core';
import type { MechanismState } from '@jmm/domain';
import type { MembershipChanges } from '@jmm/log';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';

/**
 * Upserts the membership and settings projection from the state after a batch. The state is a complete
 * snapshot and organisations, members and keys are never removed (revocation is a flag and an index), so an
 * upsert of every record yields exactly the state — and replaying the log into an empty database yields the
 * same rows (DESIGN.md §1.1). Runs inside commitBatch's transaction.
 */
export async function writeMechanismProjection(
  trx: Kysely<Database>,
  state: MechanismState,
  changes: MembershipChanges = {
    orgs: [...state.orgs.values()],
    members: [...state.members.values()],
    keys: [...state.keys.values()],
  },
): Promise<void> {
  const mechanism = {
    id: 1n,
    origin: state.origin,
    name: state.name ?? null,
    log_vkey: state.logVkey ?? null,
    genesis_digest: state.genesisDigest ?? null,
    // RFC 8785, so that a rebuilt database holds the same bytes.
    settings: canonicalizeJson(state.settings),
  };
  await trx
    .insertInto('mechanism')
    .values(mechanism)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        origin: eb.ref('excluded.origin'),
        name: eb.ref('excluded.name'),
        log_vkey: eb.ref('excluded.log_vkey'),
        genesis_digest: eb.ref('excluded.genesis_digest'),
        settings: eb.ref('excluded.settings'),
      })),
    )
    .execute();

  // Orgs before members before keys: each references the one before.
  for (const chunk of splitIntoChunks(changes.orgs)) {
    await trx
      .insertInto('orgs')
      .values(
        chunk.map((org) => ({ id: org.id, name: org.name, kind: org.kind, admitted_at: org.admittedAt })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          admitted_at: eb.ref('excluded.admitted_at'),
        })),
      )
      .execute();
  }

  for (const chunk of splitIntoChunks(changes.members)) {
    await trx
      .insertInto('members')
      .values(
        chunk.map((member) => ({
          org: member.org,
          member: member.member,
          display_name: member.displayName,
          roles: JSON.stringify(member.roles),
          active: member.active ? 1n : 0n,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['org', 'member']).doUpdateSet((eb) => ({
          display_name: eb.ref('excluded.display_name'),
          roles: eb.ref('excluded.roles'),
          active: eb.ref('excluded.active'),
        })),
      )
      .execute();
  }

  for (const chunk of splitIntoChunks(changes.keys)) {
    await trx
      .insertInto('member_keys')
      .values(
        chunk.map((key) => ({
          key_id: key.keyId,
          public_key: key.publicKey,
          org: key.org,
          member: key.member,
          enrolled_at: key.enrolledAt,
          revoked_at: key.revokedAt ?? null,
        })),
      )
      .onConflict((oc) =>
        oc.column('key_id').doUpdateSet((eb) => ({
          public_key: eb.ref('excluded.public_key'),
          org: eb.ref('excluded.org'),
          member: eb.ref('excluded.member'),
          enrolled_at: eb.ref('excluded.enrolled_at'),
          revoked_at: eb.ref('excluded.revoked_at'),
        })),
      )
      .execute();
  }
}
