import type { Audience, StatementType } from './statements/statement.ts';
import { ROLES, type OrgKind, type Role } from './vocabulary.ts';

/** Who may issue a statement type: an organisation of one of `orgKinds` and a member holding one of `roles`. */
export interface IssuerRule {
  readonly orgKinds: readonly OrgKind[];
  readonly roles: readonly Role[];
}

const ANY_MEMBER_ORG: readonly OrgKind[] = ['party', 'verifier', 'mediator', 'secretariat', 'observer'];
const EXCHANGING_ORGS: readonly OrgKind[] = ['party', 'mediator', 'verifier', 'secretariat'];
const EXCHANGING_ROLES: readonly Role[] = ['liaison', 'approver', 'admin'];

/**
 * The authorisation table (DESIGN.md §3 "issued by"). This is the only place that says which organisation kinds
 * and roles may issue what; validation, the API documentation and the authorisation matrix test all read it.
 * Rules that depend on the referenced record (the reporting org amends, the other party responds, recipients
 * acknowledge, the case team investigates) are checked by each type's handler (statement-types/) on top of it.
 */
export const STATEMENT_RULES: Readonly<Record<StatementType, IssuerRule>> = {
  'mechanism.genesis': { orgKinds: ['secretariat'], roles: ['admin'] },
  'org.admit': { orgKinds: ['secretariat'], roles: ['admin', 'approver'] },
  'settings.change': { orgKinds: ['secretariat'], roles: ['admin', 'approver'] },
  'member.enroll': { orgKinds: ANY_MEMBER_ORG, roles: ['admin'] },
  'member.revoke': { orgKinds: ANY_MEMBER_ORG, roles: ['admin'] },
  // Any member may name themself; that only the member or their org's admin does is checked by the handler.
  'member.profile': { orgKinds: ANY_MEMBER_ORG, roles: ROLES },
  // Who may endorse what is narrowed by ENDORSEMENT_RULES for the endorsed type.
  endorse: {
    orgKinds: ['party', 'verifier', 'mediator', 'secretariat'],
    roles: ['admin', 'approver', 'liaison', 'analyst', 'viewer'],
  },
  'incident.report': { orgKinds: ['party', 'verifier'], roles: ['reporter', 'analyst'] },
  'incident.amend': { orgKinds: ['party', 'verifier'], roles: ['reporter', 'analyst', 'liaison', 'admin'] },
  'incident.withdraw': {
    orgKinds: ['party', 'verifier'],
    roles: ['reporter', 'analyst', 'liaison', 'admin'],
  },
  'incident.response': { orgKinds: ['party'], roles: ['liaison', 'admin'] },
  'exchange.request': { orgKinds: EXCHANGING_ORGS, roles: EXCHANGING_ROLES },
  'exchange.ack': { orgKinds: EXCHANGING_ORGS, roles: EXCHANGING_ROLES },
  'exchange.reply': { orgKinds: EXCHANGING_ORGS, roles: EXCHANGING_ROLES },
  'exchange.close': { orgKinds: EXCHANGING_ORGS, roles: EXCHANGING_ROLES },
  'case.open': { orgKinds: ['verifier'], roles: ['approver'] },
  'case.note': { orgKinds: ['verifier'], roles: ['analyst', 'approver'] },
  'case.access_denied': { orgKinds: ['verifier'], roles: ['analyst', 'approver'] },
  'case.finding': { orgKinds: ['verifier'], roles: ['analyst'] },
  'commitment.propose': { orgKinds: ['mediator', 'secretariat'], roles: ['approver', 'admin'] },
  'commitment.accept': { orgKinds: ['party'], roles: ['liaison', 'approver', 'admin'] },
  'commitment.withdraw': {
    orgKinds: ['party', 'mediator', 'secretariat'],
    roles: ['liaison', 'approver', 'admin'],
  },
  'indicator.assessment': { orgKinds: ['verifier'], roles: ['approver'] },
  release: { orgKinds: ['mediator'], roles: ['approver', 'admin'] },
  'report.publish': { orgKinds: ['secretariat'], roles: ['approver', 'admin'] },
};

/**
 * Who may endorse which statement type. Rule changes and new organisations need every party's concurrence, so
 * no party can change the mechanism alone (DESIGN.md §1.8). Findings are made final by verifier approvers; party
 * observers on the case team may concur or dissent, recorded but not counted (checked against the case).
 */
export const ENDORSEMENT_RULES: Readonly<Partial<Record<StatementType, IssuerRule>>> = {
  'org.admit': { orgKinds: ['party'], roles: ['admin', 'approver', 'liaison'] },
  'settings.change': { orgKinds: ['party'], roles: ['admin', 'approver', 'liaison'] },
  // Narrowed against the case: verifier approvers of the finding's organisation, and the case's observers.
  'case.finding': {
    orgKinds: ['verifier', 'party'],
    roles: ['approver', 'liaison', 'admin', 'viewer', 'reporter'],
  },
  release: { orgKinds: ['verifier'], roles: ['approver'] },
  'commitment.propose': { orgKinds: ['mediator', 'secretariat', 'verifier'], roles: ['approver', 'admin'] },
};

/** The kinds of audience a statement can have. */
export type AudienceKind = Audience['kind'];
const ANY_AUDIENCE: readonly AudienceKind[] = ['public', 'mechanism', 'orgs'];

/**
 * The audiences a statement type allows, where it does not allow them all (DESIGN.md §3, issue 11 "public
 * membership"). Who holds which key with which roles, and the rules, are public, so anyone can replay the
 * membership at every index and check every public signature; they carry role titles and member ids, never
 * personal names. A personal display name goes in a `member.profile`, which is never public. An endorsement of
 * a type whose audience is fixed here has that type's audience too (the unanimity behind a rule change is as
 * public as the change): see `allowedAudiencesOf`. Validation, the API documentation and the web forms read it.
 */
export const AUDIENCE_RULES: Readonly<Partial<Record<StatementType, readonly AudienceKind[]>>> = {
  'mechanism.genesis': ['public'],
  'org.admit': ['public'],
  'settings.change': ['public'],
  'member.enroll': ['public'],
  'member.revoke': ['public'],
  'member.profile': ['mechanism', 'orgs'],
  // A report's numbers are what every reader of its audience is shown (metrics/report-audience.ts): the public,
  // or every member organisation; a report for named organisations would have no such readers.
  'report.publish': ['public', 'mechanism'],
};

/**
 * The audiences a statement of `type` may have; for an `endorse`, `endorsedType` is the type it endorses
 * (undefined when not known, which allows what any endorsement may have).
 */
export function allowedAudiencesOf(
  type: StatementType,
  endorsedType?: StatementType,
): readonly AudienceKind[] {
  if (type === 'endorse' && endorsedType !== undefined && ENDORSEMENT_RULES[endorsedType] !== undefined)
    return AUDIENCE_RULES[endorsedType] ?? ANY_AUDIENCE;
  return AUDIENCE_RULES[type] ?? ANY_AUDIENCE;
}

/** Whether a member with `roles` in an org of `kind` satisfies `rule`. */
export function satisfiesRule(rule: IssuerRule, kind: OrgKind, roles: readonly Role[]): boolean {
  return rule.orgKinds.includes(kind) && roles.some((role) => rule.roles.includes(role));
}
