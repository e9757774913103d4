import type { Category } from '@jmm/domain';
import { TAXONOMY_VERSION } from '@jmm/domain';

/**
 * The kinds of event the demo's allegations and observations describe. Both parties draw from the same
 * templates with the same weights, so neither side is cast as the aggressor. Texts describe actors by role
 * ("armed group operating from across the border"), never by a real group's or person's name, and every
 * narrative is marked [SYNTHETIC].
 */
export interface IncidentTemplate {
  readonly id: string;
  readonly weight: number;
  readonly category: Category;
  /** Where the event happens: on the reporting party's side, or on the side of the party alleged responsible. */
  readonly site: 'reporter' | 'accused';
  readonly actors: readonly string[];
  readonly casualties: 'none' | 'light' | 'heavy';
  /** Whether the party alleged responsible can answer that it acted (against a group or a site). */
  readonly actionable: boolean;
  /** What happened, as a clause after "near <district> (<province>)". */
  readonly describe: (place: string) => string;
  /** A short noun phrase for titles and findings. */
  readonly noun: string;
}

function category(
  mechanismType: Category['mechanism_type'],
  eventType: Category['event_type'],
  subEventType: string,
): Category {
  return {
    taxonomy: TAXONOMY_VERSION,
    mechanism_type: mechanismType,
    event_type: eventType,
    sub_event_type: subEventType,
  };
}

export const INCIDENT_TEMPLATES: readonly IncidentTemplate[] = [
  {
    id: 'shelling',
    weight: 22,
    category: category(
      'cross_border_fire',
      'explosions_remote_violence',
      'shelling_artillery_missile_attack',
    ),
    site: 'reporter',
    actors: ['forces positioned across the border', 'artillery positions across the border'],
    casualties: 'light',
    actionable: false,
    describe: (place) =>
      `Mortar and artillery rounds fired from across the border landed near ${place}, hitting fields and houses.`,
    noun: 'cross-border shelling',
  },
  {
    id: 'post-attack',
    weight: 9,
    category: category('attack_on_border_post', 'battles', 'armed_clash'),
    site: 'reporter',
    actors: ['armed group operating from across the border', 'unidentified militants'],
    casualties: 'light',
    actionable: true,
    describe: (place) =>
      `A border post near ${place} came under small-arms and rocket fire from positions across the border.`,
    noun: 'attack on a border post',
  },
  {
    id: 'ied',
    weight: 5,
    category: category(
      'attack_on_border_post',
      'explosions_remote_violence',
      'remote_explosive_landmine_ied',
    ),
    site: 'reporter',
    actors: ['unidentified militants who crossed the border', 'armed group operating from across the border'],
    casualties: 'heavy',
    actionable: true,
    describe: (place) =>
      `An improvised explosive device struck a patrol vehicle on the border road near ${place}.`,
    noun: 'roadside bomb attack',
  },
  {
    id: 'raid',
    weight: 8,
    category: category('cross_border_attack', 'battles', 'armed_clash'),
    site: 'reporter',
    actors: ['armed group operating from across the border', 'unidentified armed men'],
    casualties: 'heavy',
    actionable: true,
    describe: (place) =>
      `Armed men who crossed from the other side attacked a checkpoint near ${place} and withdrew across the border.`,
    noun: 'cross-border raid',
  },
  {
    id: 'abduction',
    weight: 4,
    category: category('cross_border_attack', 'violence_against_civilians', 'abduction_forced_disappearance'),
    site: 'reporter',
    actors: ['unidentified armed men', 'armed group operating from across the border'],
    casualties: 'none',
    actionable: true,
    describe: (place) =>
      `Armed men who crossed the border took residents of a village near ${place}; their whereabouts are unknown.`,
    noun: 'cross-border abduction',
  },
  {
    id: 'drone-strike',
    weight: 6,
    category: category('airspace_violation', 'explosions_remote_violence', 'air_drone_strike'),
    site: 'reporter',
    actors: ['unmanned aircraft launched from across the border', 'aircraft from across the border'],
    casualties: 'heavy',
    actionable: false,
    describe: (place) => `An unmanned aircraft crossed the border and struck a compound near ${place}.`,
    noun: 'drone strike',
  },
  {
    id: 'overflight',
    weight: 6,
    category: category('airspace_violation', 'strategic_developments', 'other'),
    site: 'reporter',
    actors: ['aircraft from across the border', 'unmanned aircraft launched from across the border'],
    casualties: 'none',
    actionable: false,
    describe: (place) =>
      `Aircraft crossed the border over ${place} without prior notification and circled for about an hour; no strike was reported.`,
    noun: 'airspace violation',
  },
  {
    id: 'incursion',
    weight: 8,
    category: category('incursion', 'strategic_developments', 'other'),
    site: 'reporter',
    actors: ['armed personnel from across the border', 'border forces of the other side'],
    casualties: 'none',
    actionable: true,
    describe: (place) =>
      `Armed personnel crossed the border near ${place}, set up a temporary position and withdrew after several hours.`,
    noun: 'incursion',
  },
  {
    id: 'camp',
    weight: 10,
    category: category('militant_presence', 'strategic_developments', 'headquarters_or_base_established'),
    site: 'accused',
    actors: ['armed group sheltering across the border', 'unidentified militants'],
    casualties: 'none',
    actionable: true,
    describe: (place) =>
      `A camp used by an armed group that carries out attacks across the border is reported near ${place}.`,
    noun: 'militant camp',
  },
  {
    id: 'movement',
    weight: 8,
    category: category('militant_presence', 'strategic_developments', 'change_to_group_activity'),
    site: 'accused',
    actors: ['armed group sheltering across the border', 'unidentified militants'],
    casualties: 'none',
    actionable: true,
    describe: (place) => `Groups of armed fighters were seen moving toward the border near ${place}.`,
    noun: 'armed movement toward the border',
  },
  {
    id: 'closure',
    weight: 8,
    category: category('access_restriction', 'strategic_developments', 'other'),
    site: 'reporter',
    actors: ['border authorities of the other side'],
    casualties: 'none',
    actionable: false,
    describe: (place) =>
      `The border crossing serving ${place} was closed from the other side without notice, stranding traders and patients.`,
    noun: 'unannounced crossing closure',
  },
  {
    id: 'seizure',
    weight: 3,
    category: category('other', 'strategic_developments', 'looting_property_destruction'),
    site: 'reporter',
    actors: ['unidentified armed men', 'armed personnel from across the border'],
    casualties: 'none',
    actionable: true,
    describe: (place) => `Livestock and vehicles were seized near ${place} and driven across the border.`,
    noun: 'cross-border seizure of property',
  },
];

/** What the verification team records as observations: events seen, with no party alleged responsible. */
export const OBSERVATION_TEMPLATES: readonly IncidentTemplate[] = [
  {
    id: 'observed-fire',
    weight: 4,
    category: category(
      'cross_border_fire',
      'explosions_remote_violence',
      'shelling_artillery_missile_attack',
    ),
    site: 'reporter',
    actors: ['undetermined'],
    casualties: 'none',
    actionable: false,
    describe: (place) =>
      `A verification patrol heard and saw impacts of indirect fire near ${place}; the direction of fire could not be determined.`,
    noun: 'indirect fire observed',
  },
  {
    id: 'observed-aircraft',
    weight: 3,
    category: category('airspace_violation', 'strategic_developments', 'other'),
    site: 'reporter',
    actors: ['undetermined'],
    casualties: 'none',
    actionable: false,
    describe: (place) =>
      `A verification patrol observed an unmanned aircraft of undetermined origin over ${place}.`,
    noun: 'aircraft observed near the border',
  },
  {
    id: 'observed-movement',
    weight: 3,
    category: category('militant_presence', 'strategic_developments', 'change_to_group_activity'),
    site: 'reporter',
    actors: ['unidentified armed men'],
    casualties: 'none',
    actionable: false,
    describe: (place) =>
      `A verification patrol observed armed men moving along a track toward the border near ${place}.`,
    noun: 'armed movement observed',
  },
  {
    id: 'observed-protest',
    weight: 2,
    category: category('other', 'protests', 'peaceful_protest'),
    site: 'reporter',
    actors: ['undetermined'],
    casualties: 'none',
    actionable: false,
    describe: (place) =>
      `Traders and transporters held a peaceful protest at the crossing serving ${place} against repeated closures.`,
    noun: 'protest at a crossing',
  },
];
