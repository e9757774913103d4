import { sql, type Kysely, type Migration } from 'kysely';

/** Membership and settings, projected from `MechanismState` after each batch (DESIGN.md §5 projections). */
export function createMechanismTablesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('mechanism')
        .addColumn('id', 'bigint', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('origin', 'text', (col) => col.notNull())
        .addColumn('name', 'text')
        .addColumn('log_vkey', 'text')
        .addColumn('genesis_digest', 'text')
        .addColumn('settings', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('orgs')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('admitted_at', 'bigint', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('members')
        .addColumn('org', 'text', (col) => col.notNull().references('orgs.id'))
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('roles', 'text', (col) => col.notNull())
        .addColumn('active', 'bigint', (col) => col.notNull().check(sql`active in (0, 1)`))
        .addPrimaryKeyConstraint('members_pk', ['org', 'member'])
        .execute();

      await db.schema
        .createTable('member_keys')
        .addColumn('key_id', 'text', (col) => col.primaryKey())
        .addColumn('public_key', 'text', (col) => col.notNull())
        .addColumn('org', 'text', (col) => col.notNull())
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('enrolled_at', 'bigint', (col) => col.notNull())
        .addColumn('revoked_at', 'bigint')
        .addForeignKeyConstraint('member_keys_member_fk', ['org', 'member'], 'members', ['org', 'member'])
        .execute();
      await db.schema
        .createIndex('member_keys_member_idx')
        .on('member_keys')
        .columns(['org', 'member'])
        .execute();
    },
  };
}
