/**
 * Dates and times as a monitoring mission reads them (DESIGN.md §7): in the Gregorian or the Solar Hijri
 * calendar (Intl's `persian` calendar), in UTC or one of the mechanism's zones, always naming the zone so that
 * nobody mistakes a Kabul time for a Karachi one.
 */
export type Calendar = 'gregory' | 'persian';
export const CALENDARS: readonly Calendar[] = ['gregory', 'persian'];
export const TIME_ZONES = ['UTC', 'Asia/Karachi', 'Asia/Kabul'] as const;
export type TimeZone = (typeof TIME_ZONES)[number];

export interface DateTimePreferences {
  readonly locale: string;
  readonly calendar: Calendar;
  readonly timeZone: TimeZone;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatterOf(preferences: DateTimePreferences, withTime: boolean): Intl.DateTimeFormat {
  const key = `${preferences.locale}|${preferences.calendar}|${preferences.timeZone}|${withTime}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(preferences.locale, {
      calendar: preferences.calendar,
      numberingSystem: 'latn',
      timeZone: preferences.timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** An RFC 3339 time for reading; an unparseable one is shown as given rather than as "Invalid Date". */
export function formatDateTime(iso: string, preferences: DateTimePreferences): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formatterOf(preferences, true).format(time);
}

export function formatDate(iso: string, preferences: DateTimePreferences): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formatterOf(preferences, false).format(time);
}

/**
 * The last instant of a period `[start, end)` (DESIGN.md §6: metric and report periods end exclusively), so
 * that October reads "1 Oct – 31 Oct", not "– 1 Nov".
 */
export function lastInstantOf(end: string): string {
  return new Date(Date.parse(end) - 1).toISOString();
}
