import type { Kysely, Migration } from 'kysely';

/**
 * The workflow record projections (DESIGN.md §5, §6): one row per record with the columns lists filter and
 * sort on, and the organisations each record names. Upserted from `IntegratedBatch.records` in commitBatch's
 * transaction.
 */
export function createWorkflowTablesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // No foreign key to `statements`: a projection must never be able to refuse a batch the log accepted
      // (DESIGN.md §1.1), and the creating statement is in the same batch or an earlier one anyway.
      await db.schema
        .createTable('workflow_records')
        .addColumn('digest', 'text', (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('idx', 'bigint', (col) => col.notNull())
        .addColumn('org', 'text', (col) => col.notNull())
        .addColumn('member', 'text')
        .addColumn('audience_kind', 'text', (col) => col.notNull())
        .addColumn('audience_orgs', 'text')
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('subtype', 'text')
        .addColumn('party', 'text')
        .addColumn('mechanism_type', 'text')
        .addColumn('event_type', 'text')
        .addColumn('admin1', 'text')
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        .addColumn('case_digest', 'text')
        .addColumn('time_start', 'text', (col) => col.notNull())
        .addColumn('time_end', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('due_at', 'text')
        .addColumn('record', 'text', (col) => col.notNull())
        .execute();
      // Every list is per kind and pages by log index or by (time_start, index); the other indexes serve the
      // filters that narrow most: status, issuing org, party, case, deadline.
      for (const [name, columns] of [
        ['workflow_records_kind_idx', ['kind', 'idx']],
        ['workflow_records_time_idx', ['kind', 'time_start', 'idx']],
        ['workflow_records_status_idx', ['kind', 'status', 'idx']],
        ['workflow_records_org_idx', ['kind', 'org', 'idx']],
        ['workflow_records_party_idx', ['kind', 'party', 'idx']],
        ['workflow_records_due_idx', ['kind', 'due_at']],
        ['workflow_records_case_idx', ['case_digest']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('workflow_records')
          .columns([...columns])
          .execute();
      }

      await db.schema
        .createTable('workflow_record_orgs')
        .addColumn('digest', 'text', (col) => col.notNull().references('workflow_records.digest'))
        .addColumn('role', 'text', (col) => col.notNull())
        .addColumn('org', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('workflow_record_orgs_pk', ['digest', 'role', 'org'])
        .execute();
      await db.schema
        .createIndex('workflow_record_orgs_org_idx')
        .on('workflow_record_orgs')
        .columns(['role', 'org', 'digest'])
        .execute();
    },
  };
}
