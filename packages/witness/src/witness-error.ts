/** Every failure @jmm/witness reports is a WitnessError with a stable `code` (STYLE.md habit 3). */
export type WitnessErrorCode =
  /** The options are unusable: a malformed key, a log key of the wrong type, an empty state directory path. */
  | 'invalid_configuration'
  /**
   * A state file cannot be read or is malformed. The witness refuses to start rather than forget a log it
   * cosigned: forgetting is exactly the rollback it exists to prevent.
   */
  | 'invalid_state'
  /** The witness is closed and accepts nothing new. */
  | 'closed'
  /** Pull mode could not fetch or read the log's checkpoint or tiles. */
  | 'fetch_failed';

export class WitnessError extends Error {
  override readonly name = 'WitnessError';
  readonly code: WitnessErrorCode;

  constructor(code: WitnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `error` is a WitnessError, optionally with the given code. */
export function isWitnessError(error: unknown, code?: WitnessErrorCode): error is WitnessError {
  return error instanceof WitnessError && (code === undefined || error.code === code);
}
