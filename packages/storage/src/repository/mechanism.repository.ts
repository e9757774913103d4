import {
  ORG_KINDS,
  ROLES,
  settingsSchema,
  type KeyRecord,
  type MemberRecord,
  type OrgKind,
  type OrgRecord,
  type Role,
  type Settings,
} from '@jmm/domain';
import type { Selectable } from 'kysely';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import type { MechanismTable } from '../schema/mechanism.table.ts';
import type { MemberKeysTable } from '../schema/member-keys.table.ts';
import type { MembersTable } from '../schema/members.table.ts';
import type { OrgsTable } from '../schema/orgs.table.ts';
import { jsonFromColumn, stringArrayFromColumn } from '../schema/column-values.ts';
import { StorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

/** A member with the ids of every key enrolled for them (revoked ones included; see `keys`). */
export interface ProjectedMember extends MemberRecord {
  readonly keyIds: readonly string[];
}

/** Membership and settings as of the latest committed batch. */
export interface MechanismProjection {
  readonly origin: string;
  readonly name: string | undefined;
  readonly logVkey: string | undefined;
  readonly genesisDigest: string | undefined;
  readonly settings: Settings;
  readonly orgs: readonly OrgRecord[];
  readonly members: readonly ProjectedMember[];
  readonly keys: readonly KeyRecord[];
}

export interface MechanismRepository {
  /** The projection, or undefined before the first batch was committed. */
  readMechanismProjection(): Promise<MechanismProjection | undefined>;
}

export function createMechanismRepository(database: StorageDatabase): MechanismRepository {
  const { db } = database;
  return {
    readMechanismProjection: () =>
      withStorageErrors(database, 'readMechanismProjection', () =>
        // One snapshot for the four reads, so that a batch committed meanwhile cannot show a key whose member
        // is missing. (SQLite ignores the level: a WAL read transaction is one snapshot already.)
        db
          .transaction()
          .setIsolationLevel('repeatable read')
          .setAccessMode('read only')
          .execute(async (trx) => {
            const mechanism = await trx
              .selectFrom('mechanism')
              .selectAll()
              .where('id', '=', 1n)
              .executeTakeFirst();
            if (mechanism === undefined) return undefined;
            const orgRows = await trx.selectFrom('orgs').selectAll().orderBy('id').execute();
            const memberRows = await trx
              .selectFrom('members')
              .selectAll()
              .orderBy('org')
              .orderBy('member')
              .execute();
            const keyRows = await trx
              .selectFrom('member_keys')
              .selectAll()
              .orderBy('org')
              .orderBy('member')
              .orderBy('key_id')
              .execute();
            return projectionFromRows(mechanism, orgRows, memberRows, keyRows);
          }),
      ),
  };
}

function projectionFromRows(
  mechanism: Selectable<MechanismTable>,
  orgRows: Selectable<OrgsTable>[],
  memberRows: Selectable<MembersTable>[],
  keyRows: Selectable<MemberKeysTable>[],
): MechanismProjection {
  const keys: KeyRecord[] = keyRows.map((row) => ({
    keyId: row.key_id,
    publicKey: row.public_key,
    org: row.org,
    member: row.member,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at ?? undefined,
  }));
  const keyIdsByMember = new Map<string, string[]>();
  for (const key of keys) {
    const memberKeyIds = keyIdsByMember.get(`${key.org}/${key.member}`) ?? [];
    memberKeyIds.push(key.keyId);
    keyIdsByMember.set(`${key.org}/${key.member}`, memberKeyIds);
  }

  const settings = settingsSchema.safeParse(jsonFromColumn(mechanism.settings, 'mechanism.settings'));
  if (!settings.success) throw new StorageError('corrupt_data', 'the stored settings are invalid');

  return {
    origin: mechanism.origin,
    name: mechanism.name ?? undefined,
    logVkey: mechanism.log_vkey ?? undefined,
    genesisDigest: mechanism.genesis_digest ?? undefined,
    settings: settings.data,
    orgs: orgRows.map((row) => ({
      id: row.id,
      name: row.name,
      kind: orgKindFromColumn(row.kind),
      admittedAt: row.admitted_at,
    })),
    members: memberRows.map((row) => ({
      org: row.org,
      member: row.member,
      displayName: row.display_name,
      roles: stringArrayFromColumn(row.roles, 'members.roles').map(roleFromColumn),
      active: row.active === 1n,
      keyIds: keyIdsByMember.get(`${row.org}/${row.member}`) ?? [],
    })),
    keys,
  };
}

function orgKindFromColumn(kind: string): OrgKind {
  const known = ORG_KINDS.find((candidate) => candidate === kind);
  if (known === undefined) throw new StorageError('corrupt_data', `an org has unknown kind ${kind}`);
  return known;
}

function roleFromColumn(role: string): Role {
  const known = ROLES.find((candidate) => candidate === role);
  if (known === undefined) throw new StorageError('corrupt_data', `a member has unknown role ${role}`);
  return known;
}
