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

/** One viewer's fold as of one checkpoint: its state without records (membership, settings). */
export interface FoldSnapshot {
  readonly checkpoint: StoredCheckpoint;
  readonly state: MechanismState;
}

/** What a scan of a fold hands each record to, and what it makes of them (e.g. @jmm/domain's metrics context). */
export interface FoldRecordSink<T> {
  addRecord(record: WorkflowRecord): void;
  finish(): T;
}

export interface FoldRepository {
  /**
   * Reads `viewer`'s fold as the sequencer stored it with the latest checkpoint (issue 9): `open` receives the
   * checkpoint and the fold's state, and returns the sink every record of `kinds` is then handed to, a page at a
   * time in digest order (no order of the log), all read in one snapshot with the checkpoint they belong to, so
   * that what is made of them is exactly what that checkpoint's statements give. No record is kept here, so a
   * fold of any size is read in the memory of one page. Resolves the sink's `finish()`; undefined for an empty
   * log or a viewer with no stored state.
   */
  scanFoldSnapshot<T>(
    viewer: Viewer,
    kinds: readonly WorkflowRecord['kind'][],
    open: (snapshot: FoldSnapshot) => FoldRecordSink<T>,
  ): Promise<T | undefined>;
}

export function createFoldRepository(database: StorageDatabase): FoldRepository {
  const { db } = database;
  return {
    scanFoldSnapshot: async <T>(
      viewer: Viewer,
      kinds: readonly WorkflowRecord['kind'][],
      open: (snapshot: FoldSnapshot) => FoldRecordSink<T>,
    ) => {
      const sink = await withStorageErrors(database, 'scanFoldSnapshot', () =>
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
            const opened = open({ checkpoint: checkpointFromRow(checkpointRow), state });
            const table = isFoldProjected(viewer) ? 'workflow_records' : 'fold_records';
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
              for (const row of rows) opened.addRecord(recordFromColumn(row));
              if (rows.length < FOLD_PAGE) break;
              after = rows[rows.length - 1]!.digest;
            }
            return opened;
          }),
      );
      // Outside the read transaction: what the sink computes holds no snapshot open.
      return sink?.finish();
    },
  };
}

function decodeState(viewer: Viewer, text: string): MechanismState {
  try {
    return decodeViewerState(text);
  } catch (cause) {
    throw new StorageError('corrupt_data', `the stored state of viewer ${viewer} does not decode`, { cause });
  }
}
