// Incident, case and finding views as the query API gives them, covering every optional field.
import {
  coarsenLocation,
  coarsenTimeSpan,
  DEFAULT_SETTINGS,
  publicPrecisionOf,
  TAXONOMY_VERSION,
} from '@jmm/domain';
import type { CaseView, FindingView, IncidentView, OrgView } from '../src/index.ts';

const DIGEST = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

export const ORGS: OrgView[] = [
  { id: 'pa', name: 'Party A liaison cell', kind: 'party' },
  { id: 'pb', name: 'Party B liaison cell', kind: 'party' },
  { id: 'ver', name: 'Verification team', kind: 'verifier' },
];

/** An allegation with everything: casualties in full, evidence, admin2, sector, an orgs audience. */
export const FULL_ALLEGATION: IncidentView = {
  digest: DIGEST(1),
  index: 17,
  org: 'pa',
  member: 'reporter-1',
  audience: { kind: 'orgs', orgs: ['pa', 'ver'] },
  reported_at: '2026-05-30T11:02:03.456Z',
  status: 'responded',
  case_digest: DIGEST(9),
  kind: 'allegation',
  category: {
    taxonomy: TAXONOMY_VERSION,
    mechanism_type: 'cross_border_fire',
    event_type: 'explosions_remote_violence',
    sub_event_type: 'shelling_artillery_missile_attack',
  },
  time: { start: '2026-05-30T04:10:00Z', end: '2026-05-30T05:45:30Z', precision: 'exact' },
  location: {
    lat: 34.812345678,
    lon: 71.1234567,
    precision_m: 250,
    admin1: 'Kunar',
    admin2: 'Asadabad',
    sector: 'north-7',
  },
  casualties: {
    killed: { best: 2, low: 1, high: 4 },
    civilians_killed: { best: 1, low: 0, high: 2 },
    injured: { best: 5, low: 3, high: 9 },
  },
  alleged_responsible: { actor: 'An artillery unit, "B" battery', party: 'pb' },
  amendments: [DIGEST(2), DIGEST(3)],
  narrative:
    'Shells landed near the crossing at dawn,\nthen again at "first light".\r\nمتن اردو، and a comma.',
  evidence: [
    {
      sha256: 'a'.repeat(64),
      media_type: 'image/jpeg',
      size: 123_456,
      captured_at: '2026-05-30T04:20:00Z',
      description: 'Crater, north side, "fresh"',
    },
    { sha256: 'b'.repeat(64), media_type: 'video/mp4', size: 9_876_543 },
  ],
};

export const PUBLIC_PRECISION = publicPrecisionOf(DEFAULT_SETTINGS);

/** A public observation with nothing optional, at the default public precision. */
export const BARE_OBSERVATION: IncidentView = {
  digest: DIGEST(4),
  index: 21,
  org: 'ver',
  member: null,
  audience: { kind: 'public' },
  reported_at: '2026-06-02T09:00:00.000Z',
  status: 'reported',
  case_digest: null,
  kind: 'observation',
  category: {
    taxonomy: TAXONOMY_VERSION,
    mechanism_type: 'airspace_violation',
    event_type: 'strategic_developments',
    sub_event_type: 'other',
  },
  time: coarsenTimeSpan(
    { start: '2026-05-25T08:00:00.000Z', end: '2026-05-26T09:00:00.000Z', precision: 'day' },
    PUBLIC_PRECISION,
  ),
  location: coarsenLocation(
    { lat: 34.807, lon: 71.108, precision_m: 100, admin1: 'Kunar' },
    PUBLIC_PRECISION,
  ),
  casualties: null,
  alleged_responsible: null,
  amendments: [],
  narrative: 'An unidentified aircraft crossed the line.',
  evidence: [],
};

/** A mechanism-audience allegation with casualties killed only. */
export const MECHANISM_ALLEGATION: IncidentView = {
  ...FULL_ALLEGATION,
  digest: DIGEST(5),
  index: 30,
  org: 'pb',
  audience: { kind: 'mechanism' },
  case_digest: null,
  amendments: [],
  time: { start: '2026-05-01T00:00:00Z', end: '2026-05-31T23:59:59Z', precision: 'month' },
  casualties: { killed: { best: 0, low: 0, high: 0 } },
  alleged_responsible: { actor: 'Border police', party: 'pa' },
  location: { lat: -0.5, lon: 179.999999, precision_m: 1 },
  evidence: [],
};

export const CASES: CaseView[] = [{ digest: DIGEST(9), subjects: [DIGEST(1)] }];

export const FINDINGS: FindingView[] = [
  {
    digest: DIGEST(10),
    index: 40,
    org: 'ver',
    audience: { kind: 'orgs', orgs: ['pa', 'pb', 'ver'] },
    case_digest: DIGEST(9),
    drafted_at: '2026-06-10T10:00:00.000Z',
    status: 'final',
    final_at: '2026-06-12T10:00:00.000Z',
    determination: 'confirmed',
    attribution: { party: 'pb', degree: 'largely_attributable' },
    source_reliability: 'B',
    information_credibility: 2,
    confidence: 'moderate',
    summary: 'Craters and fragments match the alleged fire.',
    endorsements: [
      {
        org: 'ver',
        position: 'concur',
        counts: true,
        text: null,
        digest: DIGEST(11),
        at: '2026-06-12T10:00:00.000Z',
      },
      {
        org: 'ver',
        position: 'dissent',
        counts: true,
        text: 'The fragments are not conclusive.',
        digest: DIGEST(12),
        audience: { kind: 'mechanism' },
      },
    ],
  },
];
