import { encodeUtf8 } from '@jmm/core';

/**
 * The bytes a member signs to sign in (challenge–response, DESIGN.md §7). The fixed prefix keeps a login
 * signature from ever being valid as a statement signature (DSSE signs PAE bytes, which start "DSSEv1 "), and the
 * origin keeps it from being replayed to another mechanism.
 */
export function formatLoginMessage(origin: string, challenge: string): Uint8Array {
  return encodeUtf8(`jmm-login/v1\n${origin}\n${challenge}\n`);
}
