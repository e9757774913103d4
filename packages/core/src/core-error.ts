/**
 * Every failure that crosses @jmm/core's boundary is a CoreError with a stable string `code`
 * (STYLE.md habit 3). Callers and tests switch on `code`, never on message text; the HTTP layer maps
 * codes to statuses in exactly one place.
 */
export type CoreErrorCode =
  /** Input is not valid lowercase/uppercase hex of the expected shape. */
  | 'invalid_hex'
  /** Input is not strict, padded, standard base64 (RFC 4648 §4). */
  | 'invalid_base64'
  /** Input is not valid UTF-8. */
  | 'invalid_utf8'
  /** Input is not JSON, or not JSON that RFC 8785 can canonicalise (lone surrogates, non-finite numbers). */
  | 'invalid_json'
  /** An input exceeded a documented bound (bytes, lines, signatures, depth). */
  | 'size_limit'
  /** A key or key string is malformed or of the wrong algorithm. */
  | 'invalid_key'
  /** A signature is malformed or does not verify. */
  | 'invalid_signature'
  /** A DSSE envelope is malformed. */
  | 'invalid_envelope'
  /** A tree size, leaf index or range is out of bounds. */
  | 'invalid_range'
  /** A Merkle proof is malformed or does not verify. */
  | 'invalid_proof'
  /** A C2SP signed note is malformed. */
  | 'invalid_note'
  /** A signed note carries no verifying signature from a known key. */
  | 'unverified_note'
  /** A tlog-checkpoint body is malformed. */
  | 'invalid_checkpoint'
  /** A tlog-cosignature/v1 is malformed or does not verify. */
  | 'invalid_cosignature'
  /** A tlog-tiles path or entry bundle is malformed. */
  | 'invalid_tile'
  /** A tlog-witness add-checkpoint request body is malformed or over its bounds. */
  | 'invalid_witness_request'
  /** A caller passed an argument outside a function's contract. */
  | 'invalid_argument';

export class CoreError extends Error {
  override readonly name = 'CoreError';
  readonly code: CoreErrorCode;

  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `error` is a CoreError, optionally with the given code. */
export function isCoreError(error: unknown, code?: CoreErrorCode): error is CoreError {
  return error instanceof CoreError && (code === undefined || error.code === code);
}
