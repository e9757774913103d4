import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Evidence blobs (DESIGN.md §5): the index of files on disk, each organisation's uploads, and the projection
 * of which statements list which blob, so that a download is allowed by one indexed lookup.
 */
export function createBlobTablesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (col) => col.primaryKey().check(sql`length(sha256) = 64`))
        .addColumn('media_type', 'text', (col) => col.notNull())
        .addColumn('size', 'bigint', (col) => col.notNull().check(sql`size >= 1`))
        .addColumn('uploaded_by_org', 'text', (col) => col.notNull())
        .addColumn('uploaded_by_member', 'text', (col) => col.notNull())
        .addColumn('uploaded_at', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('blob_uploads')
        .addColumn('sha256', 'text', (col) => col.notNull().references('blobs.sha256'))
        .addColumn('org', 'text', (col) => col.notNull())
        .addColumn('member', 'text', (col) => col.notNull())
        .addColumn('media_type', 'text', (col) => col.notNull())
        .addColumn('uploaded_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('blob_uploads_pk', ['sha256', 'org'])
        .execute();

      // No foreign key on sha256: a statement may list a file that was never uploaded here, and a projection
      // must never be able to refuse a statement the log accepted (DESIGN.md §1.1).
      await db.schema
        .createTable('statement_evidence')
        .addColumn('digest', 'text', (col) => col.notNull().references('statements.digest'))
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('statement_evidence_pk', ['digest', 'sha256'])
        .execute();
      await db.schema
        .createIndex('statement_evidence_sha256_idx')
        .on('statement_evidence')
        .columns(['sha256', 'digest'])
        .execute();
    },
  };
}
