import { canOrgRead, listEvidenceSha256, type Audience, type Statement } from '@jmm/domain';
import type { EvidenceHolders } from './log-storage.ts';

/**
 * Who may list which evidence file while one batch is validated: what storage knew before the batch
 * (prefetched, because validation is synchronous) plus the statements the batch has accepted so far, so that
 * a statement may list a file that a statement earlier in the same batch, readable by its issuer, listed.
 */
export class EvidenceHoldersInBatch {
  private readonly stored: ReadonlyMap<string, EvidenceHolders>;
  private readonly accepted = new Map<string, { org: string; audience: Audience }[]>();

  constructor(stored: ReadonlyMap<string, EvidenceHolders>) {
    this.stored = stored;
  }

  /** The evidence files the statements of a batch list, to prefetch with `LogStorage.findEvidenceHolders`. */
  static listSha256(statements: readonly Statement[]): string[] {
    return [...new Set(statements.flatMap(listEvidenceSha256))];
  }

  /** ValidationContext.canCiteEvidence. */
  readonly canCite = (sha256: string, org: string): boolean => {
    const stored = this.stored.get(sha256);
    if (stored?.uploaders.includes(org) === true) return true;
    const listings = [...(stored?.listings ?? []), ...(this.accepted.get(sha256) ?? [])];
    return listings.some((listing) => canOrgRead(listing.audience, listing.org, org));
  };

  /** Records a statement the batch accepted: its evidence becomes citable by whoever may read it. */
  addAccepted(statement: Statement): void {
    for (const sha256 of listEvidenceSha256(statement)) {
      const listings = this.accepted.get(sha256) ?? [];
      listings.push({ org: statement.issuer.org, audience: statement.audience });
      this.accepted.set(sha256, listings);
    }
  }
}
