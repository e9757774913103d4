import { LogError } from '@jmm/log';
import { StorageError } from './storage-error.ts';
import type { StorageDatabase } from './dialect/storage-database.ts';

/**
 * Runs one repository operation and turns whatever the driver throws into a StorageError (STYLE.md habit 3:
 * no bare Error crosses a package boundary). LogErrors and StorageErrors raised on purpose pass through.
 */
export async function withStorageErrors<T>(
  database: StorageDatabase,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof LogError || cause instanceof StorageError) throw cause;
    const { capabilities } = database;
    if (capabilities.isUnavailable(cause)) {
      throw new StorageError(
        'database_unavailable',
        `${operation}: the ${capabilities.name} database is unavailable`,
        {
          cause,
        },
      );
    }
    if (capabilities.isUniqueViolation(cause)) {
      throw new StorageError('duplicate', `${operation}: a row with the same key exists`, { cause });
    }
    throw new StorageError('query_failed', `${operation} failed on ${capabilities.name}`, { cause });
  }
}
