import type { MechanismState } from '../mechanism-state.ts';
import { memberKey } from '../member-key.ts';
import type { MemberEnrollment } from '../statements/membership.ts';

/**
 * Enrols a member of `org` (or adds a key to one), effective at log index `index`; roles are replaced. A key
 * already known is never replaced: replacing it would un-revoke a revoked key (validation refuses such
 * enrolments, and reserves the keys of pending admissions, so this is the last line, not the rule).
 */
export function enrolMember(
  state: MechanismState,
  org: string,
  enrolment: MemberEnrollment,
  index: bigint,
  keyIdOf: (publicKey: string) => string,
): void {
  const keyId = keyIdOf(enrolment.public_key);
  if (state.keys.has(keyId)) return;
  const existing = state.members.get(memberKey(org, enrolment.member));
  state.members.set(memberKey(org, enrolment.member), {
    // A new key keeps the member's profile name; the enrolment's role title and roles replace the old ones.
    ...(existing?.profileName === undefined ? {} : { profileName: existing.profileName }),
    org,
    member: enrolment.member,
    displayName: enrolment.display_name,
    roles: enrolment.roles,
    active: true,
  });
  state.keys.set(keyId, {
    keyId,
    publicKey: enrolment.public_key,
    org,
    member: enrolment.member,
    enrolledAt: index,
    revokedAt: undefined,
  });
}
