import { CoreError } from '@jmm/core';
import { DomainError } from '@jmm/domain';
import { LogError } from '@jmm/log';
import { StorageError } from '@jmm/storage';
import { ServerError } from './server-error.ts';

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
  /** Seconds for a Retry-After header (503 overload, 429 rate limit). */
  readonly retryAfterSeconds: number | undefined;
}

/**
 * The one mapping from error codes to HTTP statuses (STYLE.md habit 4). Codes not listed are 400 for
 * malformed-input families and 500 otherwise. Packages never know statuses; this table is the only place.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
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
  invalid_range: 400,
  invalid_proof: 400,
  invalid_argument: 400,
  out_of_range: 400,
  size_limit: 413,
  payload_too_large: 413,
  unsupported_media_type: 415,
  digest_mismatch: 400,
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
  unverified_note: 422,
  state_conflict: 409,
  genesis_required: 409,
  // Load and availability.
  rate_limited: 429,
  overloaded: 503,
  closed: 503,
  checkpoint_conflict: 503,
  database_unavailable: 503,
};

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

function problemFor(code: string, detail: string, extra: Record<string, unknown> = {}): ProblemDetails {
  const status = STATUS_BY_CODE[code] ?? 500;
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

/** Fastify's own errors carry `code` (FST_…) and `statusCode`; they are mapped onto JMM codes here. */
interface FastifyLikeError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly validation?: unknown;
  readonly message: string;
}

function mapFastifyError(error: FastifyLikeError): ProblemDetails | undefined {
  if (error.validation !== undefined) {
    return problemFor('invalid_request', error.message, { issues: error.validation });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemFor('payload_too_large', 'the request body is larger than this route accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemFor('unsupported_media_type', 'send application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemFor('invalid_json', 'the request body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemFor('invalid_request', 'Content-Length does not match the body');
    default:
      break;
  }
  if (typeof error.statusCode === 'number' && error.statusCode === 429) {
    return problemFor('rate_limited', 'rate limit exceeded; slow down');
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return {
      ...problemFor('invalid_request', error.message),
      status: error.statusCode,
      title: TITLES[error.statusCode] ?? 'Bad request',
    };
  }
  return undefined;
}

/** Maps any thrown value to a problem document. Internal errors never leak their message. */
export function mapErrorToProblem(error: unknown): MappedProblem {
  if (error instanceof LogError) {
    return {
      problem: problemFor(error.code, error.message),
      retryAfterSeconds: error.retryAfterSeconds ?? (error.code === 'overloaded' ? 1 : undefined),
    };
  }
  if (error instanceof DomainError || error instanceof ServerError) {
    return {
      problem: problemFor(error.code, error.message, error.detail === undefined ? {} : { ...error.detail }),
      retryAfterSeconds: undefined,
    };
  }
  if (error instanceof CoreError) {
    return { problem: problemFor(error.code, error.message), retryAfterSeconds: undefined };
  }
  if (error instanceof StorageError) {
    const problem = problemFor(error.code, 'the database is unavailable');
    return { problem, retryAfterSeconds: problem.status === 503 ? 5 : undefined };
  }
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const mapped = mapFastifyError(error as FastifyLikeError);
    if (mapped !== undefined)
      return { problem: mapped, retryAfterSeconds: mapped.status === 429 ? 60 : undefined };
  }
  return {
    problem: problemFor('internal', 'an internal error occurred; it has been logged'),
    retryAfterSeconds: undefined,
  };
}
