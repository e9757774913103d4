/** Every failure @jmm/log reports is a LogError with a stable `code` (STYLE.md habit 3). */
export type LogErrorCode =
  /** The sequencing queue is full: the caller should retry later (HTTP 503 with Retry-After). */
  | 'overloaded'
  /** The engine is closed or closing and accepts nothing new. */
  | 'closed'
  /**
   * Another writer replaced the checkpoint: nothing of the batch was written, and the engine reloads its state
   * from storage before it sequences again (DESIGN.md §5 scale-out).
   */
  | 'checkpoint_conflict'
  /**
   * A commit failed without saying whether it was written, and storage could not be asked: the submitter should
   * resubmit once the engine is ready again; resubmission is idempotent, so nothing is logged twice.
   */
  | 'outcome_unknown'
  /**
   * The engine cannot sequence now: it is reloading its state from storage, storage is unreachable, or it has
   * failed (HTTP 503 with Retry-After; `LogEngine.health` says which).
   */
  | 'not_ready'
  /**
   * This process does not sequence the log: another process holds the sequencer lock (DESIGN.md §5 scale-out).
   * The server hands the submission to the sequencing process instead.
   */
  | 'not_sequencer'
  /** A requested tree size, leaf index or range is outside the latest checkpoint. */
  | 'out_of_range'
  /** Storage is inconsistent with the log (a missing tile, an entry that does not hash to the tree). */
  | 'storage_corrupt';

export class LogError extends Error {
  override readonly name = 'LogError';
  readonly code: LogErrorCode;
  /** For `overloaded`, `not_ready` and `outcome_unknown`: seconds after which a retry is sensible. */
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
