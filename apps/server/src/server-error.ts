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
  | 'rate_limited'
  | 'method_not_allowed'
  | 'uri_too_long'
  /** The thing to create exists already (a mechanism in a data directory, a key file). */
  | 'already_exists';

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
