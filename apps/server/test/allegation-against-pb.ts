import { TAXONOMY_VERSION, type MechanismType, type StatementOf } from '@jmm/domain';

/**
 * The body of the allegation the metrics and report suites count: shelling by forces across the border, alleged
 * against party `pb` from 10:00 to 11:00 UTC on `day`, of `category` (cross-border fire by default). Each suite
 * chooses the day and how precisely the place is known: they decide the period it counts in and the public map.
 */
export function allegationAgainstPb(options: {
  /** YYYY-MM-DD. */
  readonly day: string;
  readonly precisionM: number;
  readonly category?: MechanismType;
}): StatementOf<'incident.report'>['body'] {
  return {
    kind: 'allegation',
    category: {
      taxonomy: TAXONOMY_VERSION,
      mechanism_type: options.category ?? 'cross_border_fire',
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
    },
    time: { start: `${options.day}T10:00:00Z`, end: `${options.day}T11:00:00Z`, precision: 'exact' },
    location: { lat: 34.1, lon: 71.1, precision_m: options.precisionM },
    alleged_responsible: { actor: 'forces across the border', party: 'pb' },
    narrative: '[SYNTHETIC] shelling reported near the border',
    evidence: [],
  };
}
