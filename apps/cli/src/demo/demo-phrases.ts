/**
 * The demo's stock phrases. Every free text the demo signs starts with [SYNTHETIC] (DESIGN.md §9), names no
 * real group or person, and speaks of "the other side" rather than casting either party as the aggressor.
 */
export const SYNTHETIC = '[SYNTHETIC]';

export function synthetic(text: string): string {
  return `${SYNTHETIC} ${text}`;
}

export function describeCasualties(killed: number, civilians: number, injured: number): string {
  if (killed === 0 && injured === 0) return 'No casualties were reported.';
  const dead =
    killed === 0
      ? 'No one was reported killed'
      : `${killed} ${killed === 1 ? 'person was' : 'people were'} reported killed`;
  const civ = killed > 0 && civilians > 0 ? `, ${civilians} of them civilians,` : '';
  const hurt = injured > 0 ? ` and ${injured} injured` : '';
  return `${dead}${civ}${hurt}.`;
}

export const RESPONSE_TEXTS = {
  acknowledge: [
    'The cell acknowledges the report and has referred it to the sector commander for inquiry.',
    'The event is acknowledged; an inquiry has been opened and its outcome will be shared through the liaison channel.',
  ],
  dispute: [
    'The allegation is disputed: no fire was directed across the border from this sector on that date. The cell invites verification.',
    'The allegation is disputed: the units in this sector report no movement at the time given. The cell asks the verification team to look into it.',
  ],
  partly_dispute: [
    'The event is acknowledged but its description is disputed: the fire was a response to firing from the reporting side.',
    'The cell accepts that an event took place but disputes the location and the casualty figures given.',
  ],
  information_requested: [
    'Before it can respond the cell requests the exact coordinates, the time and any imagery of the event.',
    'The cell requests further information, including witness statements, to enable an inquiry.',
  ],
  action_taken: [
    'Action was taken: security forces searched the area named in the report.',
    'Action was taken on the report: the site named was cleared and a checkpoint established.',
  ],
} as const;

export const ACTION_DESCRIPTIONS = {
  group: [
    'A search operation was conducted against the armed group named in the report; several suspects were detained.',
    'Patrols were reinforced along the tracks used by the armed group and its members were dispersed.',
  ],
  site: [
    'The site named in the report was searched and an abandoned position dismantled.',
    'The compound named in the report was searched and closed.',
  ],
  individuals: ['Individuals suspected of involvement were detained for questioning.'],
} as const;

export const AMENDMENT_REASONS = {
  casualties: 'Casualty figures revised after hospital records were checked',
  location: 'Location corrected after the field report was received',
  narrative: 'Details added from a second field report',
} as const;

export const WITHDRAWAL_REASONS = [
  'Duplicate of an earlier report of the same event',
  'Further inquiry found the damage was caused by an accident on this side of the border',
];

export const DECLINE_REASONS = [
  'The information provided does not locate the event precisely enough to verify.',
  'The event falls outside the mechanism’s mandate: it concerns an internal security matter.',
  'The allegation duplicates one already under verification.',
  'No evidence beyond a single unsourced account was provided; the allegation may be resubmitted with more.',
];

export const ADMIT_REASONS = [
  'The allegation concerns cross-border violence within the mandate and can be verified on the ground.',
  'Casualties were reported and the site is accessible: the team will verify.',
  'The allegation is specific as to time and place and within the mandate.',
];

export const CASE_NOTES = [
  'Site visit scheduled; the liaison officers of both cells were informed.',
  'Witness interviews conducted with residents of the area.',
  'Commercial satellite imagery of the site requested and received.',
  'Fragments collected at the site were photographed and catalogued.',
  'Medical records of the injured reviewed with the consent of the families.',
  'The team compared the accounts of both cells with what was seen at the site.',
];

export const ACCESS_TEXTS = {
  denied: [
    'The team was refused passage at a checkpoint on the road to the site.',
    'Access to the site was refused on security grounds; no alternative date was offered.',
  ],
  delayed: [
    'Clearance for the site visit arrived after the agreed time; the visit went ahead later.',
    'The team was held at a checkpoint until an escort was arranged.',
  ],
} as const;

export const DETERMINATION_TEXTS = {
  confirmed: 'The team confirms that the event took place as described in substance.',
  not_confirmed:
    'The team could not confirm the event: the site showed no traces consistent with the account.',
  unfounded: 'The team found the allegation unfounded: the damage seen predates the date given.',
  inconclusive: 'The team could not reach a conclusion on the information available.',
} as const;

export const CLAIM_DETERMINATION_TEXTS = {
  confirmed: 'The team confirms that the action claimed was taken.',
  not_confirmed:
    'The team could not confirm the action claimed: nothing at the site showed it had been taken.',
  unfounded: 'The team found the claim unfounded: the site was as it had been before the claimed action.',
  inconclusive: 'The team could not reach a conclusion on the action claimed.',
} as const;

export const APPROVER_DISSENTS = [
  'The imagery does not support the attribution with the confidence stated.',
  'The source grading is too generous for a single uncorroborated witness.',
  'The finding should await the second site visit the team itself recommended.',
  'The determination goes further than the evidence listed: I would record it as inconclusive.',
];

export const OBSERVER_DISSENTS = [
  'Our cell was not given the chance to present its own information before the finding was drafted.',
  'The finding relies on accounts the team could not verify on site.',
];

export const REPLY_TEXTS = {
  information_provided: [
    'Information provided: the unit in the area reports the movement was a scheduled rotation.',
    'Information provided: the attached summary gives the times and places requested.',
    'Information provided: local officials confirm the road was closed for repairs, not for security reasons.',
  ],
  no_action: [
    'No action taken: the reported activity could not be confirmed on the ground.',
    'No action taken at this stage; the area remains under observation.',
  ],
  declined: [
    'The request is declined: the area is closed for security reasons.',
    'The request is declined as outside the scope of the liaison channel.',
  ],
  action_taken: ['Action taken: patrols were sent to the area named in the request.'],
} as const;

export const CLOSE_NOTES = {
  satisfied: ['Answer received and accepted', 'Matter resolved through the liaison channel'],
  unsatisfied: ['The answer did not address the request', 'The action described is not sufficient'],
  unanswered: ['No reply was received before the deadline'],
} as const;
