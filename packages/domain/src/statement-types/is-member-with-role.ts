import type { MechanismState } from '../mechanism-state.ts';
import { memberKey } from '../member-key.ts';
import type { Role } from '../vocabulary.ts';

/** Whether `org/member` is an active member holding `role`. */
export function isMemberWithRole(state: MechanismState, org: string, member: string, role: Role): boolean {
  const record = state.members.get(memberKey(org, member));
  return record?.active === true && record.roles.includes(role);
}
