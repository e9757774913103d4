import { describe, expect, it } from 'vitest';
import { computeRetryDelay, parseRetryAfter, type RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('computeRetryDelay', () => {
  it('doubles per retry up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((retry) => computeRetryDelay(policy, retry, undefined))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  it("prefers the server's Retry-After, bounded by the maximum", () => {
    expect(computeRetryDelay(policy, 1, 700)).toBe(700);
    expect(computeRetryDelay(policy, 1, 60_000)).toBe(1000);
  });

  it('jitters within the upper half of the backoff when given randomness', () => {
    expect(computeRetryDelay(policy, 3, undefined, () => 0)).toBe(200);
    expect(computeRetryDelay(policy, 3, undefined, () => 0.5)).toBe(300);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
  });

  it('reads an HTTP date only when the clock is known', () => {
    const date = 'Mon, 01 Jun 2026 00:00:10 GMT';
    expect(parseRetryAfter(date)).toBeUndefined();
    expect(parseRetryAfter(date, () => Date.parse('2026-06-01T00:00:00Z'))).toBe(10_000);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
