/**
 * When the client tries a request again. Only requests that are safe to repeat are retried: reads, and
 * submissions, which are idempotent because a statement's identity is its envelope digest (DESIGN.md §3: a
 * resubmission answers 200 with `duplicate: true`).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; 1 disables retries. */
  readonly maxAttempts: number;
  /** Wait before the first retry; doubles with every further retry. */
  readonly baseDelayMs: number;
  /** No wait is longer than this, a server's Retry-After included. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
});

/**
 * Statuses worth another attempt: the server is overloaded or rate limiting (STYLE.md habit 4 answers overload
 * with 503 and Retry-After) or a proxy in front of it is. A 4xx other than 429 would be refused again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * The wait before retry number `retry` (1 for the first): the server's Retry-After when it gave one, else
 * exponential backoff, with "equal jitter" when a random source is given (so clients that failed together do
 * not retry together). Bounded by `maxDelayMs`.
 */
export function computeRetryDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
  random?: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), policy.maxDelayMs);
  const exponential = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  if (random === undefined) return exponential;
  return exponential / 2 + (exponential / 2) * Math.min(Math.max(random(), 0), 1);
}

/**
 * A Retry-After header (RFC 9110 §10.2.3) in milliseconds: delay-seconds, or an HTTP date when `now` is known.
 * Anything else is ignored rather than trusted.
 */
export function parseRetryAfter(value: string | null, now?: () => number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  if (now === undefined) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(date - now(), 0);
}
