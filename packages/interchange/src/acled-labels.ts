import type { AcledEventType, Category } from '@jmm/domain';

/**
 * ACLED's own spellings of the taxonomy's event and sub-event types (ACLED Codebook, "Event types"), so a CSV
 * export reads like ACLED data. The taxonomy keys are JMM's; these tables are total over them (the compiler
 * checks), and parsing accepts either spelling.
 */
export const ACLED_EVENT_TYPE_LABELS = {
  battles: 'Battles',
  explosions_remote_violence: 'Explosions/Remote violence',
  violence_against_civilians: 'Violence against civilians',
  protests: 'Protests',
  riots: 'Riots',
  strategic_developments: 'Strategic developments',
} as const satisfies Record<AcledEventType, string>;

export const ACLED_SUB_EVENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  armed_clash: 'Armed clash',
  government_regains_territory: 'Government regains territory',
  non_state_actor_overtakes_territory: 'Non-state actor overtakes territory',
  chemical_weapon: 'Chemical weapon',
  air_drone_strike: 'Air/drone strike',
  suicide_bomb: 'Suicide bomb',
  shelling_artillery_missile_attack: 'Shelling/artillery/missile attack',
  remote_explosive_landmine_ied: 'Remote explosive/landmine/IED',
  grenade: 'Grenade',
  sexual_violence: 'Sexual violence',
  attack: 'Attack',
  abduction_forced_disappearance: 'Abduction/forced disappearance',
  peaceful_protest: 'Peaceful protest',
  protest_with_intervention: 'Protest with intervention',
  excessive_force_against_protesters: 'Excessive force against protesters',
  violent_demonstration: 'Violent demonstration',
  mob_violence: 'Mob violence',
  agreement: 'Agreement',
  arrests: 'Arrests',
  change_to_group_activity: 'Change to group/activity',
  disrupted_weapons_use: 'Disrupted weapons use',
  headquarters_or_base_established: 'Headquarters or base established',
  looting_property_destruction: 'Looting/property destruction',
  non_violent_transfer_of_territory: 'Non-violent transfer of territory',
  other: 'Other',
};

/** ACLED's disorder type of each event type (ACLED Codebook, "Disorder type"). */
export const ACLED_DISORDER_TYPES = {
  battles: 'Political violence',
  explosions_remote_violence: 'Political violence',
  violence_against_civilians: 'Political violence',
  protests: 'Demonstrations',
  riots: 'Political violence; Demonstrations',
  strategic_developments: 'Strategic developments',
} as const satisfies Record<AcledEventType, string>;

/** The taxonomy key for an ACLED label or a key; undefined for neither. */
export function parseEventType(text: string): AcledEventType | undefined {
  for (const [key, label] of Object.entries(ACLED_EVENT_TYPE_LABELS)) {
    if (text === key || text === label) return key as AcledEventType;
  }
  return undefined;
}

export function parseSubEventType(text: string): string {
  for (const [key, label] of Object.entries(ACLED_SUB_EVENT_TYPE_LABELS)) {
    if (text === key || text === label) return key;
  }
  // Unknown: passed on as written, so the taxonomy check names it.
  return text;
}

export function formatSubEventType(category: Category): string {
  return ACLED_SUB_EVENT_TYPE_LABELS[category.sub_event_type] ?? category.sub_event_type;
}
