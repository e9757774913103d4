import type { FindingRecord } from '@jmm/domain';
import type { StoredStatement } from '@jmm/storage';
import type { AppServices } from '../app-services.ts';
import type { Principal } from '../auth/auth-plugin.ts';
import { decodeStoredStatement } from './record-reads.ts';
import { toFinding } from './record-views.ts';

/**
 * Findings with what they say and every endorsement and dissent the reader may read: the record comes from the
 * reader's own projection, the wording from the finding and endorsement statements, which that projection
 * only shows when the reader may read them (DESIGN.md §1.7). GET /findings and the exports both show findings
 * this way; `stored` holds the statements read, by digest, for what else a caller shows of them (log times).
 */
export async function viewFindings(
  services: AppServices,
  records: readonly FindingRecord[],
  principal: Principal | undefined,
): Promise<{ views: ReturnType<typeof toFinding>[]; stored: ReadonlyMap<string, StoredStatement> }> {
  const digests = records.flatMap((record) => [record.digest, ...record.endorsements.map((e) => e.digest)]);
  const stored = await services.entries.findStatements(digests);
  const contentOf = (digest: string) => decodeStoredStatement(stored.get(digest)!.envelope);
  const views = records.map((record) => {
    const finding = contentOf(record.digest);
    if (finding.type !== 'case.finding')
      throw new Error(`the projection's finding ${record.digest} is not a case.finding statement`);
    const texts = new Map(
      record.endorsements.map((e) => {
        const endorsement = contentOf(e.digest);
        return [e.digest, endorsement.type === 'endorse' ? endorsement.body.text : undefined] as const;
      }),
    );
    return toFinding(record, finding.body, texts, principal === undefined);
  });
  return { views, stored };
}
