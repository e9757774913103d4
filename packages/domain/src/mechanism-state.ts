import { DEFAULT_SETTINGS, type Settings } from './settings.ts';
import { handlerOf } from './statement-types/statement-handlers.ts';
import type { Statement } from './statements/statement.ts';
import type { OrgKind, Role } from './vocabulary.ts';
import type { WorkflowRecord } from './workflow-records.ts';
import { RecordWorkingSet } from './record-working-set.ts';

// The state's queries live in modules of their own so that the statement handlers, which this module imports,
// can use them without an import cycle; re-exported here, where callers look for them.
export { listPartyOrgs } from './list-party-orgs.ts';
export { listReservedKeyIds } from './list-reserved-key-ids.ts';
export { memberKey } from './member-key.ts';

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
  /** The role title of the enrolment (public, never a personal name). */
  readonly displayName: string;
  /** The latest `member.profile` display name, in the views of readers who may read it; never public. */
  readonly profileName?: string;
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
  'member.profile',
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
    // Records are immutable values, so a shallow copy of the map is a full copy of the workflow state; a
    // batch's working set stays one (it refuses lookups of what the batch did not load).
    records: state.records instanceof RecordWorkingSet ? state.records.copy() : new Map(state.records),
    pending: new Map(
      [...state.pending].map(([digest, change]) => [
        digest,
        { ...change, positions: new Map(change.positions) },
      ]),
    ),
  };
}

/**
 * Applies a statement that `validateStatement` accepted: its type's handler changes the state (DESIGN.md §6),
 * and the state counts it. `keyIdOf` maps a base64 public key to its key id (DESIGN.md §3); it is a parameter
 * so that this module stays free of hashing. Returns the digests of the workflow records the statement created
 * or changed, for the projections.
 */
export function applyStatement(
  state: MechanismState,
  sequenced: SequencedStatement,
  keyIdOf: (publicKey: string) => string,
): readonly string[] {
  const touched = handlerOf(sequenced.statement.type).apply(state, sequenced, keyIdOf);
  state.size = sequenced.index + 1n;
  return touched;
}
