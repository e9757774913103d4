/**
 * Every failure @jmm/storage reports outside the log port is a StorageError with a stable `code` (STYLE.md
 * habit 3). The log port's own failures ('checkpoint_conflict', 'storage_corrupt') are LogErrors, as
 * @jmm/log documents them; everything else a driver throws is translated into one of these codes.
 */
export type StorageErrorCode =
  /** A schema migration failed; the database is at the last migration that succeeded. */
  | 'migration_failed'
  /** The database cannot be reached or is busy past its timeout: worth retrying later (HTTP 503). */
  | 'database_unavailable'
  /** A statement failed for another reason: a bug or a schema that does not match this code. */
  | 'query_failed'
  /** A row with the same key exists (a session id or a challenge nonce issued twice). */
  | 'duplicate'
  /** A stored value does not decode (malformed JSON, an unknown enum): the database was changed behind us. */
  | 'corrupt_data'
  /** The caller passed something storage must refuse (a batch whose entries are not contiguous). */
  | 'invalid_argument'
  /** Recording this would take an organisation past the quota the caller set (evidence bytes uploaded). */
  | 'quota_exceeded';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
