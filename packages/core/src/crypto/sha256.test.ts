import { describe, expect, it } from 'vitest';
import { encodeHex, encodeUtf8 } from '../encoding/index.ts';
import { sha256 as browserSha256 } from './sha256.browser.ts';
import { sha256 as nodeSha256 } from './sha256.node.ts';

describe.each([
  ['node:crypto', nodeSha256],
  ['@noble/hashes', browserSha256],
])('sha256 via %s', (_name, sha256) => {
  it('matches the FIPS 180-2 examples', () => {
    expect(encodeHex(sha256())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(encodeHex(sha256(encodeUtf8('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
  it('hashes the concatenation of its parts', () => {
    expect(sha256(encodeUtf8('a'), encodeUtf8('bc'))).toEqual(sha256(encodeUtf8('abc')));
  });
  it('returns a plain Uint8Array', () => {
    expect(Object.getPrototypeOf(sha256())).toBe(Uint8Array.prototype);
  });
});
