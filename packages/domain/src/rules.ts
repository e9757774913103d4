import type { StatementType } from './statements/statement.ts';
import type { OrgKind, Role } from './vocabulary.ts';

/** Who may issue a statement type: an organisation of one of `orgKinds` and a member holding one of `roles`. */
export interface IssuerRule {
  readonly orgKinds: readonly OrgKind[];
  readonly roles: readonly Role[];
}

/**
 * The authorisation table (DESIGN.md §3 "issued by"). This is the only place that says who may issue what;
 * validation, the API's documentation and the authorisation tests all read it.
 */
export const STATEMENT_RULES: Readonly<Record<StatementType, IssuerRule>> = {
  'mechanism.genesis': { orgKinds: ['secretariat'], roles: ['admin'] },
  'org.admit': { orgKinds: ['secretariat'], roles: ['admin', 'approver'] },
  'settings.change': { orgKinds: ['secretariat'], roles: ['admin', 'approver'] },
  'member.enroll': {
    orgKinds: ['party', 'verifier', 'mediator', 'secretariat', 'observer'],
    roles: ['admin'],
  },
  'member.revoke': {
    orgKinds: ['party', 'verifier', 'mediator', 'secretariat', 'observer'],
    roles: ['admin'],
  },
  // Who may endorse depends on what is endorsed: see ENDORSEMENT_RULES.
  endorse: {
    orgKinds: ['party', 'verifier', 'mediator', 'secretariat'],
    roles: ['admin', 'approver', 'liaison'],
  },
};

/**
 * Who may endorse which statement type. Rule changes and new organisations need every party's concurrence, so
 * no party can change the mechanism alone (DESIGN.md §1.8).
 */
export const ENDORSEMENT_RULES: Readonly<Partial<Record<StatementType, IssuerRule>>> = {
  'org.admit': { orgKinds: ['party'], roles: ['admin', 'approver', 'liaison'] },
  'settings.change': { orgKinds: ['party'], roles: ['admin', 'approver', 'liaison'] },
};

/** Whether a member with `roles` in an org of `kind` satisfies `rule`. */
export function satisfiesRule(rule: IssuerRule, kind: OrgKind, roles: readonly Role[]): boolean {
  return rule.orgKinds.includes(kind) && roles.some((role) => rule.roles.includes(role));
}
