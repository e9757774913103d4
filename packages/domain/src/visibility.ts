import type { Audience } from './statements/statement.ts';

/** The audience class a log entry reveals (DESIGN.md §4): never the list of orgs. */
export type EntryAudience = 'public' | 'mechanism' | 'restricted';

export function classifyAudience(audience: Audience): EntryAudience {
  return audience.kind === 'orgs' ? 'restricted' : audience.kind;
}

/**
 * Who may read a statement (DESIGN.md §1.7). `readerOrg` undefined is the unauthenticated public. The issuing
 * organisation always reads its own statements, whatever audience it chose.
 */
export function canOrgRead(audience: Audience, issuerOrg: string, readerOrg: string | undefined): boolean {
  if (audience.kind === 'public') return true;
  if (readerOrg === undefined) return false;
  if (audience.kind === 'mechanism' || readerOrg === issuerOrg) return true;
  return audience.orgs.includes(readerOrg);
}
