import { encodeUtf8, sha256 } from '@jmm/core';
import type { OrgKind, Role } from '@jmm/domain';

/**
 * The demonstration mechanism's organisations and members (DESIGN.md §9): two party liaison cells, a
 * third-party verification team, two mediators and a secretariat. Members are functional titles, never names
 * (enrolments are public); DEMO_PROFILES gives a few of them a mechanism-only display name.
 * Every key is derived from the demo seed, so a demo is reproducible and its "sign in as" keys are known —
 * which is exactly why a demo mechanism is marked synthetic and must never hold real data.
 */
export interface DemoOrg {
  readonly id: string;
  readonly name: string;
  readonly kind: OrgKind;
  readonly members: readonly DemoMember[];
}

export interface DemoMember {
  readonly member: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}

export const DEMO_ORIGIN = 'demo.jmm.example/pak-afg';
export const DEMO_NAME = 'Pakistan–Afghanistan joint monitoring mechanism (synthetic demonstration)';

export const DEMO_ORGS: readonly DemoOrg[] = [
  {
    id: 'sec',
    name: 'Mechanism secretariat',
    kind: 'secretariat',
    members: [
      { member: 'admin', displayName: 'Secretariat administrator', roles: ['admin', 'approver'] },
      { member: 'officer-1', displayName: 'Secretariat officer 1', roles: ['viewer'] },
    ],
  },
  {
    id: 'pk',
    name: 'Pakistan liaison cell',
    kind: 'party',
    members: [
      { member: 'admin', displayName: 'Pakistan cell administrator', roles: ['admin', 'approver'] },
      { member: 'reporter-1', displayName: 'Pakistan reporting officer 1', roles: ['reporter'] },
      { member: 'reporter-2', displayName: 'Pakistan reporting officer 2', roles: ['reporter'] },
      { member: 'liaison-1', displayName: 'Pakistan liaison officer 1', roles: ['liaison'] },
    ],
  },
  {
    id: 'af',
    name: 'Afghanistan liaison cell',
    kind: 'party',
    members: [
      { member: 'admin', displayName: 'Afghanistan cell administrator', roles: ['admin', 'approver'] },
      { member: 'reporter-1', displayName: 'Afghanistan reporting officer 1', roles: ['reporter'] },
      { member: 'reporter-2', displayName: 'Afghanistan reporting officer 2', roles: ['reporter'] },
      { member: 'liaison-1', displayName: 'Afghanistan liaison officer 1', roles: ['liaison'] },
    ],
  },
  {
    id: 'ver',
    name: 'Joint verification team',
    kind: 'verifier',
    members: [
      { member: 'admin', displayName: 'Verification team administrator', roles: ['admin'] },
      { member: 'analyst-1', displayName: 'Verification analyst 1', roles: ['analyst'] },
      { member: 'analyst-2', displayName: 'Verification analyst 2', roles: ['analyst'] },
      { member: 'approver-1', displayName: 'Verification approver 1', roles: ['approver'] },
      { member: 'approver-2', displayName: 'Verification approver 2', roles: ['approver'] },
      { member: 'approver-3', displayName: 'Verification approver 3', roles: ['approver'] },
    ],
  },
  {
    id: 'med-a',
    name: 'Mediator A',
    kind: 'mediator',
    members: [{ member: 'admin', displayName: 'Mediator A envoy', roles: ['admin', 'approver'] }],
  },
  {
    id: 'med-b',
    name: 'Mediator B',
    kind: 'mediator',
    members: [{ member: 'admin', displayName: 'Mediator B envoy', roles: ['admin', 'approver'] }],
  },
];

/**
 * An organisation the demo admits during its six months (`org.admit`, effective once both parties concur), with
 * the member its administrator then enrols.
 */
export const DEMO_ADMITTED_ORG: DemoOrg = {
  id: 'obs',
  name: 'Regional observer delegation',
  kind: 'observer',
  members: [
    { member: 'admin', displayName: 'Observer delegation administrator', roles: ['admin', 'viewer'] },
    { member: 'viewer-1', displayName: 'Observer delegation officer 1', roles: ['viewer'] },
  ],
};

/**
 * Display names some members give themselves (or their admin gives them) in a `member.profile` (issue 11):
 * enrolments are public and carry role titles only, so a name is shown to mechanism members alone. Invented
 * names, marked synthetic like every demo text.
 */
export const DEMO_PROFILES: readonly { org: string; member: string; by: string; name: string }[] = [
  { org: 'pk', member: 'liaison-1', by: 'liaison-1', name: '[SYNTHETIC] Nadia Example' },
  { org: 'af', member: 'liaison-1', by: 'liaison-1', name: '[SYNTHETIC] Karim Sample' },
  { org: 'ver', member: 'approver-1', by: 'admin', name: '[SYNTHETIC] Lena Placeholder' },
  { org: 'sec', member: 'admin', by: 'admin', name: '[SYNTHETIC] Omar Testname' },
];

/** Members whose key the demo rotates (a new key enrolled, the old one revoked), and when (days from start). */
export const DEMO_KEY_ROTATIONS: readonly { org: string; member: string; day: number }[] = [
  { org: 'pk', member: 'reporter-2', day: 33 },
  { org: 'af', member: 'reporter-2', day: 112 },
];

/**
 * The Ed25519 seed of a demo member's key: SHA-256 over the demo seed and the member's identity. `generation`
 * numbers rotated keys (1 is the first key); "#" cannot occur in a member id, so generations never collide.
 */
export function deriveDemoSeed(demoSeed: string, org: string, member: string, generation = 1): Uint8Array {
  const name = generation === 1 ? member : `${member}#${generation}`;
  return sha256(encodeUtf8(`jmm demo key v1\n${demoSeed}\n${org}\n${name}\n`));
}

/**
 * The seed of the demo log's checkpoint key. Derived like the members' keys so that the same demo seed and
 * `now` give the same log, checkpoints included. A demo's log key is as public as its member keys: that is
 * acceptable only because a demo mechanism is synthetic and says so everywhere.
 */
export function deriveDemoLogSeed(demoSeed: string): Uint8Array {
  return sha256(encodeUtf8(`jmm demo log key v1\n${demoSeed}\n`));
}
