import type { Kysely, Migration } from 'kysely';
import type { DatabaseCapabilities } from '../dialect/database-capabilities.ts';

/**
 * Witness cosignatures on the log's checkpoints (DESIGN.md §4, c2sp.org/tlog-cosignature): one row per
 * witness key per checkpoint, kept beside `checkpoint_history` so that every checkpoint can be served with the
 * cosignatures it gathered and a checkpoint is final once the settings' witness policy is met.
 *
 * A cosignature belongs to one (tree size, root hash) in the history — the foreign key says so — and a
 * witness key cosigns a checkpoint once: a second answer for the same checkpoint is the same statement of
 * consistency and is dropped, not stored twice.
 */
export function createCheckpointCosignaturesMigration(capabilities: DatabaseCapabilities): Migration {
  const binary = capabilities.binaryType;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('checkpoint_cosignatures')
        .addColumn('tree_size', 'bigint', (col) => col.notNull())
        .addColumn('root_hash', binary, (col) => col.notNull())
        .addColumn('witness_name', 'text', (col) => col.notNull())
        .addColumn('key_hash', binary, (col) => col.notNull())
        .addColumn('witness_org', 'text', (col) => col.notNull())
        .addColumn('timestamp', 'bigint', (col) => col.notNull())
        .addColumn('signature_line', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('checkpoint_cosignatures_pk', [
          'tree_size',
          'root_hash',
          'witness_name',
          'key_hash',
        ])
        .addForeignKeyConstraint(
          'checkpoint_cosignatures_checkpoint_fk',
          ['tree_size', 'root_hash'],
          'checkpoint_history',
          ['tree_size', 'root_hash'],
        )
        .execute();
      // The newest checkpoint each witness cosigned, which the log resumes pushing from after a restart.
      await db.schema
        .createIndex('checkpoint_cosignatures_witness_idx')
        .on('checkpoint_cosignatures')
        .columns(['witness_name', 'key_hash', 'tree_size'])
        .execute();
    },
  };
}
