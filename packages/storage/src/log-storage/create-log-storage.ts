import { equalBytes } from '@jmm/core';
import {
  decodeViewerState,
  isFoldProjected,
  STATEMENT_TYPES,
  type MechanismState,
  type RefInfo,
  type StatementType,
  type Viewer,
  type WorkflowRecord,
} from '@jmm/domain';
import { LogError, type EntryLocation, type EvidenceHolders, type LogStorage } from '@jmm/log';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import { audienceFromColumns } from '../schema/audience-columns.ts';
import { checkpointFromRow } from '../schema/checkpoint-from-row.ts';
import { bytesFromColumn, numberFromColumn } from '../schema/column-values.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';
import { StorageError, isStorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';
import { commitBatch } from './commit-batch.ts';
import { recordFromColumn } from '../schema/workflow-record-columns.ts';
import { writeFoldRecords, writeViewerStates } from './write-fold-state.ts';
import { insertMissingWorkflowRecords } from './write-workflow-projection.ts';
import { HASH_SIZE, TILE_WIDTH } from '../schema/hash-tile-shape.ts';

/**
 * The log engine's storage port (@jmm/log `LogStorage`) on a migrated database of either dialect.
 *
 * Reads run outside any transaction: a read concurrent with commitBatch sees the database before or after
 * the batch, never part of it (each statement reads one committed snapshot in both dialects), as the port
 * allows. Errors other than the port's LogErrors are StorageErrors (`database_unavailable`, `query_failed`).
 */
export function createLogStorage(database: StorageDatabase): LogStorage {
  const { db } = database;
  return {
    readCheckpoint: () =>
      withStorageErrors(database, 'readCheckpoint', async () => {
        const row = await db
          .selectFrom('checkpoint')
          .select(['tree_size', 'root_hash', 'note', 'log_time'])
          .where('id', '=', 1n)
          .executeTakeFirst();
        return row === undefined ? undefined : checkpointFromRow(row);
      }),

    readHashTiles: (tiles) =>
      withStorageErrors(database, 'readHashTiles', async () => {
        const stored = new Map<string, { width: number; hashes: Uint8Array }>();
        const positions = [...new Map(tiles.map((tile) => [tileKey(tile.level, tile.index), tile])).values()];
        for (const chunk of splitIntoChunks(positions)) {
          const rows = await db
            .selectFrom('hash_tiles')
            .select(['level', 'idx', 'width', 'hashes'])
            .where((eb) =>
              eb.or(
                chunk.map((tile) =>
                  eb.and([eb('level', '=', BigInt(tile.level)), eb('idx', '=', tile.index)]),
                ),
              ),
            )
            .execute();
          for (const row of rows) {
            stored.set(tileKey(numberFromColumn(row.level), row.idx), {
              width: numberFromColumn(row.width),
              hashes: row.hashes,
            });
          }
        }
        return tiles.map(({ level, index, width }) => {
          if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
            throw new StorageError(
              'invalid_argument',
              `a hash tile has 1 to ${TILE_WIDTH} hashes, not ${width}`,
            );
          }
          const tile = stored.get(tileKey(level, index));
          if (tile === undefined || tile.width < width || tile.hashes.length !== tile.width * HASH_SIZE) {
            throw new LogError(
              'storage_corrupt',
              `hash tile ${level}/${index} of width ${width} is not stored (stored width ${tile?.width ?? 0})`,
            );
          }
          // A partial tile is a prefix of every wider one (c2sp.org/tlog-tiles), so the stored tile is cut.
          return bytesFromColumn(tile.hashes.subarray(0, width * HASH_SIZE));
        });
      }),

    findEntries: (digests) =>
      withStorageErrors(database, 'findEntries', async () => {
        const found = new Map<string, EntryLocation>();
        for (const chunk of splitIntoChunks([...new Set(digests)])) {
          const rows = await db
            .selectFrom('entries')
            .select(['digest', 'idx', 'log_time', 'entry'])
            .where('digest', 'in', chunk)
            .execute();
          for (const row of rows) {
            found.set(row.digest, {
              digest: row.digest,
              index: row.idx,
              logTime: row.log_time,
              entry: bytesFromColumn(row.entry),
            });
          }
        }
        return found;
      }),

    findRefs: (digests) =>
      withStorageErrors(database, 'findRefs', async () => {
        const found = new Map<string, RefInfo>();
        for (const chunk of splitIntoChunks([...new Set(digests)])) {
          const rows = await db
            .selectFrom('statements')
            .select(['digest', 'type', 'org', 'audience_kind', 'audience_orgs', 'idx'])
            .where('digest', 'in', chunk)
            .execute();
          for (const row of rows) {
            found.set(row.digest, {
              digest: row.digest,
              type: statementTypeFromColumn(row.type),
              org: row.org,
              audience: corruptIfInvalid(() => audienceFromColumns(row.audience_kind, row.audience_orgs)),
              index: row.idx,
            });
          }
        }
        return found;
      }),

    findEvidenceHolders: (sha256s) =>
      withStorageErrors(database, 'findEvidenceHolders', async () => {
        const found = new Map<
          string,
          { uploaders: string[]; listings: EvidenceHolders['listings'][number][] }
        >();
        const holdersOf = (sha256: string) => {
          let holders = found.get(sha256);
          if (holders === undefined) {
            holders = { uploaders: [], listings: [] };
            found.set(sha256, holders);
          }
          return holders;
        };
        for (const chunk of splitIntoChunks([...new Set(sha256s)])) {
          const uploads = await db
            .selectFrom('blob_uploads')
            .select(['sha256', 'org'])
            .where('sha256', 'in', chunk)
            .orderBy('sha256')
            .orderBy('org')
            .execute();
          for (const row of uploads) holdersOf(row.sha256).uploaders.push(row.org);
          // Distinct issuer and audience: a file listed by a thousand statements of one kind is one row.
          const listings = await db
            .selectFrom('statement_evidence')
            .innerJoin('statements', 'statements.digest', 'statement_evidence.digest')
            .select([
              'statement_evidence.sha256',
              'statements.org',
              'statements.audience_kind',
              'statements.audience_orgs',
            ])
            .distinct()
            .where('statement_evidence.sha256', 'in', chunk)
            .execute();
          for (const row of listings) {
            holdersOf(row.sha256).listings.push({
              org: row.org,
              audience: corruptIfInvalid(() => audienceFromColumns(row.audience_kind, row.audience_orgs)),
            });
          }
        }
        return found;
      }),

    readViewerStates: () =>
      withStorageErrors(database, 'readViewerStates', async () => {
        const rows = await db
          .selectFrom('viewer_states')
          .select(['viewer', 'state'])
          .orderBy('viewer')
          .execute();
        const states = new Map<Viewer, MechanismState>();
        for (const row of rows) {
          try {
            states.set(row.viewer, decodeViewerState(row.state));
          } catch (cause) {
            throw new LogError(
              'storage_corrupt',
              `the stored state of viewer ${row.viewer} does not decode`,
              {
                cause,
              },
            );
          }
        }
        return states;
      }),

    readFoldRecords: (viewers, digests) =>
      withStorageErrors(database, 'readFoldRecords', async () => {
        const found = new Map<Viewer, Map<string, WorkflowRecord>>(
          viewers.map((viewer) => [viewer, new Map<string, WorkflowRecord>()]),
        );
        const unique = [...new Set(digests)];
        if (unique.length === 0 || viewers.length === 0) return found;
        const stored = viewers.filter((viewer) => !isFoldProjected(viewer));
        const projected = viewers.filter(isFoldProjected);
        for (const chunk of splitIntoChunks(unique)) {
          const rows = [
            ...(stored.length === 0
              ? []
              : await db
                  .selectFrom('fold_records')
                  .select(['viewer', 'digest', 'kind', 'record'])
                  .where('viewer', 'in', stored)
                  .where('digest', 'in', chunk)
                  .execute()),
            ...(projected.length === 0
              ? []
              : await db
                  .selectFrom('workflow_records')
                  .select(['viewer', 'digest', 'kind', 'record'])
                  .where('viewer', 'in', projected)
                  .where('digest', 'in', chunk)
                  .execute()),
          ];
          for (const row of rows)
            found.get(row.viewer)?.set(
              row.digest,
              corruptIfInvalid(() => recordFromColumn(row)),
            );
        }
        return found;
      }),

    storeReplayedState: (at, views, folds, records) =>
      withStorageErrors(database, 'storeReplayedState', () =>
        db.transaction().execute(async (trx) => {
          const checkpoint = await trx
            .selectFrom('checkpoint')
            .select(['tree_size', 'root_hash'])
            .where('id', '=', 1n)
            .executeTakeFirst();
          if (
            checkpoint?.tree_size !== at.treeSize ||
            !equalBytes(bytesFromColumn(checkpoint.root_hash), at.rootHash)
          ) {
            throw new LogError(
              'checkpoint_conflict',
              `the stored checkpoint is no longer tree size ${at.treeSize}`,
            );
          }
          // The compare-and-swap itself: takes the write lock (SQLite) or the row lock (PostgreSQL) and changes
          // nothing unless the row still holds `at` — a commit that landed since the read above makes it miss.
          const locked = await trx
            .updateTable('checkpoint')
            .set({ tree_size: at.treeSize })
            .where('id', '=', 1n)
            .where('tree_size', '=', at.treeSize)
            .where('root_hash', '=', at.rootHash)
            .executeTakeFirst();
          if (locked.numUpdatedRows !== 1n)
            throw new LogError(
              'checkpoint_conflict',
              `the stored checkpoint is no longer tree size ${at.treeSize}`,
            );
          await writeViewerStates(trx, views);
          await writeFoldRecords(trx, folds);
          await insertMissingWorkflowRecords(trx, records);
        }),
      ),

    readEnvelopes: (fromIndex, limit) =>
      withStorageErrors(database, 'readEnvelopes', async () => {
        if (!Number.isSafeInteger(limit) || limit < 0) {
          throw new StorageError('invalid_argument', `limit must be a non-negative integer, not ${limit}`);
        }
        if (limit === 0) return [];
        const rows = await db
          .selectFrom('entries')
          .innerJoin('envelopes', 'envelopes.digest', 'entries.digest')
          .select(['entries.idx', 'entries.log_time', 'envelopes.envelope'])
          .where('entries.idx', '>=', fromIndex)
          .orderBy('entries.idx')
          .limit(limit)
          .execute();
        return rows.map((row) => ({
          index: row.idx,
          logTime: row.log_time,
          envelope: bytesFromColumn(row.envelope),
        }));
      }),

    commitBatch: (batch) => commitBatch(database, batch),
  };
}

function tileKey(level: number, index: bigint): string {
  return `${level}/${index}`;
}

/** Inside the port, a row that does not decode is the port's `storage_corrupt`. */
function corruptIfInvalid<T>(decode: () => T): T {
  try {
    return decode();
  } catch (cause) {
    if (isStorageError(cause, 'corrupt_data'))
      throw new LogError('storage_corrupt', cause.message, { cause });
    throw cause;
  }
}

function statementTypeFromColumn(type: string): StatementType {
  const known = STATEMENT_TYPES.find((candidate) => candidate === type);
  if (known === undefined)
    throw new LogError('storage_corrupt', `a stored statement has unknown type ${type}`);
  return known;
}
