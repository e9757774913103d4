import {
  encodeViewerState,
  NEW_MEMBER_TEMPLATE,
  PUBLIC_VIEWER,
  showRecord,
  type MechanismState,
  type PublicPrecision,
  type Viewer,
  type ViewerRecord,
} from '@jmm/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { recordFromColumn, recordToColumn } from '../schema/workflow-record-columns.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';
import { writeWorkflowProjection } from './write-workflow-projection.ts';

/** Rows read per page while copying or re-projecting a whole fold inside a commit. */
const FOLD_PAGE = 500;

/**
 * Upserts the sequencer's state (issue 9) inside commitBatch's transaction. Like the projections, each row is
 * a pure function of the folds after the batch, so replaying the log into an empty database yields the same
 * rows however the replay is batched.
 */
export async function writeFoldRecords(trx: Kysely<Database>, folds: readonly ViewerRecord[]): Promise<void> {
  const latest = [...new Map(folds.map((fold) => [`${fold.viewer} ${fold.record.digest}`, fold])).values()];
  for (const chunk of splitIntoChunks(latest)) {
    await trx
      .insertInto('fold_records')
      .values(
        chunk.map(({ viewer, record }) => ({
          viewer,
          digest: record.digest,
          kind: record.kind,
          record: recordToColumn(record),
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['viewer', 'digest'])
          .doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), record: eb.ref('excluded.record') })),
      )
      .execute();
  }
}

export async function writeViewerStates(
  trx: Kysely<Database>,
  states: ReadonlyMap<Viewer, MechanismState>,
): Promise<void> {
  const rows = [...states].map(([viewer, state]) => ({ viewer, state: encodeViewerState(state) }));
  for (const chunk of splitIntoChunks(rows)) {
    await trx
      .insertInto('viewer_states')
      .values(chunk)
      .onConflict((oc) => oc.column('viewer').doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
      .execute();
  }
}

/**
 * Pages through one stored fold in digest order (keyset pagination: no OFFSET, each page one index range),
 * so that copying or re-projecting a fold of any size holds one page in memory.
 */
async function forEachFoldPage(
  trx: Kysely<Database>,
  viewer: Viewer,
  visit: (records: ReturnType<typeof recordFromColumn>[]) => Promise<void>,
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await trx
      .selectFrom('fold_records')
      .select(['digest', 'kind', 'record'])
      .where('viewer', '=', viewer)
      .where('digest', '>', after)
      .orderBy('digest')
      .limit(FOLD_PAGE)
      .execute();
    if (rows.length === 0) return;
    await visit(rows.map(recordFromColumn));
    after = rows[rows.length - 1]!.digest;
  }
}

/**
 * Starts each admitted organisation's fold as the new-member template's stored one (DESIGN.md §1.7: at its
 * admission an organisation may read exactly the public and mechanism-wide statements). Must run before the
 * batch's own template records are written: the batch's records for the organisation carry everything the
 * batch changed, from the template's state at the admission on.
 */
export async function copyTemplateFold(trx: Kysely<Database>, admitted: readonly Viewer[]): Promise<void> {
  for (const org of admitted) {
    await forEachFoldPage(trx, NEW_MEMBER_TEMPLATE, (records) =>
      writeWorkflowProjection(
        trx,
        records.map((record) => ({ viewer: org, record })),
      ),
    );
  }
}

/** Projects every record of the public's fold again at `precision`: the settings changed it. */
export async function reprojectPublicFold(trx: Kysely<Database>, precision: PublicPrecision): Promise<void> {
  await forEachFoldPage(trx, PUBLIC_VIEWER, (records) =>
    writeWorkflowProjection(
      trx,
      records.flatMap((record) => {
        const shown = showRecord(PUBLIC_VIEWER, record, precision);
        return shown === undefined ? [] : [{ viewer: PUBLIC_VIEWER, record: shown }];
      }),
    ),
  );
}
