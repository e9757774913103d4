/**
 * `org_evidence_usage`: the bytes of evidence each organisation has uploaded, each blob counted once per
 * organisation (a repeat upload costs nothing). Kept beside `blob_uploads` so that the per-organisation quota
 * is enforced by one conditional UPDATE of one row, which both dialects run atomically.
 */
export interface OrgEvidenceUsageTable {
  org: string;
  bytes: bigint;
}
