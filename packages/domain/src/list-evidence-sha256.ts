import { evidenceSchema } from './statements/incident.ts';
import type { Statement } from './statements/statement.ts';

/**
 * The SHA-256 (lowercase hex, no duplicates, in order of first listing) of every evidence file `statement`
 * lists (DESIGN.md §5 blobs): the `evidence` array of a report, response, exchange reply, case note or finding,
 * and of an `incident.amend` patch that sets it. Validation binds each to its uploader; storage projects them.
 */
export function listEvidenceSha256(statement: Statement): string[] {
  switch (statement.type) {
    case 'incident.report':
    case 'incident.response':
    case 'exchange.reply':
    case 'case.note':
    case 'case.finding':
      return [...new Set(statement.body.evidence.map((evidence) => evidence.sha256))];
    case 'incident.amend': {
      // A merge patch replaces an array whole (RFC 7396), so a patch with `evidence` lists the report's new
      // evidence. The patch is schema-free JSON here; an item that is not evidence lists nothing (validation
      // of the patched report refuses it anyway).
      const evidence: unknown = statement.body.patch.evidence;
      if (!Array.isArray(evidence)) return [];
      return [
        ...new Set(
          evidence.flatMap((item: unknown) => {
            const parsed = evidenceSchema.safeParse(item);
            return parsed.success ? [parsed.data.sha256] : [];
          }),
        ),
      ];
    }
    default:
      return [];
  }
}
