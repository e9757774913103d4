/** The reader's display preferences, kept in this browser only (language, calendar, zone). Never sent anywhere. */
const PREFIX = 'jmm.preference.';

export function readPreference(name: string): string | undefined {
  try {
    return globalThis.localStorage.getItem(PREFIX + name) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writePreference(name: string, value: string): void {
  try {
    globalThis.localStorage.setItem(PREFIX + name, value);
  } catch {
    // Private browsing or a full quota: the preference lasts this visit only.
  }
}
