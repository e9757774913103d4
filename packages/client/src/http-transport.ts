import { ClientError, type ServerProblem } from './client-error.ts';
import {
  computeRetryDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.ts';

/** The subset of WHATWG `fetch` the client uses: the browser's, Node's, or a test's fake. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Time as the client sees it, injected (STYLE.md habit 2): `sleep` waits between retries; `now`, when given,
 * lets a Retry-After in HTTP-date form be honoured (without it only delay-seconds are).
 */
export interface ClientClock {
  sleep(ms: number): Promise<void>;
  now?(): number;
}

/** Waits with the platform's timer; reads no clock. */
export const TIMER_CLOCK: ClientClock = {
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms);
    }),
};

export interface RetryOptions extends Partial<RetryPolicy> {
  /** A uniform random number in [0, 1) for jitter; without it backoff is exactly exponential. */
  readonly random?: () => number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path under the base URL, e.g. `/api/v1/statements`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A JSON body. */
  readonly body?: unknown;
  /**
   * Raw bytes sent as they are, with their media type and optional extra headers (an RFC 9530
   * Content-Digest): a report document upload. Exclusive with `body`.
   */
  readonly rawBody?: {
    readonly bytes: Uint8Array;
    readonly contentType: string;
    readonly headers?: Readonly<Record<string, string>>;
  };
  readonly token?: string | undefined;
  /** Whether repeating the request is safe (reads, idempotent submissions). Sign-in is never retried. */
  readonly retry: boolean;
  /**
   * `text` for the log's own plain-text documents (`/log/checkpoint`, c2sp.org/tlog-checkpoint): a 2xx body is
   * then the text as sent. Refusals are problem+json either way. Default `json`.
   */
  readonly response?: 'json' | 'text';
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface HttpTransport {
  /** The answer of a 2xx; throws ClientError `problem`, `network_error` or `invalid_response` otherwise. */
  request(request: HttpRequest): Promise<HttpAnswer>;
}

/** Larger answers are refused: the biggest the API documents is a page of records or a batch result. */
const MAX_RESPONSE_CHARS = 16 * 1024 * 1024;

function buildUrl(baseUrl: string, path: string, query: HttpRequest['query']): string {
  let url: URL;
  try {
    url = new URL(path, baseUrl);
  } catch (cause) {
    throw new ClientError(
      'invalid_argument',
      `baseUrl must be an absolute URL, not ${JSON.stringify(baseUrl)}`,
      {
        cause,
      },
    );
  }
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function parseBody(text: string, status: number): unknown {
  if (text.length > MAX_RESPONSE_CHARS) throw new ClientError('invalid_response', 'the answer is too large');
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ClientError('invalid_response', `the server answered ${status} with a body that is not JSON`, {
      cause,
    });
  }
}

/** A refusal as a ClientError: the server's problem+json `code` and `detail` when it sent them. */
function problemError(status: number, body: unknown): ClientError {
  const document =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const code = typeof document.code === 'string' ? document.code : `http_${status}`;
  const detail = typeof document.detail === 'string' ? document.detail : `HTTP ${status}`;
  const problem: ServerProblem = {
    status,
    code,
    detail,
    ...(typeof document.title === 'string' ? { title: document.title } : {}),
    document,
  };
  return new ClientError('problem', `${status} ${code}: ${detail}`, { problem });
}

/**
 * JSON (or raw bytes out, JSON back) over `fetch` with bounded retries: a network failure, or a 429/502/503/504 (honouring Retry-After), is
 * tried again up to `maxAttempts` in all with exponential backoff; any other refusal is final at once.
 */
export function createHttpTransport(options: {
  baseUrl: string;
  fetch: FetchFunction;
  clock?: ClientClock | undefined;
  retry?: RetryOptions | undefined;
}): HttpTransport {
  const { baseUrl, fetch } = options;
  const clock = options.clock ?? TIMER_CLOCK;
  const { random, ...policyOverrides } = options.retry ?? {};
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...policyOverrides };
  const now = clock.now?.bind(clock);

  async function attempt(request: HttpRequest): Promise<Response> {
    const url = buildUrl(baseUrl, request.path, request.query);
    const headers: Record<string, string> = {
      accept: request.response === 'text' ? 'text/plain, application/problem+json' : 'application/json',
    };
    if (request.body !== undefined && request.rawBody !== undefined)
      throw new ClientError('invalid_argument', 'a request has a JSON body or a raw body, not both');
    let body: BodyInit | undefined;
    if (request.rawBody !== undefined) {
      Object.assign(headers, request.rawBody.headers, { 'content-type': request.rawBody.contentType });
      body = request.rawBody.bytes as Uint8Array<ArrayBuffer>;
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
    try {
      return await fetch(url, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    } catch (cause) {
      throw new ClientError('network_error', `cannot reach ${baseUrl}: ${String(cause)}`, { cause });
    }
  }

  return {
    async request(request) {
      const attempts = request.retry ? Math.max(1, policy.maxAttempts) : 1;
      for (let number = 1; ; number += 1) {
        let response: Response;
        try {
          response = await attempt(request);
        } catch (error) {
          if (number >= attempts || !(error instanceof ClientError) || error.code !== 'network_error')
            throw error;
          await clock.sleep(computeRetryDelay(policy, number, undefined, random));
          continue;
        }
        const text = await response.text();
        if (response.ok && request.response === 'text') {
          if (text.length > MAX_RESPONSE_CHARS)
            throw new ClientError('invalid_response', 'the answer is too large');
          return { status: response.status, body: text };
        }
        const body = parseBody(text, response.status);
        if (response.ok) return { status: response.status, body };
        if (number >= attempts || !isRetryableStatus(response.status))
          throw problemError(response.status, body);
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
        await clock.sleep(computeRetryDelay(policy, number, retryAfter, random));
      }
    },
  };
}
