import { evidenceSchema, type Statement } from '@jmm/domain';
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
  // A statement may list the same file twice (two descriptions of one photo); the projection keeps one row.
  const rows = entries.flatMap(({ statement, digest }) =>
    [...new Set(listEvidenceSha256(statement))].map((sha256) => ({ digest, sha256 })),
  );
  for (const chunk of splitIntoChunks(rows)) {
    await trx.insertInto('statement_evidence').values(chunk).execute();
  }
}

/** The SHA-256 (lowercase hex) of every file a statement lists as evidence. */
function listEvidenceSha256(statement: Statement): string[] {
  switch (statement.type) {
    case 'incident.report':
    case 'incident.response':
    case 'exchange.reply':
    case 'case.note':
    case 'case.finding':
      return statement.body.evidence.map((evidence) => evidence.sha256);
    case 'incident.amend': {
      // A merge patch replaces an array whole (RFC 7396), so a patch with `evidence` lists the report's new
      // evidence. Validation proved the patched report valid; parsing again keeps a malformed item out anyway.
      const evidence: unknown = statement.body.patch.evidence;
      if (!Array.isArray(evidence)) return [];
      return evidence.flatMap((item: unknown) => {
        const parsed = evidenceSchema.safeParse(item);
        return parsed.success ? [parsed.data.sha256] : [];
      });
    }
    default:
      return [];
  }
}
