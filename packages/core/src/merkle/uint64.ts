// Tree sizes and leaf indexes are uint64 on the wire (RFC 9162 §4.9 TreeHeadDataV2, c2sp.org/tlog-checkpoint),
// so every public entry point bounds its bigints to that range before doing arithmetic with them: this keeps
// hostile inputs from turning a shift or a loop into unbounded work.

/** The largest tree size or leaf index a log can express: 2^64 - 1. */
export const UINT64_MAX = (1n << 64n) - 1n;

/** Whether `value` fits an unsigned 64-bit integer. */
export function isUint64(value: bigint): boolean {
  return value >= 0n && value <= UINT64_MAX;
}

/** The number of bits needed to write `value` (≥ 0) in binary: 0 for 0, 1 for 1, 3 for 5. */
export function bitLength(value: bigint): number {
  let bits = 0;
  let rest = value;
  while (rest > 0xffff_ffffn) {
    rest >>= 32n;
    bits += 32;
  }
  return bits + 32 - Math.clz32(Number(rest));
}

/** The number of trailing zero bits of `value` (> 0). */
export function trailingZeros(value: bigint): number {
  return bitLength(value & -value) - 1;
}

/** The largest power of two strictly smaller than `value` (≥ 2): the split point `k` of RFC 9162 §2.1.1. */
export function largestPowerOfTwoBelow(value: bigint): bigint {
  return 1n << BigInt(bitLength(value - 1n) - 1);
}
