import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseCapabilities } from '../dialect/database-capabilities.ts';

/**
 * The log and what is stored beside it (DESIGN.md §4): envelopes, entries, hash tiles, the checkpoint row and
 * its history, and the statement and ref projections that validation and visibility read.
 */
export function createLogTablesMigration(capabilities: DatabaseCapabilities): Migration {
  const binary = capabilities.binaryType;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('envelopes')
        .addColumn('digest', 'text', (col) => col.primaryKey())
        .addColumn('envelope', binary, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('entries')
        .addColumn('idx', 'bigint', (col) => col.primaryKey())
        .addColumn('digest', 'text', (col) => col.notNull().unique().references('envelopes.digest'))
        .addColumn('log_time', 'text', (col) => col.notNull())
        .addColumn('entry', binary, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('hash_tiles')
        .addColumn('level', 'bigint', (col) => col.notNull())
        .addColumn('idx', 'bigint', (col) => col.notNull())
        .addColumn('width', 'bigint', (col) => col.notNull().check(sql`width between 1 and 256`))
        .addColumn('hashes', binary, (col) => col.notNull())
        .addPrimaryKeyConstraint('hash_tiles_pk', ['level', 'idx'])
        .execute();

      // One row, id 1: replaced by compare-and-swap, never inserted twice (see commitBatch).
      await db.schema
        .createTable('checkpoint')
        .addColumn('id', 'bigint', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('tree_size', 'bigint', (col) => col.notNull())
        .addColumn('root_hash', binary, (col) => col.notNull())
        .addColumn('note', 'text', (col) => col.notNull())
        .addColumn('log_time', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('checkpoint_history')
        .addColumn('tree_size', 'bigint', (col) => col.notNull())
        .addColumn('root_hash', binary, (col) => col.notNull())
        .addColumn('note', 'text', (col) => col.notNull())
        .addColumn('log_time', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('checkpoint_history_pk', ['tree_size', 'root_hash'])
        .execute();

      await db.schema
        .createTable('statements')
        .addColumn('digest', 'text', (col) => col.primaryKey().references('entries.digest'))
        .addColumn('idx', 'bigint', (col) => col.notNull().unique())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('org', 'text', (col) => col.notNull())
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('key_id', 'text', (col) => col.notNull())
        .addColumn('audience_kind', 'text', (col) => col.notNull())
        .addColumn('audience_orgs', 'text')
        .addColumn('issued_at', 'text', (col) => col.notNull())
        .addColumn('log_time', 'text', (col) => col.notNull())
        .execute();
      // Listings by issuing organisation and by type, in log order.
      await db.schema.createIndex('statements_org_idx').on('statements').columns(['org', 'idx']).execute();
      await db.schema.createIndex('statements_type_idx').on('statements').columns(['type', 'idx']).execute();

      // No foreign key on to_digest: validation already proved each ref is in the log, and a projection must
      // never be able to refuse a statement the log accepted (DESIGN.md §1.1).
      await db.schema
        .createTable('statement_refs')
        .addColumn('from_digest', 'text', (col) => col.notNull().references('statements.digest'))
        .addColumn('rel', 'text', (col) => col.notNull())
        .addColumn('to_digest', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('statement_refs_pk', ['from_digest', 'rel', 'to_digest'])
        .execute();
      await db.schema
        .createIndex('statement_refs_to_idx')
        .on('statement_refs')
        .columns(['to_digest', 'rel'])
        .execute();
    },
  };
}
