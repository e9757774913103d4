import { describe, expect, it } from 'vitest';
import { deriveStixId } from './stix-id.ts';

// The identifier pattern of the STIX 2.1 JSON schemas (common/identifier.json).
const STIX_IDENTIFIER =
  /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

describe('deriveStixId', () => {
  it('is a STIX identifier shaped like a UUIDv4 (version 4, RFC 9562 variant)', () => {
    for (let n = 0; n < 200; n++) {
      const id = deriveStixId('report', `sha256:${n}`);
      expect(id).toMatch(STIX_IDENTIFIER);
      expect(id).toMatch(/^report--.{8}-.{4}-4.{3}-[89ab]/);
    }
  });

  it('is the same for the same type and key, and differs when either differs', () => {
    expect(deriveStixId('report', 'k')).toBe(deriveStixId('report', 'k'));
    expect(deriveStixId('report', 'k').slice(8)).not.toBe(deriveStixId('location', 'k').slice(10));
    expect(deriveStixId('report', 'k')).not.toBe(deriveStixId('report', 'k2'));
  });
});
