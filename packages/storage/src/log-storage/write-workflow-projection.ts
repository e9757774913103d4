import type { WorkflowRecord } from '@jmm/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { workflowRecordToRows } from '../schema/workflow-record-columns.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';

/**
 * Upserts the workflow records a batch created or changed (`IntegratedBatch.records`, each as it is after the
 * batch). Each row is a pure function of its record and records are never removed, so the table always equals
 * "every record in the engine's state", and replaying the log into an empty database yields the same rows
 * however the replay is batched (DESIGN.md §1.1). Runs inside commitBatch's transaction.
 */
export async function writeWorkflowProjection(
  trx: Kysely<Database>,
  records: readonly WorkflowRecord[],
): Promise<void> {
  // A record listed twice keeps its last value, as the state does.
  const latest = [...new Map(records.map((record) => [record.digest, record])).values()];
  const rows = latest.map(workflowRecordToRows);
  for (const chunk of splitIntoChunks(rows)) {
    await trx
      .insertInto('workflow_records')
      .values(chunk.map(({ row }) => row))
      .onConflict((oc) =>
        oc.column('digest').doUpdateSet((eb) => ({
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
      .where(
        'digest',
        'in',
        chunk.map(({ row }) => row.digest),
      )
      .execute();
    const orgs = chunk.flatMap((rows) => rows.orgs);
    for (const orgChunk of splitIntoChunks(orgs)) {
      await trx.insertInto('workflow_record_orgs').values(orgChunk).execute();
    }
  }
}

/**
 * Inserts the records that have no row yet and leaves every existing row alone: fills the projection of a log
 * sequenced before the workflow tables existed, from the records the engine replayed at start. Never
 * overwriting is what makes it safe while another process sequences: a row it wrote is never replaced by an
 * older value from here.
 */
export async function insertMissingWorkflowRecords(
  trx: Kysely<Database>,
  records: readonly WorkflowRecord[],
): Promise<number> {
  let inserted = 0;
  for (const chunk of splitIntoChunks(records.map(workflowRecordToRows))) {
    const result = await trx
      .insertInto('workflow_records')
      .values(chunk.map(({ row }) => row))
      .onConflict((oc) => oc.column('digest').doNothing())
      .returning('digest')
      .execute();
    const fresh = new Set(result.map((row) => row.digest));
    inserted += fresh.size;
    const orgs = chunk.filter(({ row }) => fresh.has(row.digest)).flatMap((rows) => rows.orgs);
    for (const orgChunk of splitIntoChunks(orgs)) {
      await trx
        .insertInto('workflow_record_orgs')
        .values(orgChunk)
        .onConflict((oc) => oc.columns(['digest', 'role', 'org']).doNothing())
        .execute();
    }
  }
  return inserted;
}
