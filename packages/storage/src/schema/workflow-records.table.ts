/**
 * `workflow_records`: one row per viewer and workflow record (DESIGN.md §6: incidents, exchanges, claims, cases, findings,
 * commitments, releases) as it is after the latest batch that changed it. The `record` column is the record
 * itself; every other column is derived from it for filtering and sorting, so a row is a pure function of the
 * record and replaying the log into an empty database yields the same rows whatever the batching.
 *
 * Times are RFC 3339 UTC text normalised to `toISOString()` form (milliseconds), so text order is time order
 * in both dialects.
 */
export interface WorkflowRecordsTable {
  /** Whose fold this row is: `@public` or an organisation id (mechanism-views.ts). Key: (viewer, digest). */
  viewer: string;
  /** Digest of the statement that created the record. */
  digest: string;
  /** `incident`, `exchange`, `claim`, `case`, `finding`, `commitment` or `release`. */
  kind: string;
  /** Log index of the creating statement. */
  idx: bigint;
  /** The issuing organisation of the creating statement (reporter, requester, verifier, proposer). */
  org: string;
  member: string | null;
  /** The creating statement's audience, as in `statements`. */
  audience_kind: string;
  audience_orgs: string | null;
  /** The state machine's status; findings, releases and claims get one derived from their fields. */
  status: string;
  /** Incident kind (allegation, observation), exchange request kind, or case decision. */
  subtype: string | null;
  /** The party alleged responsible (incident) or attributed (finding). */
  party: string | null;
  mechanism_type: string | null;
  event_type: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  /** The case an incident, claim or finding belongs to. */
  case_digest: string | null;
  /** When what the record is about began: an incident's time span, a commitment's effective date; else created_at. */
  time_start: string;
  time_end: string | null;
  /** Log time of the creating statement. */
  created_at: string;
  /** The earliest open deadline: an exchange's next acknowledgement or reply, an open case's finding_by. */
  due_at: string | null;
  /** RFC 8785 JSON of the record, the log index as a decimal string. */
  record: string;
}
