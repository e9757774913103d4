// A started mechanism with a working cast (reporters, liaisons, analysts, approvers, a mediator) and builders
// for the workflow statements, for the state-machine specifications.
import { DEFAULT_SETTINGS, TAXONOMY_VERSION, type IncidentReportBody, type Statement } from '../src/index.ts';
import { genesisStatement, MemoryLog, publicKeyFor } from './mechanism-fixture.ts';

export const CAST = {
  pa: ['reporter', 'liaison'],
  pb: ['reporter', 'liaison'],
  ver: ['analyst', 'analyst-2', 'approver', 'approver-2', 'approver-3'],
  med: ['envoy'],
} as const;

const ROLE_OF: Record<string, 'reporter' | 'liaison' | 'analyst' | 'approver'> = {
  reporter: 'reporter',
  liaison: 'liaison',
  analyst: 'analyst',
  'analyst-2': 'analyst',
  approver: 'approver',
  'approver-2': 'approver',
  'approver-3': 'approver',
  envoy: 'approver',
};

export function startedWorkflowLog(): MemoryLog {
  const log = new MemoryLog();
  const genesis = genesisStatement();
  log.append({ ...genesis, body: { ...genesis.body, settings: { ...DEFAULT_SETTINGS, finding_quorum: 2 } } });
  for (const [org, members] of Object.entries(CAST)) {
    for (const member of members) {
      log.append(
        log.statement('member.enroll', `${org}/admin`, {
          member,
          display_name: `Officer ${member}`,
          roles: [ROLE_OF[member]!],
          public_key: publicKeyFor(`${org}/${member}`),
        }),
      );
    }
  }
  return log;
}

export function reportBody(overrides: Partial<IncidentReportBody> = {}): IncidentReportBody {
  return {
    kind: 'allegation',
    category: {
      taxonomy: TAXONOMY_VERSION,
      mechanism_type: 'cross_border_fire',
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
    },
    time: { start: '2026-05-31T10:00:00Z', end: '2026-05-31T11:00:00Z', precision: 'exact' },
    location: { lat: 34.1, lon: 71.1, precision_m: 1000, admin1: 'Khyber Pakhtunkhwa' },
    alleged_responsible: { actor: 'forces across the border', party: 'pb' },
    narrative: '[SYNTHETIC] shelling reported near the border crossing',
    evidence: [],
    ...overrides,
  };
}

/** Shorthand for a ref list. */
export function refs(rel: Statement['refs'][number]['rel'], ...digests: string[]): Statement['refs'] {
  return digests.map((digest) => ({ rel, digest }));
}
