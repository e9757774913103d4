/** Every failure @jmm/log reports is a LogError with a stable `code` (STYLE.md habit 3). */
export type LogErrorCode =
  /** The sequencing queue is full: the caller should retry later (HTTP 503 with Retry-After). */
  | 'overloaded'
  /** The engine is closed or closing and accepts nothing new. */
  | 'closed'
  /** Another writer replaced the checkpoint: this process must stop sequencing (DESIGN.md §5 scale-out). */
  | 'checkpoint_conflict'
  /** A requested tree size, leaf index or range is outside the latest checkpoint. */
  | 'out_of_range'
  /** Storage is inconsistent with the log (a missing tile, an entry that does not hash to the tree). */
  | 'storage_corrupt';

export class LogError extends Error {
  override readonly name = 'LogError';
  readonly code: LogErrorCode;
  /** For `overloaded`: seconds after which a retry is sensible. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: LogErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export function isLogError(error: unknown, code?: LogErrorCode): error is LogError {
  return error instanceof LogError && (code === undefined || error.code === code);
}
