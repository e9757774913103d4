/**
 * What an audit can find wrong (docs/audit-bundle.md and `jmm verify --help` list them with their exit codes):
 * - `tampered`: something served is not what the log signed: a tile, an entry bundle, an envelope whose digest
 *   is not its entry's, an entry that misdescribes its statement, a checkpoint that does not verify with the
 *   log's key or whose root is not the tree's;
 * - `split_view`: two checkpoints signed by the log's key that cannot both be true (two roots for one tree
 *   size, or a tree smaller than one signed before); `evidence` holds both signed notes;
 * - `invalid_entry`: the log signed an entry that breaks the log's own rules (malformed, out of time order,
 *   a digest logged twice, a genesis naming another log key);
 * - `invalid_statement`: a statement the log accepted that the rules refuse: a bad signature, a key not enrolled
 *   or revoked at its index, a role that may not issue its type, a domain rule, a report whose values are not
 *   the metrics at its checkpoint;
 * - `bad_cosignature`: a cosignature by a configured witness key that does not verify (over another checkpoint);
 * - `policy_unmet`: the latest checkpoint lacks the cosignatures the settings' witness policy requires.
 */
export type AuditProblemKind =
  'tampered' | 'split_view' | 'invalid_entry' | 'invalid_statement' | 'bad_cosignature' | 'policy_unmet';

export interface AuditProblem {
  readonly kind: AuditProblemKind;
  /** The log index concerned, when there is one. */
  readonly index?: bigint;
  readonly message: string;
  /** What proves it: signed checkpoint notes, digests, the domain error code. */
  readonly evidence?: Readonly<Record<string, unknown>>;
}

/** A statement whose check depends on statements the reader could not read (reported, not failed). */
export interface UncheckedStatement {
  readonly index: bigint;
  readonly digest: string;
  /** The domain rule that did not hold on the reader's partial view. */
  readonly code: string;
  readonly message: string;
}

export interface AuditResult {
  /** True when no problem was found. Unchecked statements do not make an audit fail. */
  readonly ok: boolean;
  readonly origin: string;
  /** `public` or `org/member`. */
  readonly reader: string;
  /** The size of the latest checkpoint audited. */
  readonly treeSize: bigint;
  /** The root hash (base64) of that checkpoint. */
  readonly rootHash: string;
  /** The tree size the audit resumed from (0 without a state directory, or on the first run). */
  readonly resumedFrom: bigint;
  /** Signed checkpoints checked against the tree (the latest one, the history, the state directory's). */
  readonly checkpoints: number;
  /** Whether the latest checkpoint meets the witness policy, and the organisations whose witnesses cosigned it. */
  readonly witnessedBy: readonly string[];
  readonly final: boolean;
  /** Tiles and entry bundles fetched (for the resume test: only new ones are). */
  readonly tilesFetched: number;
  /** Envelopes read and checked against their entries. */
  readonly statementsRead: number;
  /** Envelopes whose statements were checked against the domain rules completely. */
  readonly statementsChecked: number;
  /** Count of statements only partly checked; the first ones in `uncheckedSample`. */
  readonly unchecked: number;
  readonly uncheckedSample: readonly UncheckedStatement[];
  /** Entries the reader could not read (restricted to others, or releases not yet published). */
  readonly unreadable: number;
  readonly problems: readonly AuditProblem[];
  /** Things the reader should know that are not failures (e.g. the server keeps no checkpoint history). */
  readonly notes: readonly string[];
}

/** Progress of an audit, for a progress bar: `done` of `total` entries in the current stage. */
export interface AuditProgress {
  readonly stage: 'replaying' | 'auditing';
  readonly done: bigint;
  readonly total: bigint;
}
