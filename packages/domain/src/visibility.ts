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

/**
 * Who reads the mechanism: the public, or one organisation (every member of an organisation reads the same
 * statements, DESIGN.md §1.7). Views are kept and queried per viewer (see mechanism-views.ts). An org id
 * starts with a letter, so the public's key never collides with one.
 */
export type Viewer = string;
export const PUBLIC_VIEWER: Viewer = '@public';

/** The viewer a reader is: its organisation, or the public when signed out. */
export function viewerOf(readerOrg: string | undefined): Viewer {
  return readerOrg ?? PUBLIC_VIEWER;
}

/** The reader organisation of a viewer (undefined for the public), for `canOrgRead`. */
export function readerOrgOf(viewer: Viewer): string | undefined {
  return viewer === PUBLIC_VIEWER ? undefined : viewer;
}
