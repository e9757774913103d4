import type { Audience } from '@jmm/domain';

/**
 * TLP 2.0 (FIRST, 2022) in STIX 2.1: the marking-definition objects OASIS publishes with its TLP 2.0 extension
 * (github.com/oasis-open/cti-stix-common-objects, extension-definition-specifications/tlp-2.0). Their ids and
 * `created` are fixed by OASIS, so every producer's TLP:GREEN is the same object.
 */
export const TLP_2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

export const TLP_2_MARKINGS = {
  clear: { id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', name: 'TLP:CLEAR' },
  green: { id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', name: 'TLP:GREEN' },
  amber: { id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', name: 'TLP:AMBER' },
  'amber+strict': {
    id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
    name: 'TLP:AMBER+STRICT',
  },
  red: { id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', name: 'TLP:RED' },
} as const;
export type TlpLevel = keyof typeof TLP_2_MARKINGS;

/**
 * The TLP level that says what a statement's audience says (DESIGN.md §3 audiences):
 * - public → TLP:CLEAR: anyone may read it.
 * - mechanism → TLP:GREEN: every member organisation of the mechanism may read it, and TLP:GREEN lets
 *   recipients share within their community, which here is the mechanism; never beyond it.
 * - orgs → TLP:AMBER+STRICT: only the named organisations may read it, so a recipient shares it inside its own
 *   organisation only. Plain TLP:AMBER would also allow its clients, which JMM's audience does not.
 * TLP:RED (named individuals only) has no JMM audience.
 */
export function selectTlpLevel(audience: Audience): TlpLevel {
  switch (audience.kind) {
    case 'public':
      return 'clear';
    case 'mechanism':
      return 'green';
    case 'orgs':
      return 'amber+strict';
  }
}

/** The marking-definition object of a TLP 2.0 level, exactly as OASIS publishes it. */
export function formatTlpMarking(level: TlpLevel) {
  const { id, name } = TLP_2_MARKINGS[level];
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2022-10-01T00:00:00.000Z',
    name,
    extensions: { [TLP_2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
  } as const;
}
