import { describe, expect, it } from 'vitest';
import { REFERENCE_LEAVES, REFERENCE_ROOTS, makeLeafHashes } from '../../test/support/rfc6962-reference.ts';
import { CompactRange } from './compact-range.ts';
import { computeRootHash } from './compute-root-hash.ts';
import { EMPTY_ROOT_HASH, hashLeaf } from './merkle-hash.ts';
import { UINT64_MAX } from './uint64.ts';

const leaves = makeLeafHashes(70);

function rangeOf(begin: number, end: number): CompactRange {
  const range = new CompactRange(BigInt(begin));
  for (let i = begin; i < end; i++) range.append(leaves[i]!);
  return range;
}

describe('CompactRange', () => {
  describe('when leaves are appended one by one from 0', () => {
    it('has the RFC 6962 reference root after each of the first 8 leaves', () => {
      const range = new CompactRange();
      expect(range.rootHash()).toEqual(REFERENCE_ROOTS[0]);
      REFERENCE_LEAVES.forEach((leaf, i) => {
        range.append(hashLeaf(leaf));
        expect(range.end).toBe(BigInt(i + 1));
        expect(range.rootHash()).toEqual(REFERENCE_ROOTS[i + 1]);
      });
    });

    it('has the root of every size up to 70 and one hash per set bit of the size', () => {
      const range = new CompactRange();
      for (let size = 1; size <= 70; size++) {
        range.append(leaves[size - 1]!);
        expect(range.rootHash()).toEqual(computeRootHash(leaves.slice(0, size)));
        expect(range.hashes).toHaveLength(size.toString(2).replaceAll('0', '').length);
      }
    });

    it('shows the visitor every leaf and every completed node exactly once', () => {
      const seen = new Map<string, Uint8Array>();
      const range = new CompactRange();
      for (const leaf of leaves.slice(0, 64)) {
        range.append(leaf, (level, index, hash) => {
          const key = `${level}/${String(index)}`;
          expect(seen.has(key)).toBe(false);
          seen.set(key, hash);
        });
      }
      // A perfect tree of 64 leaves has 127 nodes; the visitor's root is the tree's root.
      expect(seen.size).toBe(127);
      expect(seen.get('6/0')).toEqual(range.rootHash());
      expect(seen.get('1/3')).toEqual(computeRootHash(leaves, 6n, 8n));
    });
  });

  describe('appendRange', () => {
    it('merges two adjacent ranges into the range covering both, at every split', () => {
      for (const [begin, end] of [
        [0, 70],
        [5, 37],
        [16, 64],
      ] as const) {
        const whole = rangeOf(begin, end);
        for (let mid = begin; mid <= end; mid++) {
          const left = rangeOf(begin, mid);
          const right = rangeOf(mid, end);
          left.appendRange(right);
          expect(left.end).toBe(BigInt(end));
          expect(left.hashes).toEqual(whole.hashes);
          // The appended range is left as it was.
          expect(right.begin).toBe(BigInt(mid));
        }
      }
    });

    it('reports the nodes completed by the merge', () => {
      const left = rangeOf(0, 3);
      const created: string[] = [];
      left.appendRange(rangeOf(3, 8), (level, index) => created.push(`${level}/${String(index)}`));
      expect(created).toEqual(['1/1', '2/0', '3/0']);
    });

    it('rejects a range that does not start where this one ends with invalid_argument', () => {
      expect(() => {
        rangeOf(0, 4).appendRange(rangeOf(5, 9));
      }).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    });
  });

  describe('when restored from persisted hashes', () => {
    it('continues exactly as the original would', () => {
      const original = rangeOf(3, 41);
      const restored = new CompactRange(original.begin, original.end, original.hashes);
      for (let i = 41; i < 70; i++) {
        original.append(leaves[i]!);
        restored.append(leaves[i]!);
      }
      expect(restored.hashes).toEqual(original.hashes);
      expect(restored.nodes()).toEqual(original.nodes());
    });

    it('rejects the wrong number of hashes with invalid_argument', () => {
      expect(() => new CompactRange(0n, 3n, [leaves[0]!])).toThrow(
        expect.objectContaining({ code: 'invalid_argument' }),
      );
    });

    it('rejects a hash that is not 32 bytes with invalid_argument', () => {
      expect(() => new CompactRange(0n, 1n, [new Uint8Array(33)])).toThrow(
        expect.objectContaining({ code: 'invalid_argument' }),
      );
    });

    it('rejects a range outside uint64 with invalid_range', () => {
      expect(() => new CompactRange(4n, 2n)).toThrow(expect.objectContaining({ code: 'invalid_range' }));
    });
  });

  it('hands out copies of its hashes, so callers cannot change its state', () => {
    const range = rangeOf(0, 3);
    (range.hashes as Uint8Array[]).pop();
    expect(range.hashes).toHaveLength(2);
  });

  it('rejects a leaf hash that is not 32 bytes with invalid_argument', () => {
    expect(() => {
      new CompactRange().append(new Uint8Array(31));
    }).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('refuses to grow past 2^64 − 1 leaves with invalid_range', () => {
    const full = new CompactRange(
      0n,
      UINT64_MAX,
      Array.from({ length: 64 }, () => leaves[0]!),
    );
    expect(() => {
      full.append(leaves[1]!);
    }).toThrow(expect.objectContaining({ code: 'invalid_range' }));
  });

  it('has no root hash unless it starts at leaf 0 (invalid_range)', () => {
    expect(() => rangeOf(1, 5).rootHash()).toThrow(expect.objectContaining({ code: 'invalid_range' }));
  });

  it('returns a copy of the empty root for the empty tree', () => {
    const root = new CompactRange().rootHash();
    root.fill(0);
    expect(EMPTY_ROOT_HASH[0]).toBe(0xe3);
  });
});
