import type { Kysely, Migration } from 'kysely';

/** The columns list filters test by equality (WorkflowRepository.listRecords, FilterFields). */
const EQUALITY_COLUMNS = ['status', 'party', 'mechanism_type', 'admin1'] as const;

/**
 * Every list filter served by an index, whatever it is combined with (issue 9). A list is one viewer's records
 * of one kind in log order (or by time, `workflow_records_time_idx`), so each index below is in log order after
 * its equality prefix, and carries the filter columns of the incident, case and finding lists: a combination of
 * them walks one index, tests the rest on the index entry, and reads the table only for the rows on the page.
 * The walk stops after a page, so its length is the page size divided by the filters' selectivity, not the size
 * of the log; one that matches nothing costs a walk of index entries alone, in proportion to the log. The
 * filters that name an organisation (recipient, obligated party) or a case keep their own indexes from 0007.
 * The price: a record whose status changes rewrites four wide index entries instead of two narrow ones.
 *
 * - `workflow_records_scan_idx` replaces `workflow_records_kind_idx` (the same prefix): the newest records, and
 *   the filters that are no index range in log order, a period (an overlap of two columns) and a map area (a
 *   box in two).
 * - the status, party and admin1 indexes are recreated with the other equality columns after the log index, for
 *   rare values.
 *
 * SQLite runs migrations outside a transaction (Kysely: no transactional DDL there), so a migration cut off by
 * a crash runs again from the start: every step is idempotent.
 */
export function createRecordScanIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const name of [
        'workflow_records_kind_idx',
        'workflow_records_status_idx',
        'workflow_records_party_idx',
        'workflow_records_admin1_idx',
      ])
        await db.schema.dropIndex(name).ifExists().execute();
      await db.schema
        .createIndex('workflow_records_scan_idx')
        .ifNotExists()
        .on('workflow_records')
        .columns([
          'viewer',
          'kind',
          'idx',
          ...EQUALITY_COLUMNS,
          'event_type',
          'subtype',
          'time_start',
          'time_end',
          'lat',
          'lon',
        ])
        .execute();
      for (const column of ['status', 'party', 'admin1'] as const) {
        await db.schema
          .createIndex(`workflow_records_${column}_idx`)
          .ifNotExists()
          .on('workflow_records')
          .columns(['viewer', 'kind', column, 'idx', ...EQUALITY_COLUMNS.filter((other) => other !== column)])
          .execute();
      }
    },
  };
}
