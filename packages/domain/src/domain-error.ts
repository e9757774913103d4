/**
 * Every rule violation @jmm/domain reports is a DomainError with a stable `code` (STYLE.md habit 3). The
 * server maps codes to HTTP statuses in one place; domain code never knows a status.
 */
export type DomainErrorCode =
  /** The payload is not a statement: schema, bounds, enums, or not in RFC 8785 canonical form. */
  | 'invalid_statement'
  /** The statement's audience is not one its type allows (AUDIENCE_RULES: membership is public, profiles not). */
  | 'audience_not_allowed'
  /** The DSSE envelope around the statement is malformed or its signature does not verify. */
  | 'invalid_envelope'
  /** The statement names another mechanism (origin). */
  | 'wrong_mechanism'
  /** The signing key is not enrolled in this mechanism. */
  | 'unknown_key'
  /** The signing key was revoked before this log index. */
  | 'key_revoked'
  /** The key belongs to a different member or organisation than the statement's issuer. */
  | 'issuer_mismatch'
  /** The issuer's organisation kind or roles do not permit this statement type. */
  | 'forbidden_type'
  /** A referenced statement is not in the log. */
  | 'ref_not_found'
  /** A referenced statement exists but the issuer may not read it. */
  | 'ref_not_visible'
  /** A reference has the wrong relation or points at the wrong type of statement. */
  | 'invalid_ref'
  /** issued_at is further from log time than the mechanism's tolerance. */
  | 'issued_at_out_of_range'
  /** The statement conflicts with mechanism state (duplicate member, unknown org, already decided, …). */
  | 'state_conflict'
  /** The log has no genesis yet, or a second genesis was submitted. */
  | 'genesis_required'
  /** A listed evidence file was neither uploaded by the issuer's organisation nor listed where it may read. */
  | 'evidence_not_available'
  /**
   * The sequencer's bug, never the submitter's: validation or apply looked up a workflow record the batch did
   * not load from storage (RecordWorkingSet). Nothing of it is written: from validation the statement is
   * refused alone (an internal error), from apply the whole batch.
   */
  | 'record_not_loaded';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  /** Machine-readable detail for the problem document (field paths, limits); never secrets. */
  readonly detail: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: DomainErrorCode,
    message: string,
    options?: { cause?: unknown; detail?: Record<string, unknown> },
  ) {
    super(message, options);
    this.code = code;
    this.detail = options?.detail;
  }
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
