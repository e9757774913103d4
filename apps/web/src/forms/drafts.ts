import type { Audience } from '@jmm/domain';
import type { FormValues } from './form-fields.ts';

/** A form's unsent values, kept in this browser (localStorage) until the statement is logged or discarded. */
export interface Draft {
  readonly values: FormValues;
  readonly audience: Audience;
  readonly savedAt: string;
}

const PREFIX = 'jmm.draft.';

export function readDraft(key: string): Draft | undefined {
  try {
    const text = localStorage.getItem(PREFIX + key);
    return text === null ? undefined : (JSON.parse(text) as Draft);
  } catch {
    return undefined;
  }
}

export function writeDraft(key: string, draft: Omit<Draft, 'savedAt'>): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
  } catch {
    // A full quota loses the draft, not the form: the member still sees and can submit what they typed.
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to clear without storage.
  }
}
