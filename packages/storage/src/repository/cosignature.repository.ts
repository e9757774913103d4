import { encodeHex } from '@jmm/core';
import type { StoredCheckpoint } from '@jmm/log';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import type { CheckpointCosignaturesTable } from '../schema/checkpoint-cosignatures.table.ts';
import { checkpointFromRow } from '../schema/checkpoint-from-row.ts';
import { bytesFromColumn } from '../schema/column-values.ts';
import { StorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

/** Checkpoints one history page holds at most. */
export const MAX_CHECKPOINTS_PER_PAGE = 1000;

/** A witness's verified cosignature (c2sp.org/tlog-cosignature) on one checkpoint of the history. */
export interface StoredCosignature {
  readonly treeSize: bigint;
  readonly rootHash: Uint8Array;
  /** The organisation that runs the witness, as the settings said when it cosigned. */
  readonly witnessOrg: string;
  readonly witnessName: string;
  /** The witness key's 4-byte key ID. */
  readonly keyHash: Uint8Array;
  /** POSIX seconds at which the witness cosigned. */
  readonly timestamp: bigint;
  /** The note signature line as the witness returned it, newline included. */
  readonly signatureLine: string;
}

/** A checkpoint of the history with the cosignatures stored for it, in the order the witnesses are named. */
export interface WitnessedCheckpoint extends StoredCheckpoint {
  readonly cosignatures: readonly StoredCosignature[];
}

/** The newest checkpoint one witness key cosigned. */
export interface WitnessProgress {
  readonly witnessName: string;
  readonly keyHash: Uint8Array;
  readonly treeSize: bigint;
}

export interface CosignatureRepository {
  /**
   * Stores a cosignature the caller has verified; durable once it resolves. Idempotent: a witness key's second
   * cosignature on the same checkpoint is dropped. Resolves whether it was new. The checkpoint must be in the
   * history (StorageError 'query_failed' otherwise: the foreign key refuses it).
   */
  saveCosignature(cosignature: StoredCosignature): Promise<boolean>;
  /**
   * Checkpoints of the history from tree size `fromSize` on, ascending by tree size then log time, at most
   * `limit` (1 to MAX_CHECKPOINTS_PER_PAGE), each with its cosignatures.
   */
  readWitnessedHistory(fromSize: bigint, limit: number): Promise<WitnessedCheckpoint[]>;
  /** The cosignatures stored for one checkpoint. */
  readCosignatures(treeSize: bigint, rootHash: Uint8Array): Promise<StoredCosignature[]>;
  /**
   * The newest checkpoint (largest tree size) cosigned by a witness of every organisation in `policy`, with
   * all its cosignatures; undefined if none is. An empty policy is met by the newest checkpoint.
   */
  findNewestWitnessedCheckpoint(policy: readonly string[]): Promise<WitnessedCheckpoint | undefined>;
  /** Per witness key, the largest tree size it cosigned: where pushing resumes after a restart. */
  readWitnessProgress(): Promise<WitnessProgress[]>;
}

function cosignatureFromRow(row: CheckpointCosignaturesTable): StoredCosignature {
  return {
    treeSize: row.tree_size,
    rootHash: bytesFromColumn(row.root_hash),
    witnessOrg: row.witness_org,
    witnessName: row.witness_name,
    keyHash: bytesFromColumn(row.key_hash),
    timestamp: row.timestamp,
    signatureLine: row.signature_line,
  };
}

function checkpointKey(treeSize: bigint, rootHash: Uint8Array): string {
  return `${treeSize}/${encodeHex(rootHash)}`;
}

const COSIGNATURE_COLUMNS = [
  'tree_size',
  'root_hash',
  'witness_name',
  'key_hash',
  'witness_org',
  'timestamp',
  'signature_line',
] as const;

export function createCosignatureRepository(database: StorageDatabase): CosignatureRepository {
  const { db } = database;

  const readCosignatures = async (treeSize: bigint, rootHash: Uint8Array): Promise<StoredCosignature[]> => {
    const rows = await db
      .selectFrom('checkpoint_cosignatures')
      .select(COSIGNATURE_COLUMNS)
      .where('tree_size', '=', treeSize)
      .where('root_hash', '=', rootHash)
      .orderBy('witness_name')
      .orderBy('key_hash')
      .execute();
    return rows.map(cosignatureFromRow);
  };

  return {
    saveCosignature: (cosignature) =>
      withStorageErrors(database, 'saveCosignature', async () => {
        const result = await db
          .insertInto('checkpoint_cosignatures')
          .values({
            tree_size: cosignature.treeSize,
            root_hash: cosignature.rootHash,
            witness_name: cosignature.witnessName,
            key_hash: cosignature.keyHash,
            witness_org: cosignature.witnessOrg,
            timestamp: cosignature.timestamp,
            signature_line: cosignature.signatureLine,
          })
          .onConflict((oc) => oc.columns(['tree_size', 'root_hash', 'witness_name', 'key_hash']).doNothing())
          .executeTakeFirst();
        return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
      }),

    readWitnessedHistory: (fromSize, limit) =>
      withStorageErrors(database, 'readWitnessedHistory', async () => {
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHECKPOINTS_PER_PAGE) {
          throw new StorageError(
            'invalid_argument',
            `a history page holds 1 to ${MAX_CHECKPOINTS_PER_PAGE} checkpoints`,
          );
        }
        const checkpoints = (
          await db
            .selectFrom('checkpoint_history')
            .select(['tree_size', 'root_hash', 'note', 'log_time'])
            .where('tree_size', '>=', fromSize)
            .orderBy('tree_size')
            .orderBy('log_time')
            .limit(limit)
            .execute()
        ).map(checkpointFromRow);
        const first = checkpoints[0];
        const last = checkpoints.at(-1);
        if (first === undefined || last === undefined) return [];
        // One range query for the page's cosignatures, matched to their checkpoints by size and root.
        const rows = await db
          .selectFrom('checkpoint_cosignatures')
          .select(COSIGNATURE_COLUMNS)
          .where('tree_size', '>=', first.treeSize)
          .where('tree_size', '<=', last.treeSize)
          .orderBy('tree_size')
          .orderBy('witness_name')
          .orderBy('key_hash')
          .execute();
        const byCheckpoint = new Map<string, StoredCosignature[]>();
        for (const row of rows) {
          const cosignature = cosignatureFromRow(row);
          const key = checkpointKey(cosignature.treeSize, cosignature.rootHash);
          const list = byCheckpoint.get(key) ?? [];
          list.push(cosignature);
          byCheckpoint.set(key, list);
        }
        return checkpoints.map((checkpoint) => ({
          ...checkpoint,
          cosignatures: byCheckpoint.get(checkpointKey(checkpoint.treeSize, checkpoint.rootHash)) ?? [],
        }));
      }),

    readCosignatures: (treeSize, rootHash) =>
      withStorageErrors(database, 'readCosignatures', () => readCosignatures(treeSize, rootHash)),

    findNewestWitnessedCheckpoint: (policy) =>
      withStorageErrors(database, 'findNewestWitnessedCheckpoint', async () => {
        const orgs = [...new Set(policy)];
        let query = db
          .selectFrom('checkpoint_history')
          .select(['tree_size', 'root_hash', 'note', 'log_time'])
          .orderBy('tree_size', 'desc')
          .orderBy('log_time', 'desc')
          .limit(1);
        if (orgs.length > 0) {
          // Met when the checkpoint's cosignatures name every policy organisation at least once.
          query = query.where((eb) =>
            eb(
              eb
                .selectFrom('checkpoint_cosignatures')
                .select(({ fn }) => fn.count<bigint>('witness_org').distinct().as('orgs'))
                .whereRef('checkpoint_cosignatures.tree_size', '=', 'checkpoint_history.tree_size')
                .whereRef('checkpoint_cosignatures.root_hash', '=', 'checkpoint_history.root_hash')
                .where('witness_org', 'in', orgs),
              '=',
              BigInt(orgs.length),
            ),
          );
        }
        const row = await query.executeTakeFirst();
        if (row === undefined) return undefined;
        const checkpoint = checkpointFromRow(row);
        return {
          ...checkpoint,
          cosignatures: await readCosignatures(checkpoint.treeSize, checkpoint.rootHash),
        };
      }),

    readWitnessProgress: () =>
      withStorageErrors(database, 'readWitnessProgress', async () => {
        const rows = await db
          .selectFrom('checkpoint_cosignatures')
          .select(({ fn }) => ['witness_name', 'key_hash', fn.max<bigint>('tree_size').as('tree_size')])
          .groupBy(['witness_name', 'key_hash'])
          .orderBy('witness_name')
          .execute();
        return rows.map((row) => ({
          witnessName: row.witness_name,
          keyHash: bytesFromColumn(row.key_hash),
          treeSize: row.tree_size,
        }));
      }),
  };
}
