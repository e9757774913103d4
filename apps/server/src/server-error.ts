/** Errors the HTTP layer raises itself (authentication, request shape, routing). */
export type ServerErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'challenge_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'digest_mismatch'
  /** An evidence upload would take the organisation past its evidence quota (nothing is stored). */
  | 'evidence_quota_exceeded'
  | 'rate_limited'
  | 'method_not_allowed'
  | 'uri_too_long'
  /** A JSON body nests arrays and objects deeper than the server parses (refused before parsing). */
  | 'nesting_too_deep'
  /** The cap on outstanding sign-in challenges is reached; retry after some expire. */
  | 'too_many_challenges'
  /** The cap on open event streams (per server, or per member or address) is reached; retry later. */
  | 'too_many_streams'
  /** The service cannot sequence now (its sequencer is recovering or has failed): /readyz answers 503. */
  | 'not_ready'
  /** The thing to create exists already (a mechanism in a data directory, a key file). */
  | 'already_exists'
  /** A report drafted for a period that has not ended at the latest checkpoint, without `partial`. */
  | 'period_not_ended';

export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly code: ServerErrorCode;
  readonly detail: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ServerErrorCode,
    message: string,
    options?: { cause?: unknown; detail?: Record<string, unknown> },
  ) {
    super(message, options);
    this.code = code;
    this.detail = options?.detail;
  }
}
