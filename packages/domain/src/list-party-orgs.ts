import type { MechanismState } from './mechanism-state.ts';

/** The party organisations, whose concurrence rule changes need. */
export function listPartyOrgs(state: MechanismState): string[] {
  return [...state.orgs.values()].filter((org) => org.kind === 'party').map((org) => org.id);
}
