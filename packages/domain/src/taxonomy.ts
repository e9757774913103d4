import { z } from 'zod';

/**
 * The incident taxonomy, versioned so that a category in the log always means what it meant when it was
 * reported. Event and sub-event types follow ACLED's codebook (so exports line up with ACLED data); the
 * mechanism types are what the parties agreed to monitor.
 */
export const TAXONOMY_VERSION = 'jmm-2026.1';

export const ACLED_EVENT_TYPES = {
  battles: ['armed_clash', 'government_regains_territory', 'non_state_actor_overtakes_territory'],
  explosions_remote_violence: [
    'chemical_weapon',
    'air_drone_strike',
    'suicide_bomb',
    'shelling_artillery_missile_attack',
    'remote_explosive_landmine_ied',
    'grenade',
  ],
  violence_against_civilians: ['sexual_violence', 'attack', 'abduction_forced_disappearance'],
  protests: ['peaceful_protest', 'protest_with_intervention', 'excessive_force_against_protesters'],
  riots: ['violent_demonstration', 'mob_violence'],
  strategic_developments: [
    'agreement',
    'arrests',
    'change_to_group_activity',
    'disrupted_weapons_use',
    'headquarters_or_base_established',
    'looting_property_destruction',
    'non_violent_transfer_of_territory',
    'other',
  ],
} as const;
export type AcledEventType = keyof typeof ACLED_EVENT_TYPES;

export const MECHANISM_TYPES = [
  'cross_border_attack',
  'cross_border_fire',
  'incursion',
  'airspace_violation',
  'militant_presence',
  'attack_on_border_post',
  'access_restriction',
  'other',
] as const;
export type MechanismType = (typeof MECHANISM_TYPES)[number];

export const categorySchema = z
  .strictObject({
    taxonomy: z.literal(TAXONOMY_VERSION),
    mechanism_type: z.enum(MECHANISM_TYPES),
    event_type: z.enum(Object.keys(ACLED_EVENT_TYPES) as [AcledEventType, ...AcledEventType[]]),
    sub_event_type: z.string().max(64),
  })
  .refine(
    (category) =>
      (ACLED_EVENT_TYPES[category.event_type] as readonly string[]).includes(category.sub_event_type),
    {
      error: 'sub_event_type is not a sub-event of event_type in the taxonomy',
      path: ['sub_event_type'],
    },
  );
export type Category = z.infer<typeof categorySchema>;
