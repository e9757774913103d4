import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages as english } from './catalogue/en/index.ts';
import {
  formatDate,
  formatDateTime,
  type Calendar,
  type DateTimePreferences,
  type TimeZone,
} from './format-date-time.ts';
import { formatMessage, type MessageParams } from './format-message.ts';
import { directionOf, isLanguageCode, type LanguageCode, type TextDirection } from './languages.ts';
import { readPreference, writePreference } from '../app/preferences.ts';

/** Every message key: English is the reference catalogue, and a test holds the others to it. */
export type MessageKey = keyof typeof english;
export type Messages = Readonly<Record<MessageKey, string>>;

export interface Catalogue {
  readonly meta: {
    readonly language: string;
    readonly reviewed_by_native_speaker: boolean;
    readonly note?: string;
  };
  readonly messages: Partial<Messages>;
}

/** Non-English catalogues load on demand: a reader of one language never downloads the other three. */
const LOADERS: Record<Exclude<LanguageCode, 'en'>, () => Promise<Catalogue>> = {
  ur: () => import('./catalogue/ur/index.ts'),
  ps: () => import('./catalogue/ps/index.ts'),
  'fa-AF': () => import('./catalogue/fa-AF/index.ts'),
};

export interface I18n {
  readonly language: LanguageCode;
  readonly dir: TextDirection;
  /** Whether the current catalogue is a machine or non-native draft (shown to readers, issue 10). */
  readonly unreviewed: boolean;
  readonly calendar: Calendar;
  readonly timeZone: TimeZone;
  readonly t: (key: MessageKey, params?: MessageParams) => string;
  readonly dateTime: (iso: string) => string;
  readonly date: (iso: string) => string;
  readonly setLanguage: (code: LanguageCode) => void;
  readonly setCalendar: (calendar: Calendar) => void;
  readonly setTimeZone: (zone: TimeZone) => void;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === undefined) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

function initialLanguage(): LanguageCode {
  const saved = readPreference('language');
  if (saved !== undefined && isLanguageCode(saved)) return saved;
  return 'en';
}

export function I18nProvider({
  children,
  language: fixed,
}: {
  children: ReactNode;
  language?: LanguageCode;
}) {
  const [language, setLanguageState] = useState<LanguageCode>(fixed ?? initialLanguage);
  const [catalogue, setCatalogue] = useState<Catalogue | undefined>(undefined);
  const [calendar, setCalendarState] = useState<Calendar>(() =>
    readPreference('calendar') === 'persian' ? 'persian' : 'gregory',
  );
  const [timeZone, setTimeZoneState] = useState<TimeZone>(() => {
    const zone = readPreference('time-zone');
    return zone === 'Asia/Karachi' || zone === 'Asia/Kabul' ? zone : 'UTC';
  });

  useEffect(() => {
    let live = true;
    if (language === 'en') setCatalogue(undefined);
    else void LOADERS[language]().then((loaded) => live && setCatalogue(loaded));
    const dir = directionOf(language);
    document.documentElement.lang = language;
    document.documentElement.dir = dir;
    return () => {
      live = false;
    };
  }, [language]);

  const t = useCallback(
    (key: MessageKey, params: MessageParams = {}) =>
      formatMessage(catalogue?.messages[key] ?? english[key], params, language),
    [catalogue, language],
  );

  const value = useMemo<I18n>(() => {
    const preferences: DateTimePreferences = { locale: language, calendar, timeZone };
    return {
      language,
      dir: directionOf(language),
      unreviewed: catalogue !== undefined && !catalogue.meta.reviewed_by_native_speaker,
      calendar,
      timeZone,
      t,
      dateTime: (iso) => formatDateTime(iso, preferences),
      date: (iso) => formatDate(iso, preferences),
      setLanguage: (code) => {
        writePreference('language', code);
        setLanguageState(code);
      },
      setCalendar: (next) => {
        writePreference('calendar', next);
        setCalendarState(next);
      },
      setTimeZone: (zone) => {
        writePreference('time-zone', zone);
        setTimeZoneState(zone);
      },
    };
  }, [language, calendar, timeZone, catalogue, t]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
