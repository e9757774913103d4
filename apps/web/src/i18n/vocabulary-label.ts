import { messages as english } from './catalogue/en/index.ts';
import type { MessageKey } from './i18n-context.tsx';

/**
 * The label of a vocabulary value (a category, a position, a role…): the catalogue's `vocab.<value>` entry, or,
 * for a value the catalogue lacks, the value made readable — never an empty label.
 */
export function vocabularyLabel(t: (key: MessageKey) => string, value: string): string {
  const key = `vocab.${value}`;
  return Object.hasOwn(english, key) ? t(key as MessageKey) : value.replaceAll('_', ' ');
}
