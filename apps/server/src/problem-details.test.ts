import { CoreError } from '@jmm/core';
import { DomainError } from '@jmm/domain';
import { LogError } from '@jmm/log';
import { StorageError } from '@jmm/storage';
import { describe, expect, it } from 'vitest';
import {
  INTERNAL_DETAIL,
  mapErrorToProblem,
  PROBLEM_RULES,
  type ErrorCode,
  type ProblemRule,
} from './problem-details.ts';
import { ServerError } from './server-error.ts';

/** A message no client may ever see: it stands for stack traces, SQL, file paths. */
const SECRET = 'SELECT secret FROM internals at /srv/jmm/data';

const RULES = Object.entries(PROBLEM_RULES) as [ErrorCode, ProblemRule][];

/**
 * The error classes a code can travel in. The table is keyed by code alone, so each code is checked in every
 * class: the answer must not depend on which package raised it (apart from LogError's own retry hint).
 */
const CARRIERS: readonly [string, (code: ErrorCode) => Error][] = [
  ['CoreError', (code) => new CoreError(code as never, SECRET)],
  ['DomainError', (code) => new DomainError(code as never, SECRET)],
  ['LogError', (code) => new LogError(code as never, SECRET)],
  ['StorageError', (code) => new StorageError(code as never, SECRET)],
  ['ServerError', (code) => new ServerError(code as never, SECRET)],
];

describe('mapErrorToProblem', () => {
  describe.each(RULES)('for the code %s', (code, rule) => {
    it.each(CARRIERS)('answers a %s by the rule of the table', (_name, create) => {
      const { problem, retryAfterSeconds } = mapErrorToProblem(create(code));
      if (rule === 'internal') {
        expect(problem).toMatchObject({ status: 500, code: 'internal', detail: INTERNAL_DETAIL });
        expect(retryAfterSeconds).toBeUndefined();
      } else if (typeof rule === 'number') {
        // The client's request failed: the message tells it why.
        expect(problem).toMatchObject({
          status: rule,
          code,
          detail: SECRET,
          type: `urn:jmm:problem:${code}`,
        });
        expect(retryAfterSeconds).toBeUndefined();
      } else {
        // The server's side failed: the message is for the log only.
        expect(problem).toMatchObject({ status: rule.status, code, detail: rule.detail });
        expect(JSON.stringify(problem)).not.toContain('secret');
        if (rule.status === 503) expect(retryAfterSeconds).toBe(rule.retryAfterSeconds);
        else expect(retryAfterSeconds).toBeUndefined();
      }
      expect(problem.title).not.toBe('Error');
    });
  });

  it('gives every 503 a positive Retry-After and every server-side code its own detail', () => {
    const serverSide = RULES.flatMap(([, rule]) => (typeof rule === 'object' ? [rule] : []));
    for (const rule of serverSide) {
      if (rule.status === 503) expect(rule.retryAfterSeconds).toBeGreaterThan(0);
    }
    const details = serverSide.map((rule) => rule.detail);
    expect(new Set(details).size).toBe(details.length);
  });

  describe('for storage errors', () => {
    const answer = (code: ConstructorParameters<typeof StorageError>[0]) =>
      mapErrorToProblem(new StorageError(code, SECRET));

    it('answers an unreachable database 503 with Retry-After, saying the database is unreachable', () => {
      const { problem, retryAfterSeconds } = answer('database_unavailable');
      expect(problem).toMatchObject({ status: 503, code: 'database_unavailable' });
      expect(problem.detail).toContain('database is unreachable');
      expect(retryAfterSeconds).toBe(5);
    });

    it('answers corrupt data 500, saying stored data failed a check', () => {
      const { problem } = answer('corrupt_data');
      expect(problem).toMatchObject({ status: 500, code: 'corrupt_data' });
      expect(problem.detail).toContain('stored data failed a check');
    });

    it('answers an invalid argument (a limit, a cursor) 400 with its message', () => {
      expect(answer('invalid_argument').problem).toMatchObject({
        status: 400,
        code: 'invalid_argument',
        detail: SECRET,
      });
    });

    it('answers failed queries and migrations as internal errors', () => {
      for (const code of ['query_failed', 'migration_failed'] as const) {
        expect(answer(code).problem).toMatchObject({
          status: 500,
          code: 'internal',
          detail: INTERNAL_DETAIL,
        });
      }
    });

    it('gives each code its own answer', () => {
      const codes = ['database_unavailable', 'corrupt_data', 'duplicate', 'invalid_argument'] as const;
      const details = codes.map((code) => answer(code).problem.detail);
      expect(new Set(details).size).toBe(codes.length);
    });
  });

  describe('for programmer errors', () => {
    it.each([
      ['a TypeError', new TypeError(SECRET)],
      ['a RangeError', new RangeError(SECRET)],
      ['a bare Error', new Error(SECRET)],
      ['an Error with a 5xx status', Object.assign(new Error(SECRET), { statusCode: 500 })],
      ['a thrown string', SECRET],
      ['a thrown object', { message: SECRET, code: 'invalid_hex' }],
      ['undefined', undefined],
    ])('answers %s 500 with a generic detail that leaks nothing', (_name, thrown) => {
      const { problem, retryAfterSeconds } = mapErrorToProblem(thrown);
      expect(problem).toMatchObject({ status: 500, code: 'internal', detail: INTERNAL_DETAIL });
      expect(JSON.stringify(problem)).not.toContain('secret');
      expect(retryAfterSeconds).toBeUndefined();
    });

    it("keeps another library's 4xx status without its message", () => {
      const { problem } = mapErrorToProblem(Object.assign(new Error(SECRET), { statusCode: 404 }));
      expect(problem).toMatchObject({ status: 404, code: 'invalid_request' });
      expect(problem.detail).not.toContain('secret');
    });
  });

  describe("for Fastify's request errors", () => {
    it('answers a schema validation failure 400 with the issues', () => {
      const error = Object.assign(new Error('body/x must be string'), {
        statusCode: 400,
        code: 'FST_ERR_VALIDATION',
        validation: [{ path: 'x' }],
      });
      expect(mapErrorToProblem(error).problem).toMatchObject({
        status: 400,
        code: 'invalid_request',
        issues: [{ path: 'x' }],
      });
    });

    it('answers an over-large body 413', () => {
      const error = Object.assign(new Error('too large'), {
        statusCode: 413,
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      });
      expect(mapErrorToProblem(error).problem).toMatchObject({ status: 413, code: 'payload_too_large' });
    });
  });

  describe('retry hints and extensions', () => {
    it("prefers a LogError's own retry hint to the table's", () => {
      const error = new LogError('not_ready', SECRET, { retryAfterSeconds: 60 });
      expect(mapErrorToProblem(error)).toMatchObject({ problem: { status: 503 }, retryAfterSeconds: 60 });
    });

    it('adds machine-readable detail as extensions that cannot override the RFC 9457 members', () => {
      const error = new ServerError('invalid_request', 'bad', {
        detail: { problems: ['x'], status: 200, code: 'ok' },
      });
      expect(mapErrorToProblem(error).problem).toMatchObject({
        status: 400,
        code: 'invalid_request',
        problems: ['x'],
      });
    });
  });
});
