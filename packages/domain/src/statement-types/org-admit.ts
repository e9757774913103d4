import { listReservedKeyIds } from '../list-reserved-key-ids.ts';
import { orgAdmitBodySchema } from '../statements/membership.ts';
import { addOrg } from './add-org.ts';
import { fail } from './fail.ts';
import { pendingChangeEndorsement } from './pending-change-endorsement.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `org.admit`: a new organisation joins, pending until every party concurs (DESIGN.md §1.8). */
export const orgAdmitHandler: StatementHandler<'org.admit'> = {
  body: orgAdmitBodySchema,
  validate(statement, state, context) {
    const { org } = statement.body;
    const pendingIds = [...state.pending.values()].flatMap((change) =>
      change.statement.type === 'org.admit' ? [change.statement.body.org.id] : [],
    );
    if (state.orgs.has(org.id) || pendingIds.includes(org.id))
      fail('state_conflict', `org ${org.id} exists or is pending`);
    const reserved = listReservedKeyIds(state, context.keyIdOf);
    const listed = new Set<string>();
    for (const admin of org.admins) {
      const keyId = context.keyIdOf(admin.public_key);
      if (state.keys.has(keyId)) fail('state_conflict', 'a listed public key is already enrolled');
      if (reserved.has(keyId) || listed.has(keyId))
        fail('state_conflict', 'a listed public key is named by another pending admission or twice');
      listed.add(keyId);
    }
  },
  apply(state, { statement, digest }) {
    state.pending.set(digest, { digest, statement, positions: new Map() });
    return [];
  },
  endorsement: pendingChangeEndorsement('org.admit', (state, change, index, keyIdOf) => {
    if (change.statement.type === 'org.admit') addOrg(state, change.statement.body.org, index, keyIdOf);
  }),
};
