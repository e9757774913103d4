import type { MechanismState } from '../mechanism-state.ts';
import type { OrgDefinition } from '../statements/membership.ts';
import { enrolMember } from './enrol-member.ts';

/** Makes `org` a member of the mechanism at log index `index`, with its first admins enrolled. */
export function addOrg(
  state: MechanismState,
  org: OrgDefinition,
  index: bigint,
  keyIdOf: (publicKey: string) => string,
): void {
  state.orgs.set(org.id, { id: org.id, name: org.name, kind: org.kind, admittedAt: index });
  for (const admin of org.admins) enrolMember(state, org.id, admin, index, keyIdOf);
}
