import { describe, expect, it } from 'vitest';
import { REFERENCE_ROOTS } from '../../test/support/rfc6962-reference.ts';
import { decodeHex, encodeHex } from '../encoding/index.ts';
import { EMPTY_ROOT_HASH, MERKLE_HASH_LENGTH, hashChildren, hashLeaf } from './merkle-hash.ts';

describe('hashLeaf', () => {
  it('is SHA-256 of 0x00 followed by the entry (RFC 9162 §2.1.1)', () => {
    // The one-leaf tree over the empty entry is the first RFC 6962 reference root.
    expect(hashLeaf(new Uint8Array(0))).toEqual(REFERENCE_ROOTS[1]);
    expect(hashLeaf(new Uint8Array(0))).toHaveLength(MERKLE_HASH_LENGTH);
  });
});

describe('hashChildren', () => {
  it('is SHA-256 of 0x01, the left hash and the right hash', () => {
    const left = hashLeaf(new Uint8Array(0));
    const right = hashLeaf(Uint8Array.of(0));
    expect(hashChildren(left, right)).toEqual(REFERENCE_ROOTS[2]);
  });

  it('keeps a node distinct from a leaf with the same 64 bytes (domain separation)', () => {
    const left = new Uint8Array(32).fill(1);
    const right = new Uint8Array(32).fill(2);
    const joined = new Uint8Array(64);
    joined.set(left);
    joined.set(right, 32);
    expect(hashChildren(left, right)).not.toEqual(hashLeaf(joined));
  });

  it('depends on the order of the children', () => {
    const a = hashLeaf(Uint8Array.of(1));
    const b = hashLeaf(Uint8Array.of(2));
    expect(hashChildren(a, b)).not.toEqual(hashChildren(b, a));
  });
});

describe('EMPTY_ROOT_HASH', () => {
  it('is SHA-256 of the empty string', () => {
    expect(encodeHex(EMPTY_ROOT_HASH)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(EMPTY_ROOT_HASH).toEqual(decodeHex(encodeHex(REFERENCE_ROOTS[0]!)));
  });
});
