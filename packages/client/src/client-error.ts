/**
 * Every failure that crosses @jmm/client's boundary is a ClientError with a stable string `code` (STYLE.md
 * habit 3). A refusal by the server keeps the server's problem document (RFC 9457, DESIGN.md §7): `code` is
 * then `problem`, and `problem.code` is the server's stable code (`ref_not_found`, `rate_limited`, …).
 */
export type ClientErrorCode =
  /** The server could not be reached, or the connection failed mid-answer (after the retries allowed). */
  | 'network_error'
  /** The server refused the request with a problem document; see `problem`. */
  | 'problem'
  /** The server answered something that is not the documented shape (not JSON, missing fields, too large). */
  | 'invalid_response'
  /** A statement to compose does not match its schema; `detail.issues` lists every problem. */
  | 'invalid_statement'
  /** The checkpoint note is malformed, not signed by the log's key, or of another origin. */
  | 'checkpoint_invalid'
  /** The inclusion proof does not lead from the entry to the checkpoint's root hash. */
  | 'proof_invalid'
  /** The log entry does not name the envelope it was returned for. */
  | 'entry_mismatch'
  /** Two checkpoints of the same tree size with different root hashes: the log shows different views. */
  | 'split_view'
  /** A read that needs a session was made before `signIn`. */
  | 'not_signed_in'
  /** A caller passed an argument outside a function's contract. */
  | 'invalid_argument';

/** The problem document of a refusal (RFC 9457 with JMM's `code` extension). */
export interface ServerProblem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly title?: string;
  /** The whole document, extensions included (`issues`, `retry_after_seconds`, …). */
  readonly document: Readonly<Record<string, unknown>>;
}

export class ClientError extends Error {
  override readonly name = 'ClientError';
  readonly code: ClientErrorCode;
  /** Set when `code` is `problem`. */
  readonly problem: ServerProblem | undefined;
  /** Machine-readable detail (schema issues, sizes); never secrets. */
  readonly detail: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ClientErrorCode,
    message: string,
    options?: { cause?: unknown; problem?: ServerProblem; detail?: Record<string, unknown> },
  ) {
    super(message, options);
    this.code = code;
    this.problem = options?.problem;
    this.detail = options?.detail;
  }
}

/** True when `error` is a ClientError, optionally with the given code. */
export function isClientError(error: unknown, code?: ClientErrorCode): error is ClientError {
  return error instanceof ClientError && (code === undefined || error.code === code);
}
