/**
 * `fold_records`: a workflow record of a fold no projection holds as it is (the full fold, the new-member
 * template, the public's raw fold), as RFC 8785 JSON with its index as a decimal string (recordToColumn).
 */
export interface FoldRecordsTable {
  viewer: string;
  digest: string;
  kind: string;
  record: string;
}
