/**
 * `workflow_record_orgs`: the organisations a viewer's record names in lists — an exchange's recipients, a
 * commitment's obligated parties — one row each, so "records that name org X" is an index lookup in both
 * dialects instead of a search in JSON text.
 */
export interface WorkflowRecordOrgsTable {
  viewer: string;
  digest: string;
  /** `recipient` or `obligated`. */
  role: string;
  org: string;
}
