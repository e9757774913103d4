import type { Kysely, Migration } from 'kysely';

/**
 * Per-viewer projections (DESIGN.md §1.7): the workflow tables of 0004 held one row per record, folded from
 * every statement, and views filtered it afterwards, so a reader saw statuses, amendments and counts derived
 * from statements it could not read. Now each viewer — the public (`@public`) and each organisation — has its
 * own rows, each the fold of exactly that viewer's statements, and every query names its viewer.
 *
 * The old rows cannot be split by viewer without replaying the log, so the tables are recreated empty; on the
 * next start the engine, which replays the log into every viewer's fold, fills them (`backfillRecords`), and
 * `jmm rebuild` proves the result equals a fresh sequencing.
 */
export function createViewerProjectionsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('workflow_record_orgs').execute();
      await db.schema.dropTable('workflow_records').execute();
      // No foreign key to `statements`: a projection must never be able to refuse a batch the log accepted.
      await db.schema
        .createTable('workflow_records')
        .addColumn('viewer', 'text', (col) => col.notNull())
        .addColumn('digest', 'text', (col) => col.notNull())
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
        .addPrimaryKeyConstraint('workflow_records_pk', ['viewer', 'digest'])
        .execute();
      // Every list is one viewer's records of one kind, paged by log index or by (time_start, index); the
      // other indexes serve the filters that narrow most.
      for (const [name, columns] of [
        ['workflow_records_kind_idx', ['viewer', 'kind', 'idx']],
        ['workflow_records_time_idx', ['viewer', 'kind', 'time_start', 'idx']],
        ['workflow_records_status_idx', ['viewer', 'kind', 'status', 'idx']],
        ['workflow_records_org_idx', ['viewer', 'kind', 'org', 'idx']],
        ['workflow_records_party_idx', ['viewer', 'kind', 'party', 'idx']],
        ['workflow_records_admin1_idx', ['viewer', 'kind', 'admin1', 'idx']],
        ['workflow_records_due_idx', ['viewer', 'kind', 'due_at']],
        ['workflow_records_case_idx', ['viewer', 'case_digest']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('workflow_records')
          .columns([...columns])
          .execute();
      }
      await db.schema
        .createTable('workflow_record_orgs')
        .addColumn('viewer', 'text', (col) => col.notNull())
        .addColumn('digest', 'text', (col) => col.notNull())
        .addColumn('role', 'text', (col) => col.notNull())
        .addColumn('org', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('workflow_record_orgs_pk', ['viewer', 'digest', 'role', 'org'])
        .execute();
      await db.schema
        .createIndex('workflow_record_orgs_org_idx')
        .on('workflow_record_orgs')
        .columns(['viewer', 'role', 'org', 'digest'])
        .execute();
    },
  };
}
