import type { ViewerRecord } from '@jmm/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { workflowRecordToRows } from '../schema/workflow-record-columns.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';

/** One key per (viewer, record): viewer ids and digests contain no space. */
function rowKey({ viewer, record }: ViewerRecord): string {
  return `${viewer} ${record.digest}`;
}

/**
 * Upserts the viewer records a batch created or changed (`IntegratedBatch.records`, each as its viewer is shown
 * it after the batch). Each row is a pure function of its viewer and record, and rows are never removed, so the
 * table always equals "every shown record of every viewer's fold in the engine", and replaying the log into an
 * empty database yields the same rows however the replay is batched (DESIGN.md §1.1). Runs inside commitBatch's
 * transaction.
 */
export async function writeWorkflowProjection(
  trx: Kysely<Database>,
  records: readonly ViewerRecord[],
): Promise<void> {
  // A record listed twice for a viewer keeps its last value, as the state does.
  const latest = [...new Map(records.map((record) => [rowKey(record), record])).values()];
  const rows = latest.map(workflowRecordToRows);
  for (const chunk of splitIntoChunks(rows)) {
    await trx
      .insertInto('workflow_records')
      .values(chunk.map(({ row }) => row))
      .onConflict((oc) =>
        oc.columns(['viewer', 'digest']).doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          idx: eb.ref('excluded.idx'),
          org: eb.ref('excluded.org'),
          member: eb.ref('excluded.member'),
          audience_kind: eb.ref('excluded.audience_kind'),
          audience_orgs: eb.ref('excluded.audience_orgs'),
          status: eb.ref('excluded.status'),
          subtype: eb.ref('excluded.subtype'),
          party: eb.ref('excluded.party'),
          mechanism_type: eb.ref('excluded.mechanism_type'),
          event_type: eb.ref('excluded.event_type'),
          admin1: eb.ref('excluded.admin1'),
          lat: eb.ref('excluded.lat'),
          lon: eb.ref('excluded.lon'),
          case_digest: eb.ref('excluded.case_digest'),
          time_start: eb.ref('excluded.time_start'),
          time_end: eb.ref('excluded.time_end'),
          created_at: eb.ref('excluded.created_at'),
          due_at: eb.ref('excluded.due_at'),
          record: eb.ref('excluded.record'),
        })),
      )
      .execute();
    // The named organisations are replaced with the record's current set.
    await trx
      .deleteFrom('workflow_record_orgs')
      .where((eb) =>
        eb.or(chunk.map(({ row }) => eb.and([eb('viewer', '=', row.viewer), eb('digest', '=', row.digest)]))),
      )
      .execute();
    const orgs = chunk.flatMap((rows) => rows.orgs);
    for (const orgChunk of splitIntoChunks(orgs)) {
      await trx.insertInto('workflow_record_orgs').values(orgChunk).execute();
    }
  }
}

/**
 * Inserts the viewer records that have no row yet and leaves every existing row alone: fills the projections of
 * a log sequenced before they existed, from the viewer folds the engine replayed at start. Never overwriting is
 * what makes it safe while another process sequences: a row it wrote is never replaced by an older value.
 */
export async function insertMissingWorkflowRecords(
  trx: Kysely<Database>,
  records: readonly ViewerRecord[],
): Promise<number> {
  let inserted = 0;
  for (const chunk of splitIntoChunks(records.map(workflowRecordToRows))) {
    const result = await trx
      .insertInto('workflow_records')
      .values(chunk.map(({ row }) => row))
      .onConflict((oc) => oc.columns(['viewer', 'digest']).doNothing())
      .returning(['viewer', 'digest'])
      .execute();
    const fresh = new Set(result.map((row) => `${row.viewer} ${row.digest}`));
    inserted += fresh.size;
    const orgs = chunk
      .filter(({ row }) => fresh.has(`${row.viewer} ${row.digest}`))
      .flatMap((rows) => rows.orgs);
    for (const orgChunk of splitIntoChunks(orgs)) {
      await trx
        .insertInto('workflow_record_orgs')
        .values(orgChunk)
        .onConflict((oc) => oc.columns(['viewer', 'digest', 'role', 'org']).doNothing())
        .execute();
    }
  }
  return inserted;
}
