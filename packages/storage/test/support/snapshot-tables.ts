import { sql } from 'kysely';
import type { StorageDatabase } from '../../src/index.ts';

/** Every table commitBatch writes, with its key columns for a stable row order. */
const BATCH_TABLES = {
  checkpoint: ['id'],
  checkpoint_history: ['tree_size', 'root_hash'],
  entries: ['idx'],
  envelopes: ['digest'],
  hash_tiles: ['level', 'idx'],
  statements: ['digest'],
  statement_refs: ['from_digest', 'rel', 'to_digest'],
  mechanism: ['id'],
  orgs: ['id'],
  members: ['org', 'member'],
  member_keys: ['key_id'],
} as const;

export type BatchTable = keyof typeof BATCH_TABLES;

/**
 * Every row of every table a batch writes, in key order: comparing two snapshots shows whether anything at
 * all was inserted or updated in between ("a refused batch writes nothing").
 */
export async function snapshotTables(database: StorageDatabase): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const [table, keys] of Object.entries(BATCH_TABLES) as [BatchTable, readonly string[]][]) {
    let query = database.db.selectFrom(table).selectAll();
    for (const key of keys) query = query.orderBy(sql.ref(key));
    snapshot[table] = await query.execute();
  }
  return snapshot;
}

export async function countRows(database: StorageDatabase, table: BatchTable): Promise<bigint> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}
