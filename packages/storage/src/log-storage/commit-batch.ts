import { LogError, type HashTile, type IntegratedBatch } from '@jmm/log';
import type { Kysely } from 'kysely';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import type { Database } from '../schema/database.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';
import { StorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';
import { writeEvidenceProjection } from './write-evidence-projection.ts';
import { writeMechanismProjection } from './write-mechanism-projection.ts';
import { writeStatementProjection } from './write-statement-projection.ts';
import { writeWorkflowProjection } from './write-workflow-projection.ts';
import {
  copyTemplateFold,
  reprojectPublicFold,
  writeFoldRecords,
  writeViewerStates,
} from './write-fold-state.ts';
import { HASH_SIZE, TILE_WIDTH } from '../schema/hash-tile-shape.ts';

/**
 * Writes one group commit (DESIGN.md §4) in ONE transaction.
 *
 * Crash ordering. Nothing here is visible to anyone until COMMIT, and COMMIT is atomic and durable (SQLite:
 * WAL with synchronous=FULL; PostgreSQL: synchronous_commit on by default):
 * - a crash before COMMIT leaves the database exactly as before: no entry, tile, projection or checkpoint of
 *   the batch. The engine has acknowledged none of its submissions (it acknowledges only after this
 *   resolves), so their clients retry, and resubmission is idempotent by digest;
 * - a crash after COMMIT leaves all of it: entries, envelopes, tiles, projections, history and the checkpoint
 *   that commits to them. On restart the engine reads that checkpoint and replays envelopes from storage;
 *   clients that did not see their answer resubmit and get the existing entry (findEntries).
 * There is no state in between, so recovery never repairs anything.
 *
 * The compare-and-swap on the checkpoint row is the FIRST write, so the transaction takes the write lock
 * (SQLite) or the row lock (PostgreSQL) before anything else: a second writer that extends the same
 * checkpoint waits for the first to finish and then finds the row changed, and fails without writing.
 */
export async function commitBatch(database: StorageDatabase, batch: IntegratedBatch): Promise<void> {
  checkBatchShape(batch, database.capabilities.maxInteger);
  await withStorageErrors(database, 'commitBatch', () =>
    database.db.transaction().execute(async (trx) => {
      await swapCheckpoint(trx, batch);

      // Envelopes before entries before statements and refs: each references the one before.
      for (const chunk of splitIntoChunks(batch.entries)) {
        await trx
          .insertInto('envelopes')
          .values(chunk.map(({ digest, envelope }) => ({ digest, envelope })))
          .execute();
      }
      for (const chunk of splitIntoChunks(batch.entries)) {
        await trx
          .insertInto('entries')
          .values(
            chunk.map(({ index, digest, logTime, entry }) => ({
              idx: index,
              digest,
              log_time: logTime,
              entry,
            })),
          )
          .execute();
      }
      await writeStatementProjection(trx, batch.entries);
      // The template's stored fold as it was before the batch: before the batch's fold records are written.
      await copyTemplateFold(trx, batch.admitted);
      await writeWorkflowProjection(trx, batch.records);
      await writeFoldRecords(trx, batch.folds);
      if (batch.publicPrecision !== undefined) await reprojectPublicFold(trx, batch.publicPrecision);
      if (batch.viewerStates !== undefined) await writeViewerStates(trx, batch.viewerStates);
      await writeEvidenceProjection(trx, batch.entries);
      await writeHashTiles(trx, batch.tiles);
      if (batch.state !== undefined)
        await writeMechanismProjection(trx, batch.state, batch.membershipChanges);

      // Keyed by (tree size, root hash): a second root for a size would be recorded, not hidden.
      await trx
        .insertInto('checkpoint_history')
        .values({
          tree_size: batch.checkpoint.treeSize,
          root_hash: batch.checkpoint.rootHash,
          note: batch.checkpoint.note,
          log_time: batch.checkpoint.logTime,
        })
        .onConflict((oc) => oc.columns(['tree_size', 'root_hash']).doNothing())
        .execute();
    }),
  );
}

/**
 * Replaces the checkpoint row only if it still holds `batch.previous`; inserts the first one only if there is
 * none. Zero rows changed means another writer got there first (DESIGN.md §5 scale-out): the caller must stop
 * sequencing, and throwing here rolls the whole transaction back.
 */
async function swapCheckpoint(trx: Kysely<Database>, batch: IntegratedBatch): Promise<void> {
  const { treeSize, rootHash, note, logTime } = batch.checkpoint;
  const next = { tree_size: treeSize, root_hash: rootHash, note, log_time: logTime };
  let changed: bigint;
  if (batch.previous === undefined) {
    const result = await trx
      .insertInto('checkpoint')
      .values({ id: 1n, ...next })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    changed = result.numInsertedOrUpdatedRows ?? 0n;
  } else {
    const result = await trx
      .updateTable('checkpoint')
      .set(next)
      .where('id', '=', 1n)
      .where('tree_size', '=', batch.previous.treeSize)
      .where('root_hash', '=', batch.previous.rootHash)
      .executeTakeFirst();
    changed = result.numUpdatedRows;
  }
  if (changed !== 1n) {
    const expected = batch.previous === undefined ? 'an empty log' : `tree size ${batch.previous.treeSize}`;
    throw new LogError('checkpoint_conflict', `the stored checkpoint is no longer ${expected}`);
  }
}

/**
 * Stores each tile at its new width. A stored tile is only ever replaced by one at least as wide: a partial
 * tile is a prefix of every wider one (c2sp.org/tlog-tiles), so a narrower write means the engine's tree and
 * storage disagree, and the batch is refused rather than shrinking a tile that readers may have cached.
 */
async function writeHashTiles(trx: Kysely<Database>, tiles: readonly HashTile[]): Promise<void> {
  for (const chunk of splitIntoChunks(tiles)) {
    const result = await trx
      .insertInto('hash_tiles')
      .values(
        chunk.map((tile) => ({
          level: BigInt(tile.level),
          idx: tile.index,
          width: BigInt(tile.width),
          hashes: tile.data,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['level', 'idx'])
          .doUpdateSet((eb) => ({ width: eb.ref('excluded.width'), hashes: eb.ref('excluded.hashes') }))
          .where('hash_tiles.width', '<=', (eb) => eb.ref('excluded.width')),
      )
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows !== BigInt(chunk.length)) {
      throw new LogError('storage_corrupt', 'a stored hash tile is wider than the batch says it is');
    }
  }
}

/** The port's preconditions on a batch, checked before any write; a violation is the caller's bug. */
function checkBatchShape(batch: IntegratedBatch, maxInteger: bigint): void {
  const start = batch.previous?.treeSize ?? 0n;
  const size = batch.checkpoint.treeSize;
  if (size > maxInteger) {
    throw new StorageError(
      'invalid_argument',
      `tree size ${size} exceeds what storage holds (${maxInteger})`,
    );
  }
  if (size !== start + BigInt(batch.entries.length)) {
    throw new StorageError(
      'invalid_argument',
      `a batch from tree size ${start} with ${batch.entries.length} entries cannot end at ${size}`,
    );
  }
  batch.entries.forEach((entry, offset) => {
    if (entry.index !== start + BigInt(offset)) {
      throw new StorageError('invalid_argument', `entry ${offset} of the batch has index ${entry.index}`);
    }
  });
  for (const tile of batch.tiles) {
    const valid =
      Number.isSafeInteger(tile.level) &&
      tile.level >= 0 &&
      tile.index >= 0n &&
      Number.isInteger(tile.width) &&
      tile.width >= 1 &&
      tile.width <= TILE_WIDTH &&
      tile.data.length === tile.width * HASH_SIZE;
    if (!valid) {
      throw new StorageError('invalid_argument', `tile ${tile.level}/${tile.index} has an invalid shape`);
    }
  }
}
