import { memberKey } from '../member-key.ts';
import { memberRevokeBodySchema } from '../statements/membership.ts';
import { fail } from './fail.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `member.revoke`: one key or, without `key_id`, every key of the member; effective at its log index. */
export const memberRevokeHandler: StatementHandler<'member.revoke'> = {
  body: memberRevokeBodySchema,
  validate(statement, state) {
    const { member, key_id } = statement.body;
    const record = state.members.get(memberKey(statement.issuer.org, member));
    if (!record?.active) fail('state_conflict', `no active member ${statement.issuer.org}/${member}`);
    if (key_id !== undefined) {
      const key = state.keys.get(key_id);
      if (key?.org !== statement.issuer.org || key.member !== member) {
        fail('state_conflict', `key ${key_id} is not a key of ${statement.issuer.org}/${member}`);
      }
      if (key.revokedAt !== undefined) fail('state_conflict', `key ${key_id} is already revoked`);
    }
  },
  apply(state, { statement, index }) {
    const { org } = statement.issuer;
    const body = statement.body;
    for (const key of state.keys.values()) {
      if (key.org !== org || key.member !== body.member || key.revokedAt !== undefined) continue;
      if (body.key_id === undefined || body.key_id === key.keyId)
        state.keys.set(key.keyId, { ...key, revokedAt: index });
    }
    if (body.key_id === undefined) {
      const record = state.members.get(memberKey(org, body.member));
      if (record !== undefined) state.members.set(memberKey(org, body.member), { ...record, active: false });
    }
    return [];
  },
};
