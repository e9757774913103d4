import type { SequencedEntry } from '@jmm/log';
import type { Kysely } from 'kysely';
import { audienceToColumns } from '../schema/audience-columns.ts';
import type { Database } from '../schema/database.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';

/**
 * Projects each sequenced statement's common fields and refs (DESIGN.md §1.1: tables are projections of the
 * log). Runs inside commitBatch's transaction, after the entries it references by foreign key.
 */
export async function writeStatementProjection(
  trx: Kysely<Database>,
  entries: readonly SequencedEntry[],
): Promise<void> {
  for (const chunk of splitIntoChunks(entries)) {
    await trx
      .insertInto('statements')
      .values(
        chunk.map(({ statement, digest, index, keyId, logTime }) => ({
          digest,
          idx: index,
          type: statement.type,
          org: statement.issuer.org,
          member: statement.issuer.member,
          key_id: keyId,
          ...audienceToColumns(statement.audience),
          issued_at: statement.issued_at,
          log_time: logTime,
        })),
      )
      .execute();
  }

  // A statement may name the same ref twice; the projection keeps one row per (rel, digest).
  const refs = entries.flatMap(({ statement, digest }) => {
    const unique = new Map(statement.refs.map((ref) => [`${ref.rel} ${ref.digest}`, ref]));
    return [...unique.values()].map((ref) => ({ from_digest: digest, rel: ref.rel, to_digest: ref.digest }));
  });
  for (const chunk of splitIntoChunks(refs)) {
    await trx.insertInto('statement_refs').values(chunk).execute();
  }
}
