import {
  decodeViewerState,
  isFoldProjected,
  type MechanismState,
  type Viewer,
  type WorkflowRecord,
} from '@jmm/domain';
import type { StoredCheckpoint } from '@jmm/log';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import { checkpointFromRow } from '../schema/checkpoint-from-row.ts';
import { recordFromColumn } from '../schema/workflow-record-columns.ts';
import { StorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

/** Rows read per query while reading a fold: keyset pages, so no query scans past what it returns. */
const FOLD_PAGE = 2000;

/** One viewer's fold as of one checkpoint, records included (those of the kinds asked for). */
export interface FoldSnapshot {
  readonly checkpoint: StoredCheckpoint;
  readonly state: MechanismState;
}

export interface FoldRepository {
  /**
   * `viewer`'s fold as the sequencer stored it with the latest checkpoint (issue 9): its state and every record
   * of `kinds`, read in one snapshot with the checkpoint they belong to, so that what is computed from it is
   * exactly what that checkpoint's statements give. Undefined for an empty log or a viewer with no stored state.
   */
  readFoldSnapshot(
    viewer: Viewer,
    kinds: readonly WorkflowRecord['kind'][],
  ): Promise<FoldSnapshot | undefined>;
}

export function createFoldRepository(database: StorageDatabase): FoldRepository {
  const { db } = database;
  return {
    readFoldSnapshot: (viewer, kinds) =>
      withStorageErrors(database, 'readFoldSnapshot', () =>
        // One snapshot (SQLite ignores the level: a WAL read transaction is one snapshot already).
        db
          .transaction()
          .setIsolationLevel('repeatable read')
          .setAccessMode('read only')
          .execute(async (trx) => {
            const checkpointRow = await trx
              .selectFrom('checkpoint')
              .select(['tree_size', 'root_hash', 'note', 'log_time'])
              .where('id', '=', 1n)
              .executeTakeFirst();
            const stateRow = await trx
              .selectFrom('viewer_states')
              .select(['state'])
              .where('viewer', '=', viewer)
              .executeTakeFirst();
            if (checkpointRow === undefined || stateRow === undefined) return undefined;
            const state = decodeState(viewer, stateRow.state);
            state.size = checkpointRow.tree_size;
            const table = isFoldProjected(viewer) ? 'workflow_records' : 'fold_records';
            const records: WorkflowRecord[] = [];
            let after = '';
            while (kinds.length > 0) {
              const rows = await trx
                .selectFrom(table)
                .select(['digest', 'kind', 'record'])
                .where('viewer', '=', viewer)
                .where('kind', 'in', [...kinds])
                .where('digest', '>', after)
                .orderBy('digest')
                .limit(FOLD_PAGE)
                .execute();
              for (const row of rows) records.push(recordFromColumn(row));
              if (rows.length < FOLD_PAGE) break;
              after = rows[rows.length - 1]!.digest;
            }
            // In the order a fold holds them (the log order of the statements that created them), which is
            // the order metrics list records in.
            records.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
            for (const record of records) state.records.set(record.digest, record);
            return { checkpoint: checkpointFromRow(checkpointRow), state };
          }),
      ),
  };
}

function decodeState(viewer: Viewer, text: string): MechanismState {
  try {
    return decodeViewerState(text);
  } catch (cause) {
    throw new StorageError('corrupt_data', `the stored state of viewer ${viewer} does not decode`, { cause });
  }
}
