import type { Kysely, Migration } from 'kysely';

/** Sessions, login challenges and the access log: what the server needs around the log (DESIGN.md §7). */
export function createAccessTablesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (col) => col.primaryKey())
        .addColumn('org', 'text', (col) => col.notNull())
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('key_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('csrf_token_hash', 'text', (col) => col.notNull())
        .addForeignKeyConstraint('sessions_member_fk', ['org', 'member'], 'members', ['org', 'member'])
        .execute();
      await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();
      await db.schema.createIndex('sessions_member_idx').on('sessions').columns(['org', 'member']).execute();

      await db.schema
        .createTable('auth_challenges')
        .addColumn('nonce', 'text', (col) => col.primaryKey())
        .addColumn('key_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createIndex('auth_challenges_expires_idx')
        .on('auth_challenges')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('access_log')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('time', 'text', (col) => col.notNull())
        .addColumn('org', 'text')
        .addColumn('member', 'text')
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('target_digest', 'text')
        .addColumn('resource', 'text')
        .execute();
      await db.schema
        .createIndex('access_log_org_time_idx')
        .on('access_log')
        .columns(['org', 'time', 'id'])
        .execute();
      await db.schema
        .createIndex('access_log_target_idx')
        .on('access_log')
        .columns(['target_digest', 'time'])
        .execute();
    },
  };
}
