/**
 * `statements`: a projection of each sequenced statement's common fields, for ref lookups, visibility checks
 * and listings. The envelope stays the source of truth (DESIGN.md §1.1).
 */
export interface StatementsTable {
  digest: string;
  idx: bigint;
  type: string;
  org: string;
  member: string;
  key_id: string;
  /** `public`, `mechanism` or `orgs` (the statement's audience kind). */
  audience_kind: string;
  /** JSON array of org ids when `audience_kind` is `orgs`, else null. TEXT in both dialects. */
  audience_orgs: string | null;
  issued_at: string;
  log_time: string;
}
