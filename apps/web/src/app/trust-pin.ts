/**
 * What this browser trusts about a mechanism: its log's verifier key, pinned the first time the browser met
 * the mechanism (trust on first use, as SSH does). Every proof the app checks is checked against the pinned
 * key; if the server later presents another key, the app says so and keeps verifying against the pinned one,
 * so an operator cannot swap the log under a member's feet unnoticed. An administrator re-pins deliberately.
 */
export interface TrustPin {
  readonly logVerifierKey: string;
  /** The key the server presents now, when it differs from the pinned one. */
  readonly presentedKey: string | undefined;
  readonly pinnedAt: string;
}

const PREFIX = 'jmm.trust.';

export function pinLogKey(origin: string, presented: string, storage: Storage = localStorage): TrustPin {
  const name = PREFIX + origin;
  try {
    const saved = storage.getItem(name);
    if (saved !== null) {
      const pin = JSON.parse(saved) as { logVerifierKey: string; pinnedAt: string };
      return {
        logVerifierKey: pin.logVerifierKey,
        presentedKey: pin.logVerifierKey === presented ? undefined : presented,
        pinnedAt: pin.pinnedAt,
      };
    }
  } catch {
    // An unreadable pin is replaced below, as on first use.
  }
  const pin = { logVerifierKey: presented, pinnedAt: new Date().toISOString() };
  try {
    storage.setItem(name, JSON.stringify(pin));
  } catch {
    // Without storage the pin lasts this page only.
  }
  return { ...pin, presentedKey: undefined };
}

/** Forgets the pin so the next load pins the key the server presents (an administrator's deliberate act). */
export function forgetLogKey(origin: string, storage: Storage = localStorage): void {
  storage.removeItem(PREFIX + origin);
}
