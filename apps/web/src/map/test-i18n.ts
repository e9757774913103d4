// A stand-in for the app's I18nProvider in the map components' tests: the English map catalogue through the
// app's own message formatter, with a direction the test chooses. It keeps these tests independent of the other
// catalogue areas.
import type { I18n, MessageKey } from '../i18n/i18n-context.tsx';
import english from '../i18n/catalogue/en/map.json';
import { formatMessage } from '../i18n/format-message.ts';

export function createTestI18n(dir: 'ltr' | 'rtl'): I18n {
  const messages: Readonly<Record<string, string>> = english;
  return {
    language: 'en',
    dir,
    unreviewed: false,
    calendar: 'gregory',
    timeZone: 'UTC',
    t: (key: MessageKey, params = {}) => formatMessage(messages[key] ?? key, params, 'en'),
    dateTime: (iso) => iso,
    date: (iso) => iso.slice(0, 10),
    setLanguage: () => undefined,
    setCalendar: () => undefined,
    setTimeZone: () => undefined,
  };
}
