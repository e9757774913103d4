/** `entries`: the log's leaves (DESIGN.md §4), one row per log index. Append-only. */
export interface EntriesTable {
  /** Leaf index; a signed 64-bit integer in both dialects. */
  idx: bigint;
  /** `sha256:<hex>` of the stored envelope; unique, so a statement is sequenced at most once. */
  digest: string;
  /** Log time (RFC 3339 UTC, milliseconds) assigned at sequencing. */
  log_time: string;
  /** Leaf data: the JCS entry JSON that entry bundles serve (c2sp.org/tlog-tiles). */
  entry: Uint8Array;
}
