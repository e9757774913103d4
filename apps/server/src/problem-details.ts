import { CoreError, type CoreErrorCode } from '@jmm/core';
import { DomainError, type DomainErrorCode } from '@jmm/domain';
import { LogError, type LogErrorCode } from '@jmm/log';
import { MechanismError, type MechanismErrorCode } from '@jmm/mechanism';
import { StorageError, type StorageErrorCode } from '@jmm/storage';
import { ServerError, type ServerErrorCode } from './server-error.ts';

/** An RFC 9457 problem document with JMM's stable `code` extension. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export interface MappedProblem {
  readonly problem: ProblemDetails;
  /** Seconds for a Retry-After header (every 503, and a 429 from the rate limiter). */
  readonly retryAfterSeconds: number | undefined;
}

/** Every code an error class of a JMM package can carry (STYLE.md habit 3). */
export type ErrorCode =
  CoreErrorCode | DomainErrorCode | LogErrorCode | StorageErrorCode | MechanismErrorCode | ServerErrorCode;

/** Statuses answered with the error's own message as the detail: the client's request is what failed. */
type ClientStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 414 | 415 | 422 | 429;

/**
 * How a code is answered:
 * - a client status: that status, and the error's message as the detail;
 * - `{ status: 500 | 503, detail }`: the server's side failed, and the message (written for the operator's log)
 *   is replaced by `detail`; a 503 also says when to retry;
 * - `'internal'`: a failure that means a bug or a broken deployment, answered exactly like a programmer error
 *   (code `internal`, a generic detail), so that nothing about it leaks.
 */
export type ProblemRule =
  | ClientStatus
  | { readonly status: 500; readonly detail: string }
  | { readonly status: 503; readonly detail: string; readonly retryAfterSeconds: number }
  | 'internal';

/**
 * The one mapping from error codes to HTTP statuses (STYLE.md habit 4): packages never know statuses. Typed by
 * every package's code union, so a new code does not compile until it is given a status here.
 */
export const PROBLEM_RULES = {
  // Request shape and malformed input.
  invalid_request: 400,
  invalid_json: 400,
  invalid_base64: 400,
  invalid_hex: 400,
  invalid_utf8: 400,
  invalid_key: 400,
  invalid_signature: 400,
  invalid_envelope: 400,
  invalid_statement: 400,
  invalid_note: 400,
  invalid_checkpoint: 400,
  invalid_cosignature: 400,
  invalid_tile: 400,
  invalid_witness_request: 400,
  invalid_range: 400,
  invalid_proof: 400,
  // A core function's contract or a storage read's arguments (a limit, a cursor) taken from the request.
  invalid_argument: 400,
  out_of_range: 400,
  nesting_too_deep: 400,
  digest_mismatch: 400,
  size_limit: 413,
  payload_too_large: 413,
  // An organisation's evidence uploads would pass its quota (the message names the quota, nothing else).
  quota_exceeded: 413,
  evidence_quota_exceeded: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  uri_too_long: 414,
  already_exists: 409,
  // Who is asking.
  unauthenticated: 401,
  challenge_failed: 401,
  csrf_failed: 403,
  forbidden: 403,
  forbidden_type: 403,
  not_found: 404,
  // Statements that are well formed but break the mechanism's rules.
  wrong_mechanism: 422,
  unknown_key: 422,
  key_revoked: 422,
  issuer_mismatch: 422,
  ref_not_found: 422,
  ref_not_visible: 422,
  invalid_ref: 422,
  issued_at_out_of_range: 422,
  evidence_not_available: 422,
  audience_not_allowed: 422,
  // A report draft for a period whose numbers may still change (POST /api/v1/reports/drafts).
  period_not_ended: 422,
  unverified_note: 422,
  state_conflict: 409,
  genesis_required: 409,
  // Load and availability: the request may succeed later, unchanged.
  rate_limited: 429,
  overloaded: {
    status: 503,
    detail: 'the sequencing queue is full; retry shortly',
    retryAfterSeconds: 1,
  },
  too_many_challenges: {
    status: 503,
    detail: 'too many sign-in challenges are outstanding; retry when some have expired',
    retryAfterSeconds: 30,
  },
  too_many_streams: {
    status: 503,
    detail: 'too many event streams are open; close one, or retry later',
    retryAfterSeconds: 30,
  },
  closed: { status: 503, detail: 'the server is shutting down', retryAfterSeconds: 5 },
  not_ready: {
    status: 503,
    detail: 'the sequencer cannot sequence right now; it is recovering or has stopped',
    retryAfterSeconds: 5,
  },
  not_sequencer: {
    status: 503,
    detail:
      'the process sequencing the log could not be reached from here; resubmit it (resubmission is idempotent)',
    retryAfterSeconds: 1,
  },
  checkpoint_conflict: {
    status: 503,
    detail: 'the log moved on while this statement was sequenced; resubmit it',
    retryAfterSeconds: 1,
  },
  outcome_unknown: {
    status: 503,
    detail:
      'the statement may or may not have been logged; resubmit it (resubmission is idempotent and answers with its index if it was)',
    retryAfterSeconds: 1,
  },
  database_unavailable: {
    status: 503,
    detail: 'the database is unreachable; retry shortly',
    retryAfterSeconds: 5,
  },
  // The server's side.
  storage_corrupt: { status: 500, detail: 'the stored log failed an integrity check; it has been logged' },
  corrupt_data: { status: 500, detail: 'stored data failed a check when it was read; it has been logged' },
  duplicate: {
    status: 500,
    detail: 'a stored record with the same key already exists; it has been logged',
  },
  query_failed: 'internal',
  migration_failed: 'internal',
  record_not_loaded: 'internal',
} as const satisfies Record<ErrorCode, ProblemRule>;

/** What every programmer error (TypeError, RangeError, anything thrown that is not a JMM error) is answered. */
export const INTERNAL_DETAIL = 'an internal error occurred; it has been logged';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict with mechanism state',
  413: 'Too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Statement rejected',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

function problemFor(
  code: string,
  status: number,
  detail: string,
  extra: Readonly<Record<string, unknown>> = {},
): ProblemDetails {
  // Extensions first: they may never override the RFC 9457 members or the code.
  return {
    ...extra,
    type: `urn:jmm:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
}

const INTERNAL: MappedProblem = {
  problem: problemFor('internal', 500, INTERNAL_DETAIL),
  retryAfterSeconds: undefined,
};

/**
 * The problem for a JMM error: its code's rule decides the status and whether its message is shown. `extra`
 * is a DomainError's or ServerError's `detail`, machine-readable and never secret by their contract.
 */
function mapCodedError(
  code: ErrorCode,
  message: string,
  extra: Readonly<Record<string, unknown>> | undefined,
  retryAfterSeconds: number | undefined,
): MappedProblem {
  const rule: ProblemRule = PROBLEM_RULES[code];
  if (rule === 'internal') return INTERNAL;
  if (typeof rule === 'number') {
    return { problem: problemFor(code, rule, message, extra), retryAfterSeconds: undefined };
  }
  return {
    problem: problemFor(code, rule.status, rule.detail, extra),
    retryAfterSeconds: rule.status === 503 ? (retryAfterSeconds ?? rule.retryAfterSeconds) : undefined,
  };
}

/** Fastify's own errors carry `code` (FST_…) and `statusCode`; they are mapped onto JMM codes here. */
interface FastifyLikeError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly validation?: unknown;
  readonly message: string;
}

function mapFastifyError(error: FastifyLikeError): MappedProblem | undefined {
  const client = (code: ServerErrorCode, detail: string, extra?: Record<string, unknown>) =>
    mapCodedError(code, detail, extra, undefined);
  if (error.validation !== undefined) {
    return client('invalid_request', error.message, { issues: error.validation });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return client('payload_too_large', 'the request body is larger than this route accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return client('unsupported_media_type', 'send application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return mapCodedError('invalid_json', 'the request body is not valid JSON', undefined, undefined);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return client('invalid_request', 'Content-Length does not match the body');
    default:
      break;
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  if (status === 429) {
    return { ...client('rate_limited', 'rate limit exceeded; slow down'), retryAfterSeconds: 60 };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    // Only Fastify's own messages are known to be fit for clients; another library's 4xx keeps its status.
    const fastify = typeof error.code === 'string' && error.code.startsWith('FST_');
    const { problem } = client('invalid_request', fastify ? error.message : 'the request was refused');
    return {
      problem: { ...problem, status, title: TITLES[status] ?? 'Bad request' },
      retryAfterSeconds: undefined,
    };
  }
  return undefined;
}

/**
 * Maps any thrown value to a problem document. The packages' error classes go through PROBLEM_RULES; Fastify's
 * request errors keep their 4xx meaning; everything else is a programmer error, answered 500 with a detail that
 * says nothing about it (the error handler logs it).
 */
export function mapErrorToProblem(error: unknown): MappedProblem {
  if (error instanceof LogError) {
    return mapCodedError(error.code, error.message, undefined, error.retryAfterSeconds);
  }
  if (error instanceof DomainError || error instanceof ServerError || error instanceof MechanismError) {
    return mapCodedError(error.code, error.message, error.detail, undefined);
  }
  if (error instanceof CoreError || error instanceof StorageError) {
    return mapCodedError(error.code, error.message, undefined, undefined);
  }
  if (error instanceof Error && ('statusCode' in error || 'validation' in error)) {
    return mapFastifyError(error) ?? INTERNAL;
  }
  return INTERNAL;
}
