import type { Kysely, Migration } from 'kysely';

/**
 * Where the process that sequences the log can be reached (DESIGN.md §5 scale-out, issue 9): on PostgreSQL any
 * number of server processes serve one log, one of them sequences (it holds the sequencer's advisory lock), and
 * the others hand submissions to the URL it wrote here, on the session that holds the lock. Unused on SQLite,
 * where one process serves the file.
 */
export function createSequencerLeaseMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sequencer_lease')
        .addColumn('id', 'bigint', (col) => col.primaryKey())
        .addColumn('url', 'text', (col) => col.notNull())
        .addColumn('since', 'text', (col) => col.notNull())
        .execute();
    },
  };
}
