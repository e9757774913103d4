/** `members`: members of each organisation, projected from `MechanismState` after each batch. */
export interface MembersTable {
  org: string;
  member: string;
  display_name: string;
  /** JSON array of roles. TEXT in both dialects. */
  roles: string;
  /** 1 while the member may act, 0 once every key was revoked (an integer in both dialects). */
  active: bigint;
}
