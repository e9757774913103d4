import { listEvidenceSha256 } from '@jmm/domain';
import type { SequencedEntry } from '@jmm/log';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { splitIntoChunks } from '../split-into-chunks.ts';

/**
 * Projects the evidence each sequenced statement lists into `statement_evidence` (DESIGN.md §5: a blob is
 * readable by whoever can read a statement that lists it). Runs inside commitBatch's transaction, after the
 * statement rows it references by foreign key, so a batch and its evidence rows commit or vanish together.
 */
export async function writeEvidenceProjection(
  trx: Kysely<Database>,
  entries: readonly SequencedEntry[],
): Promise<void> {
  // A statement may list the same file twice (two descriptions of one photo); the list has it once.
  const rows = entries.flatMap(({ statement, digest }) =>
    listEvidenceSha256(statement).map((sha256) => ({ digest, sha256 })),
  );
  for (const chunk of splitIntoChunks(rows)) {
    await trx.insertInto('statement_evidence').values(chunk).execute();
  }
}
