import type { AccessLogTable } from './access-log.table.ts';
import type { AuthChallengesTable } from './auth-challenges.table.ts';
import type { BlobsTable, BlobUploadsTable } from './blobs.table.ts';
import type { CheckpointCosignaturesTable } from './checkpoint-cosignatures.table.ts';
import type { CheckpointHistoryTable } from './checkpoint-history.table.ts';
import type { CheckpointTable } from './checkpoint.table.ts';
import type { EntriesTable } from './entries.table.ts';
import type { EnvelopesTable } from './envelopes.table.ts';
import type { FoldRecordsTable } from './fold-records.table.ts';
import type { ViewerStatesTable } from './viewer-states.table.ts';
import type { SequencerLeaseTable } from './sequencer-lease.table.ts';
import type { HashTilesTable } from './hash-tiles.table.ts';
import type { MechanismTable } from './mechanism.table.ts';
import type { MemberKeysTable } from './member-keys.table.ts';
import type { MembersTable } from './members.table.ts';
import type { OrgEvidenceUsageTable } from './org-evidence-usage.table.ts';
import type { OrgsTable } from './orgs.table.ts';
import type { SessionsTable } from './sessions.table.ts';
import type { StatementEvidenceTable } from './statement-evidence.table.ts';
import type { StatementRefsTable } from './statement-refs.table.ts';
import type { StatementsTable } from './statements.table.ts';
import type { WorkflowRecordOrgsTable } from './workflow-record-orgs.table.ts';
import type { WorkflowRecordsTable } from './workflow-records.table.ts';

/**
 * The schema as Kysely sees it. Every integer column is a 64-bit integer read as `bigint` in both dialects
 * (the dialect factories configure the drivers so); JSON is TEXT in both, so both behave identically.
 */
export interface Database {
  entries: EntriesTable;
  envelopes: EnvelopesTable;
  hash_tiles: HashTilesTable;
  checkpoint: CheckpointTable;
  checkpoint_history: CheckpointHistoryTable;
  checkpoint_cosignatures: CheckpointCosignaturesTable;
  statements: StatementsTable;
  statement_refs: StatementRefsTable;
  orgs: OrgsTable;
  members: MembersTable;
  member_keys: MemberKeysTable;
  mechanism: MechanismTable;
  sessions: SessionsTable;
  auth_challenges: AuthChallengesTable;
  access_log: AccessLogTable;
  workflow_records: WorkflowRecordsTable;
  workflow_record_orgs: WorkflowRecordOrgsTable;
  blobs: BlobsTable;
  blob_uploads: BlobUploadsTable;
  statement_evidence: StatementEvidenceTable;
  org_evidence_usage: OrgEvidenceUsageTable;
  viewer_states: ViewerStatesTable;
  fold_records: FoldRecordsTable;
  sequencer_lease: SequencerLeaseTable;
}
