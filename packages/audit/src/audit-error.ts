/**
 * Every failure that crosses @jmm/audit's boundary is an AuditError with a stable string `code` (STYLE.md
 * habit 3). These are failures to audit at all; what an audit finds wrong with a log is a problem in its
 * result (audit-result.ts), not an error.
 */
export type AuditErrorCode =
  /** A caller passed an argument outside a function's contract (a bad origin, log key or option). */
  | 'invalid_argument'
  /** The mechanism could not be reached, or kept failing, after the retries allowed. */
  | 'unreachable'
  /** The source has no such file or resource (a tile past the tree, a bundle without `bundle.json`). */
  | 'not_found'
  /** The source answered something that is not the documented shape at all (an audit bundle's manifest). */
  | 'invalid_source'
  /** The state directory belongs to another mechanism, or its files are unreadable. */
  | 'state_mismatch'
  /** A file could not be read or written. */
  | 'io';

export class AuditError extends Error {
  override readonly name = 'AuditError';
  readonly code: AuditErrorCode;

  constructor(code: AuditErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isAuditError(error: unknown, code?: AuditErrorCode): error is AuditError {
  return error instanceof AuditError && (code === undefined || error.code === code);
}
