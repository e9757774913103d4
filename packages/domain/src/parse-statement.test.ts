import { canonicalizeJson, encodeUtf8 } from '@jmm/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genesisStatement } from '../test/mechanism-fixture.ts';
import { DomainError } from './domain-error.ts';
import { encodeStatement, parseStatement } from './parse-statement.ts';
import { MAX_STATEMENT_BYTES } from './statements/statement.ts';

describe('parseStatement', () => {
  it('reads a canonical statement back to the same value', () => {
    const genesis = genesisStatement();
    expect(parseStatement(encodeStatement(genesis))).toEqual(genesis);
  });

  it('rejects a payload that is not in RFC 8785 canonical form', () => {
    const text = JSON.stringify(genesisStatement(), null, 1);
    expect(() => parseStatement(encodeUtf8(text))).toThrow(
      expect.objectContaining({ code: 'invalid_statement' }),
    );
  });

  it('rejects duplicate member names, which cannot survive canonicalisation', () => {
    const canonical = canonicalizeJson(genesisStatement());
    const duplicated = canonical.replace('{"audience"', '{"audience":{"kind":"orgs"},"audience"');
    expect(() => parseStatement(encodeUtf8(duplicated))).toThrow(
      expect.objectContaining({ code: 'invalid_statement' }),
    );
  });

  it('rejects unknown types, unknown fields and out-of-bounds values with the failing path', () => {
    const genesis = genesisStatement();
    for (const bad of [
      { ...genesis, type: 'incident.launch' },
      { ...genesis, extra: true },
      { ...genesis, issued_at: '2026-02-30T00:00:00Z' },
      { ...genesis, issuer: { org: 'A', member: 'admin' } },
      { ...genesis, refs: [{ rel: 'endorses', digest: 'sha256:00' }] },
    ]) {
      let caught: unknown;
      try {
        parseStatement(encodeUtf8(canonicalizeJson(bad)));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe('invalid_statement');
    }
  });

  it('rejects payloads over the size bound before parsing them', () => {
    expect(() => parseStatement(new Uint8Array(MAX_STATEMENT_BYTES + 1))).toThrow(
      expect.objectContaining({ code: 'invalid_statement' }),
    );
  });

  it('throws only DomainError for arbitrary and mutated payloads', () => {
    const canonical = encodeStatement(genesisStatement());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.tuple(fc.nat(canonical.length - 1), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
            const mutated = canonical.slice();
            mutated[at] = byte;
            return mutated;
          }),
        ),
        (payload) => {
          try {
            parseStatement(payload);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        },
      ),
    );
  });
});
