import type { IncidentListItem } from '@jmm/client';
import type { I18n, MessageKey } from '../i18n/i18n-context.tsx';
import { provinceName } from './geo/province-names.ts';

export const KIND_LABELS = {
  allegation: 'map.kind.allegation',
  observation: 'map.kind.observation',
} as const satisfies Record<IncidentListItem['kind'], MessageKey>;

export const STATUS_LABELS = {
  reported: 'map.status.reported',
  responded: 'map.status.responded',
  admitted: 'map.status.admitted',
  declined: 'map.status.declined',
  under_investigation: 'map.status.under_investigation',
  finding_final: 'map.status.finding_final',
  released: 'map.status.released',
  withdrawn: 'map.status.withdrawn',
} as const satisfies Record<IncidentListItem['status'], MessageKey>;

/** Where the incident was, in words: its province when known, else its coordinates. */
export function describePlace(
  location: { readonly lat: number; readonly lon: number; readonly admin1?: string | undefined },
  i18n: Pick<I18n, 't' | 'language'>,
): string {
  if (location.admin1 !== undefined) return provinceName(location.admin1, i18n.language) ?? location.admin1;
  return i18n.t('map.coordinates', { lat: round(location.lat), lon: round(location.lon) });
}

/** One line naming an incident for the keyboard list: kind, place, date and status. */
export function describeIncident(
  incident: IncidentListItem,
  i18n: Pick<I18n, 't' | 'language' | 'date'>,
): string {
  return i18n.t('map.incident.description', {
    kind: i18n.t(KIND_LABELS[incident.kind]),
    place: describePlace(incident.location, i18n),
    date: i18n.date(incident.time.start),
    status: i18n.t(STATUS_LABELS[incident.status]),
  });
}

/** Three decimals, about 100 m: as fine as a reader needs to tell places apart in a list. */
function round(degrees: number): number {
  return Math.round(degrees * 1e3) / 1e3;
}
