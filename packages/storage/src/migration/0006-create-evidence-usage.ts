import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Evidence bound to its uploader (DESIGN.md §5 blobs):
 * - `org_evidence_usage`, the bytes each organisation has uploaded (each blob counted once per organisation),
 *   which the per-organisation quota is checked against by one conditional UPDATE; filled from the uploads
 *   recorded before it existed;
 * - `access_log.owner_org`, so that a read of a file is written to the log of each organisation that uploaded
 *   it, not only to the reader's own.
 */
export function createEvidenceUsageMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('org_evidence_usage')
        .addColumn('org', 'text', (col) => col.primaryKey())
        .addColumn('bytes', 'bigint', (col) => col.notNull().check(sql`bytes >= 0`))
        .execute();
      await sql`
        insert into org_evidence_usage (org, bytes)
        select blob_uploads.org, sum(blobs.size)
        from blob_uploads inner join blobs on blobs.sha256 = blob_uploads.sha256
        group by blob_uploads.org
      `.execute(db);

      await db.schema.alterTable('access_log').addColumn('owner_org', 'text').execute();
      await db.schema
        .createIndex('access_log_owner_org_time_idx')
        .on('access_log')
        .columns(['owner_org', 'time', 'id'])
        .execute();
    },
  };
}
