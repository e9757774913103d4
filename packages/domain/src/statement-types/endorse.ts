import { listPartyOrgs } from '../list-party-orgs.ts';
import type { MechanismState } from '../mechanism-state.ts';
import { memberKey } from '../member-key.ts';
import { ENDORSEMENT_RULES, satisfiesRule } from '../rules.ts';
import { endorseBodySchema } from '../statements/membership.ts';
import type { StatementType } from '../statements/statement.ts';
import type { WorkflowRecord } from '../workflow-records.ts';
import { fail } from './fail.ts';
import { refOf } from './record-of.ts';
import type { EndorsementHooks, StatementHandler } from './statement-handler.ts';

/** The statement type that creates each kind of workflow record; a claim is made by a response or a reply. */
const RECORD_CREATORS = {
  incident: 'incident.report',
  exchange: 'exchange.request',
  claim: undefined,
  case: 'case.open',
  finding: 'case.finding',
  commitment: 'commitment.propose',
  release: 'release',
} as const satisfies Readonly<Record<WorkflowRecord['kind'], StatementType | undefined>>;

/**
 * The type of the endorsed statement `digest`, from state alone (applying has no ref lookup): a pending change
 * holds its statement, and a workflow record's kind names the type that created it.
 */
function endorsedTypeOf(state: MechanismState, digest: string): StatementType | undefined {
  const change = state.pending.get(digest);
  if (change !== undefined) return change.statement.type;
  const record = state.records.get(digest);
  return record === undefined ? undefined : RECORD_CREATORS[record.kind];
}

/**
 * `endorse`: concurrence or dissent on exactly one statement. Who may endorse which type is ENDORSEMENT_RULES
 * (rules.ts); what an endorsement means — a finding's quorum, a release's publication, a pending change's
 * unanimity — is the endorsed type's `endorsement` hooks, which `endorsementOf` finds in the handler table
 * this handler is registered in (a function, so that table can hold this handler without an import cycle).
 */
export function createEndorseHandler(
  endorsementOf: (type: StatementType) => EndorsementHooks | undefined,
): StatementHandler<'endorse'> {
  return {
    body: endorseBodySchema,
    validate(statement, state, context) {
      const targets = statement.refs.filter((ref) => ref.rel === 'endorses');
      if (targets.length !== 1 || statement.refs.length !== 1)
        fail('invalid_ref', 'an endorsement endorses exactly one statement');
      const target = context.lookupRef(targets[0]!.digest)!;
      const rule = ENDORSEMENT_RULES[target.type];
      if (rule === undefined) fail('invalid_ref', `a ${target.type} is not endorsed`);
      const org = state.orgs.get(statement.issuer.org)!;
      const member = state.members.get(memberKey(statement.issuer.org, statement.issuer.member))!;
      if (!satisfiesRule(rule, org.kind, member.roles))
        fail('forbidden_type', `${org.kind} ${member.roles.join('/')} cannot endorse a ${target.type}`);
      if (listPartyOrgs(state).length === 0) fail('state_conflict', 'no parties to endorse');
      endorsementOf(target.type)?.validateEndorsement(statement, target.digest, state);
    },
    apply(state, sequenced, keyIdOf) {
      const endorsed = refOf(sequenced.statement, 'endorses');
      const type = endorsed === undefined ? undefined : endorsedTypeOf(state, endorsed);
      if (endorsed === undefined || type === undefined) return [];
      return endorsementOf(type)?.applyEndorsement?.(state, sequenced, endorsed, keyIdOf) ?? [];
    },
  };
}
