import type { MechanismState } from '../mechanism-state.ts';
import type { StatementOf } from '../statements/statement.ts';
import type { CaseRecord } from '../workflow-records.ts';
import { fail } from './fail.ts';
import { isMemberWithRole } from './is-member-with-role.ts';
import { requireTarget } from './require-target.ts';

/**
 * The open case `statement` is about, on which its issuer works: an analyst of the case team or, where
 * `approvers` allows, an approver of the case's organisation.
 */
export function requireCaseTeam(
  statement: StatementOf<'case.note' | 'case.access_denied' | 'case.finding'>,
  state: MechanismState,
  { approvers }: { readonly approvers: boolean },
): CaseRecord {
  const { org, member } = statement.issuer;
  const kase = requireTarget(statement, state, 'subject', 'case');
  if (kase.status !== 'open') fail('state_conflict', 'the case is not open');
  const inTeam = kase.analysts.some((a) => a.org === org && a.member === member);
  const approver = kase.org === org && isMemberWithRole(state, org, member, 'approver');
  if (!inTeam && !(approver && approvers)) fail('forbidden_type', 'only the case team works on a case');
  return kase;
}
