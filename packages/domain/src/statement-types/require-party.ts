import type { MechanismState } from '../mechanism-state.ts';
import { fail } from './fail.ts';

/** Refuses a statement that names `org` as `what` unless `org` is a party of the mechanism. */
export function requireParty(state: MechanismState, org: string, what: string): void {
  if (state.orgs.get(org)?.kind !== 'party')
    fail('invalid_statement', `${what} ${org} is not a party of this mechanism`);
}
