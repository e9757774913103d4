import { listReservedKeyIds } from '../list-reserved-key-ids.ts';
import { memberKey } from '../member-key.ts';
import { memberEnrollBodySchema } from '../statements/membership.ts';
import { enrolMember } from './enrol-member.ts';
import { fail } from './fail.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `member.enroll`: the issuer's org admin enrols a member, or adds a key to one (roles are replaced). */
export const memberEnrollHandler: StatementHandler<'member.enroll'> = {
  body: memberEnrollBodySchema,
  validate(statement, state, context) {
    const keyId = context.keyIdOf(statement.body.public_key);
    if (state.keys.has(keyId))
      fail('state_conflict', 'this public key is already enrolled', { key_id: keyId });
    // A key named by a pending admission is reserved for it: enrolling (and then revoking) it elsewhere
    // would let the admission, once it takes effect, bring a revoked key back.
    if (listReservedKeyIds(state, context.keyIdOf).has(keyId))
      fail('state_conflict', 'this public key is named by a pending org.admit', { key_id: keyId });
    const existing = state.members.get(memberKey(statement.issuer.org, statement.body.member));
    if (existing !== undefined && !existing.active)
      fail('state_conflict', 'a revoked member cannot be enrolled again under the same id');
  },
  apply(state, { statement, index }, keyIdOf) {
    enrolMember(state, statement.issuer.org, statement.body, index, keyIdOf);
    return [];
  },
};
