import type { StoredCheckpoint } from '@jmm/log';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import { checkpointFromRow } from '../schema/checkpoint-from-row.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

export interface CheckpointRepository {
  /**
   * Every checkpoint ever committed, by tree size then log time. Two entries with one tree size and different
   * root hashes would be a fork; the log explorer and audits show and check this list.
   */
  readCheckpointHistory(): Promise<StoredCheckpoint[]>;
}

export function createCheckpointRepository(database: StorageDatabase): CheckpointRepository {
  return {
    readCheckpointHistory: () =>
      withStorageErrors(database, 'readCheckpointHistory', async () => {
        const rows = await database.db
          .selectFrom('checkpoint_history')
          .select(['tree_size', 'root_hash', 'note', 'log_time'])
          .orderBy('tree_size')
          .orderBy('log_time')
          .execute();
        return rows.map(checkpointFromRow);
      }),
  };
}
