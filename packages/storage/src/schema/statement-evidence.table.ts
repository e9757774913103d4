/**
 * `statement_evidence`: the blobs each statement lists as evidence (incident.report, incident.response,
 * exchange.reply, case.note, case.finding, and an incident.amend whose patch replaces the evidence list).
 * A projection of the log, written in the batch's transaction, so "who may read blob X" is an index lookup.
 */
export interface StatementEvidenceTable {
  digest: string;
  /** Lowercase hex SHA-256 of the listed file; the file need not have been uploaded. */
  sha256: string;
}
