/** The key of a member in `MechanismState.members`: its organisation and member id, `org/member`. */
export function memberKey(org: string, member: string): string {
  return `${org}/${member}`;
}
