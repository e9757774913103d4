import type { StorageDatabase } from '../dialect/storage-database.ts';
import { bytesFromColumn, numberFromColumn } from '../schema/column-values.ts';
import { withStorageErrors } from '../with-storage-errors.ts';
import { HASH_SIZE } from '../schema/hash-tile-shape.ts';

export interface HashTileRepository {
  /**
   * The hashes of tile `level`/`index` at exactly `width` (c2sp.org/tlog-tiles `/log/tile/<L>/<N>[.p/<W>]`):
   * a prefix of the stored tile, or undefined when no tile that wide is stored (an HTTP 404, not corruption:
   * the request may be ahead of the log).
   */
  readHashTile(level: number, index: bigint, width: number): Promise<Uint8Array | undefined>;
}

export function createHashTileRepository(database: StorageDatabase): HashTileRepository {
  return {
    readHashTile: (level, index, width) =>
      withStorageErrors(database, 'readHashTile', async () => {
        const row = await database.db
          .selectFrom('hash_tiles')
          .select(['width', 'hashes'])
          .where('level', '=', BigInt(level))
          .where('idx', '=', index)
          .executeTakeFirst();
        if (row === undefined || numberFromColumn(row.width) < width || width < 1) return undefined;
        return bytesFromColumn(row.hashes.subarray(0, width * HASH_SIZE));
      }),
  };
}
