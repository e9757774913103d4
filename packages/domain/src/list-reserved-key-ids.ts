import type { MechanismState } from './mechanism-state.ts';

/**
 * The key ids named by pending `org.admit` statements. They are reserved: validation refuses to enrol them
 * anywhere else, so an admission taking effect never meets a key that was enrolled (or revoked) meanwhile.
 */
export function listReservedKeyIds(
  state: MechanismState,
  keyIdOf: (publicKey: string) => string,
): Set<string> {
  const reserved = new Set<string>();
  for (const change of state.pending.values()) {
    if (change.statement.type !== 'org.admit') continue;
    for (const admin of change.statement.body.org.admins) reserved.add(keyIdOf(admin.public_key));
  }
  return reserved;
}
