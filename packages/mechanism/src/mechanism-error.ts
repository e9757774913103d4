/**
 * Every failure @jmm/mechanism reports itself is a MechanismError with a stable `code` (STYLE.md habit 3): a
 * configuration, a data directory or a file that is not what it should be. The server maps codes to HTTP
 * statuses in its one table (problem-details.ts); the CLI maps them to exit codes.
 */
export type MechanismErrorCode =
  /** The configuration, a file in the data directory, or an upload is malformed. */
  | 'invalid_request'
  /** No mechanism (or no such file) where one was expected. */
  | 'not_found'
  /** The thing to create exists already (a mechanism in a data directory, a key file). */
  | 'already_exists'
  /** An upload is larger than allowed. */
  | 'payload_too_large'
  /** An upload's bytes do not hash to the digest it was announced with. */
  | 'digest_mismatch'
  /** An evidence upload would take the organisation past its evidence quota (nothing is stored). */
  | 'evidence_quota_exceeded';

export class MechanismError extends Error {
  override readonly name = 'MechanismError';
  readonly code: MechanismErrorCode;
  /** Machine-readable detail for the problem document; never secrets. */
  readonly detail: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: MechanismErrorCode,
    message: string,
    options?: { cause?: unknown; detail?: Record<string, unknown> },
  ) {
    super(message, options);
    this.code = code;
    this.detail = options?.detail;
  }
}

export function isMechanismError(error: unknown, code?: MechanismErrorCode): error is MechanismError {
  return error instanceof MechanismError && (code === undefined || error.code === code);
}
