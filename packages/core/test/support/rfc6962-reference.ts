// Test support: known answers and an independent, deliberately naive implementation of RFC 9162 §2.1, to check
// the optimised code against. Nothing here is imported by src/.
import { sha256 } from '#sha256';
import { decodeHex } from '../../src/encoding/index.ts';

/** The eight leaves of the RFC 6962 / certificate-transparency test tree (transparency-dev/merkle verify_test). */
export const REFERENCE_LEAVES: readonly Uint8Array[] = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => decodeHex(hex));

/** MTH of the first n reference leaves, n = 0…8 (n = 0 is SHA-256 of the empty string). */
export const REFERENCE_ROOTS: readonly Uint8Array[] = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map((hex) => decodeHex(hex));

/**
 * The RFC 9162 §2.1 definitions written out literally over a fixed list of leaf hashes, with MTH memoised per
 * range so that many proofs over one large tree stay cheap. Ranges are [begin, end) of leaf indexes.
 */
export class ReferenceTree {
  readonly #leafHashes: readonly Uint8Array[];
  readonly #memo = new Map<string, Uint8Array>();

  constructor(leafHashes: readonly Uint8Array[]) {
    this.#leafHashes = leafHashes;
  }

  /** MTH(D[begin:end]) per RFC 9162 §2.1.1. */
  mth(begin: number, end: number): Uint8Array {
    const n = end - begin;
    if (n === 0) return sha256();
    if (n === 1) return this.#leafHashes[begin]!;
    const key = `${begin}:${end}`;
    let hash = this.#memo.get(key);
    if (hash === undefined) {
      const k = splitPoint(n);
      hash = sha256(Uint8Array.of(1), this.mth(begin, begin + k), this.mth(begin + k, end));
      this.#memo.set(key, hash);
    }
    return hash;
  }

  /** PATH(m, D[begin:end]) per RFC 9162 §2.1.3.1, m relative to begin. */
  path(m: number, begin: number, end: number): Uint8Array[] {
    const n = end - begin;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...this.path(m, begin, begin + k), this.mth(begin + k, end)]
      : [...this.path(m - k, begin + k, end), this.mth(begin, begin + k)];
  }

  /** PROOF(m, D[0:n]) per RFC 9162 §2.1.4.1. */
  proof(m: number, n: number): Uint8Array[] {
    return this.#subproof(m, 0, n, true);
  }

  #subproof(m: number, begin: number, end: number, b: boolean): Uint8Array[] {
    const n = end - begin;
    if (m === n) return b ? [] : [this.mth(begin, end)];
    const k = splitPoint(n);
    return m <= k
      ? [...this.#subproof(m, begin, begin + k, b), this.mth(begin + k, end)]
      : [...this.#subproof(m - k, begin + k, end, false), this.mth(begin, begin + k)];
  }
}

/** The largest power of two strictly smaller than n ≥ 2. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A small seeded PRNG (mulberry32) so that "random" test cases are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Distinct 32-byte leaf hashes for tests that need many leaves: SHA-256(0x00 ‖ i as 4 bytes). */
export function makeLeafHashes(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    sha256(Uint8Array.of(0, i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255)),
  );
}
