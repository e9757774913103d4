import type { Kysely, Migration } from 'kysely';

/**
 * The sequencer's state in the database (issue 9), so that it holds only membership and settings in memory
 * and opens a mechanism by reading its state rather than replaying the log:
 *
 * - `viewer_states`: each viewer's fold without its records (membership, settings, pending rule changes;
 *   @jmm/domain encodeViewerState), including the full fold (`@full`) and the new-member template;
 * - `fold_records`: the workflow records of the folds that no projection holds as they are: the full fold,
 *   the template and the public's (whose projection is coarsened and hides unpublished releases). An
 *   organisation's fold is its `workflow_records` rows (isFoldProjected).
 *
 * Both start empty; the engine fills them from one replay of the log the first time it opens a log sequenced
 * before they existed, and `jmm rebuild` proves them equal to a fresh sequencing.
 */
export function createFoldTablesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('viewer_states')
        .addColumn('viewer', 'text', (col) => col.primaryKey())
        .addColumn('state', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('fold_records')
        .addColumn('viewer', 'text', (col) => col.notNull())
        .addColumn('digest', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('record', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('fold_records_pk', ['viewer', 'digest'])
        .execute();
    },
  };
}
