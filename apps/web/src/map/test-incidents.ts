// Test data for the map components' tests: an incident list item with only what the test cares about varied.
import type { IncidentListItem } from '@jmm/client';

export interface IncidentOverrides {
  readonly digest: string;
  readonly lat?: number;
  readonly lon?: number;
  readonly start?: string;
  readonly kind?: IncidentListItem['kind'];
  readonly status?: IncidentListItem['status'];
  readonly admin1?: string;
}

export function makeIncident(overrides: IncidentOverrides): IncidentListItem {
  const start = overrides.start ?? '2025-03-01T10:00:00Z';
  return {
    digest: overrides.digest,
    index: 0,
    org: 'pk-mofa',
    audience: { kind: 'mechanism' },
    member: null,
    reported_at: start,
    status: overrides.status ?? 'reported',
    case_digest: null,
    respond_by: null,
    kind: overrides.kind ?? 'allegation',
    category: {
      taxonomy: 'jmm-2026.1',
      mechanism_type: 'cross_border_fire',
      event_type: 'battles',
      sub_event_type: 'armed_clash',
    },
    time: { start, end: start, precision: 'exact' },
    location: {
      lat: overrides.lat ?? 34,
      lon: overrides.lon ?? 71,
      precision_m: 1000,
      ...(overrides.admin1 === undefined ? {} : { admin1: overrides.admin1 }),
    },
    casualties: null,
    alleged_responsible: { actor: 'a border post', party: 'af-mod' },
    amendments: [],
    responses: [],
    evidence_count: 0,
  };
}
