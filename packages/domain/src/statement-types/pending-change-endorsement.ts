import { listPartyOrgs } from '../list-party-orgs.ts';
import type { MechanismState, PendingChange } from '../mechanism-state.ts';
import { fail } from './fail.ts';
import type { EndorsementHooks } from './statement-handler.ts';

/**
 * Endorsing a pending change (an org.admit or settings.change): rule changes and new organisations need every
 * party's concurrence, so no party can change the mechanism alone (DESIGN.md §1.8). Each party's latest
 * position counts; the change takes effect at the log index of the endorsement that makes them all concur.
 */
export function pendingChangeEndorsement(
  type: PendingChange['statement']['type'],
  takeEffect: (
    state: MechanismState,
    change: PendingChange,
    index: bigint,
    keyIdOf: (publicKey: string) => string,
  ) => void,
): EndorsementHooks {
  return {
    validateEndorsement(_endorsement, endorsed, state) {
      if (!state.pending.has(endorsed)) fail('state_conflict', `that ${type} has already taken effect`);
    },
    applyEndorsement(state, { statement, index }, endorsed, keyIdOf) {
      const change = state.pending.get(endorsed);
      if (change === undefined) return [];
      change.positions.set(statement.issuer.org, statement.body.position);
      const parties = listPartyOrgs(state);
      if (parties.every((party) => change.positions.get(party) === 'concur')) {
        state.pending.delete(change.digest);
        takeEffect(state, change, index, keyIdOf);
      }
      return [];
    },
  };
}
