import { DEFAULT_SETTINGS, mergeSettings, type Settings } from './settings.ts';
import type { MemberEnrollment, OrgDefinition } from './statements/membership.ts';
import type { Statement } from './statements/statement.ts';
import type { OrgKind, Role } from './vocabulary.ts';
import type { WorkflowRecord } from './workflow-records.ts';
import { applyWorkflowStatement } from './apply-workflow.ts';

export interface OrgRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: OrgKind;
  /** Log index of the statement that made the org a member of the mechanism. */
  readonly admittedAt: bigint;
}

export interface MemberRecord {
  readonly org: string;
  readonly member: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
}

export interface KeyRecord {
  readonly keyId: string;
  /** Raw Ed25519 public key, standard base64. */
  readonly publicKey: string;
  readonly org: string;
  readonly member: string;
  readonly enrolledAt: bigint;
  /** Log index of the revocation; the key signs nothing sequenced at or after it. */
  readonly revokedAt: bigint | undefined;
}

/** An `org.admit` or `settings.change` waiting for every party's concurrence. */
export interface PendingChange {
  readonly digest: string;
  readonly statement: Extract<Statement, { type: 'org.admit' | 'settings.change' }>;
  /** Latest position of each party org that endorsed. */
  readonly positions: Map<string, 'concur' | 'dissent'>;
}

/**
 * The membership and rules part of mechanism state that validation needs at every statement: small, so the
 * sequencer keeps it in memory, replays it from the log at start, and clones it per batch.
 */
export interface MechanismState {
  readonly origin: string;
  genesisDigest: string | undefined;
  name: string | undefined;
  logVkey: string | undefined;
  settings: Settings;
  readonly orgs: Map<string, OrgRecord>;
  /** Keyed by `memberKey(org, member)`. */
  readonly members: Map<string, MemberRecord>;
  /** Keyed by key id (lowercase hex SHA-256 of the public key). */
  readonly keys: Map<string, KeyRecord>;
  /** Keyed by the digest of the pending statement. */
  readonly pending: Map<string, PendingChange>;
  /** Workflow records (incidents, exchanges, cases, findings, commitments, releases), keyed by digest. */
  readonly records: Map<string, WorkflowRecord>;
  /** Number of statements applied; the next statement's log index. */
  size: bigint;
}

/** Statement types whose application can change membership or settings (everything `applyStatement` touches). */
export const MEMBERSHIP_STATEMENT_TYPES: ReadonlySet<string> = new Set([
  'mechanism.genesis',
  'org.admit',
  'settings.change',
  'member.enroll',
  'member.revoke',
  'endorse',
]);

/** A statement as sequenced: what `applyStatement` needs besides the payload. */
export interface SequencedStatement {
  readonly statement: Statement;
  readonly digest: string;
  readonly keyId: string;
  readonly index: bigint;
  readonly logTime: string;
}

export function memberKey(org: string, member: string): string {
  return `${org}/${member}`;
}

export function createMechanismState(origin: string): MechanismState {
  return {
    origin,
    genesisDigest: undefined,
    name: undefined,
    logVkey: undefined,
    settings: DEFAULT_SETTINGS,
    orgs: new Map(),
    members: new Map(),
    keys: new Map(),
    pending: new Map(),
    records: new Map(),
    size: 0n,
  };
}

/** A deep copy the sequencer mutates while it validates a batch, so a failed commit leaves the original intact. */
export function cloneMechanismState(state: MechanismState): MechanismState {
  return {
    ...state,
    orgs: new Map(state.orgs),
    members: new Map(state.members),
    keys: new Map(state.keys),
    // Records are immutable values, so a shallow copy of the map is a full copy of the workflow state.
    records: new Map(state.records),
    pending: new Map(
      [...state.pending].map(([digest, change]) => [
        digest,
        { ...change, positions: new Map(change.positions) },
      ]),
    ),
  };
}

/** The party organisations, whose concurrence rule changes need. */
export function listPartyOrgs(state: MechanismState): string[] {
  return [...state.orgs.values()].filter((org) => org.kind === 'party').map((org) => org.id);
}

/**
 * The key ids named by pending `org.admit` statements. They are reserved: validation refuses to enrol them
 * anywhere else, so an admission taking effect never meets a key that was enrolled (or revoked) meanwhile.
 */
export function listReservedKeyIds(
  state: MechanismState,
  keyIdOf: (publicKey: string) => string,
): Set<string> {
  const reserved = new Set<string>();
  for (const change of state.pending.values()) {
    if (change.statement.type !== 'org.admit') continue;
    for (const admin of change.statement.body.org.admins) reserved.add(keyIdOf(admin.public_key));
  }
  return reserved;
}

/**
 * Enrols a member of `org` (or adds a key to one), effective at log index `index`; roles are replaced. A key
 * already known is never replaced: replacing it would un-revoke a revoked key (validation refuses such
 * enrolments, and reserves the keys of pending admissions, so this is the last line, not the rule).
 */
function enrolMember(
  state: MechanismState,
  org: string,
  enrolment: MemberEnrollment,
  index: bigint,
  keyIdOf: (publicKey: string) => string,
): void {
  const keyId = keyIdOf(enrolment.public_key);
  if (state.keys.has(keyId)) return;
  state.members.set(memberKey(org, enrolment.member), {
    org,
    member: enrolment.member,
    displayName: enrolment.display_name,
    roles: enrolment.roles,
    active: true,
  });
  state.keys.set(keyId, {
    keyId,
    publicKey: enrolment.public_key,
    org,
    member: enrolment.member,
    enrolledAt: index,
    revokedAt: undefined,
  });
}

function addOrg(
  state: MechanismState,
  org: OrgDefinition,
  index: bigint,
  keyIdOf: (publicKey: string) => string,
): void {
  state.orgs.set(org.id, { id: org.id, name: org.name, kind: org.kind, admittedAt: index });
  for (const admin of org.admins) enrolMember(state, org.id, admin, index, keyIdOf);
}

function applyPendingChange(
  state: MechanismState,
  change: PendingChange,
  index: bigint,
  keyIdOf: (publicKey: string) => string,
): void {
  if (change.statement.type === 'org.admit') {
    addOrg(state, change.statement.body.org, index, keyIdOf);
  } else {
    // Validated when the change was submitted; the settings it patches cannot have changed meanwhile without
    // another unanimous change, so a merge that fails now would be a bug, not a user error.
    const merged = mergeSettings(state.settings, change.statement.body.patch);
    if (merged !== undefined) state.settings = merged;
  }
}

/**
 * Applies a statement that `validateStatement` accepted. `keyIdOf` maps a base64 public key to its key id
 * (DESIGN.md §3); it is a parameter so that this module stays free of hashing. Returns the digests of the
 * workflow records the statement created or changed, for the projections.
 */
export function applyStatement(
  state: MechanismState,
  sequenced: SequencedStatement,
  keyIdOf: (publicKey: string) => string,
): readonly string[] {
  const { statement, index, digest } = sequenced;
  let touched: readonly string[] = [];
  switch (statement.type) {
    case 'mechanism.genesis':
      state.genesisDigest = digest;
      state.name = statement.body.name;
      state.logVkey = statement.body.log_vkey;
      state.settings = statement.body.settings;
      for (const org of statement.body.orgs) addOrg(state, org, index, keyIdOf);
      break;
    case 'org.admit':
    case 'settings.change':
      state.pending.set(digest, { digest, statement, positions: new Map() });
      break;
    case 'endorse': {
      const target = statement.refs.find((ref) => ref.rel === 'endorses');
      const change = target === undefined ? undefined : state.pending.get(target.digest);
      if (change === undefined) {
        touched = applyWorkflowStatement(state, sequenced);
        break;
      }
      change.positions.set(statement.issuer.org, statement.body.position);
      const parties = listPartyOrgs(state);
      if (parties.every((party) => change.positions.get(party) === 'concur')) {
        state.pending.delete(change.digest);
        applyPendingChange(state, change, index, keyIdOf);
      }
      break;
    }
    case 'member.enroll':
      enrolMember(state, statement.issuer.org, statement.body, index, keyIdOf);
      break;
    case 'member.revoke': {
      const { org } = statement.issuer;
      const body = statement.body;
      for (const key of state.keys.values()) {
        if (key.org !== org || key.member !== body.member || key.revokedAt !== undefined) continue;
        if (body.key_id === undefined || body.key_id === key.keyId)
          state.keys.set(key.keyId, { ...key, revokedAt: index });
      }
      if (body.key_id === undefined) {
        const record = state.members.get(memberKey(org, body.member));
        if (record !== undefined)
          state.members.set(memberKey(org, body.member), { ...record, active: false });
      }
      break;
    }
    default:
      touched = applyWorkflowStatement(state, sequenced);
  }
  state.size = index + 1n;
  return touched;
}
