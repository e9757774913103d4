import { computeKeyId, decodeBase64, parseEnvelope } from '@jmm/core';
import {
  applyStatement,
  createMechanismState,
  isDomainError,
  MAX_STATEMENT_BYTES,
  parseStatement,
  validateStatement,
  type Audience,
  type MechanismState,
  type MetricsStatement,
  type RefInfo,
  type Statement,
} from '@jmm/domain';
import type { AuditFindings } from './audit-findings.ts';
import type { LogEnvelope } from './log-source.ts';
import type { ParsedLogEntry } from './parse-log-entry.ts';
import { KeyRing, type PreparedEnvelope } from './prepare-tile.ts';

/** An envelope a worker prepared (prepare-tile.ts), with its statement when it was its entry's. */
export type ReadEnvelope =
  | Exclude<PreparedEnvelope, { verdict: 'ok' }>
  | (Extract<PreparedEnvelope, { verdict: 'ok' }> & { readonly statement: Statement });

/** One log entry to replay, with its envelope when the reader could read it. */
export interface ReplayEntry {
  readonly index: bigint;
  /** Undefined for an entry too malformed to parse (already reported). */
  readonly entry: ParsedLogEntry | undefined;
  readonly envelope: ReadEnvelope | undefined;
}

/** One entry audited by an earlier run, to fold again without checking it (the state directory's mirror). */
export interface RestoredEntry {
  readonly index: bigint;
  readonly entry: ParsedLogEntry | undefined;
  readonly row: LogEnvelope | undefined;
}

/** What the replayer knows of a statement in the log, for references. */
type KnownStatement = RefInfo | { readonly index: bigint; readonly unread: true };

const ENVELOPE_BOUNDS = { maxPayloadBytes: MAX_STATEMENT_BYTES, maxSignatures: 1 } as const;

/**
 * Domain failures that depend only on public statements, so a reader who could not read everything still sees
 * them exactly: membership (genesis, admissions, enrolments and revocations are public: issue 11), the
 * settings, the statement's own fields. Anything else may depend on a statement the reader could not read.
 */
const PUBLIC_STATE_CODES: ReadonlySet<string> = new Set([
  'wrong_mechanism',
  'unknown_key',
  'key_revoked',
  'issuer_mismatch',
  'forbidden_type',
  'issued_at_out_of_range',
  'genesis_required',
  'audience_not_allowed',
]);

function placeholderFor(index: bigint, time: string, audience: ParsedLogEntry['audience']): MetricsStatement {
  // A report counts public statements, or public and mechanism-wide ones; never one for named organisations.
  // So an entry the replayer did not keep stands in as `restricted` (orgs), counted for its log time alone (a
  // report's "as of" is the time of the last entry its checkpoint covers).
  const statement = { audience: { kind: audience === 'restricted' ? 'orgs' : 'mechanism' } } as Statement;
  return { statement, digest: '', index, logTime: time };
}

/**
 * Replays the log's statements through the same @jmm/domain code the sequencer runs (DESIGN.md §3): for each
 * readable envelope, its digest is its entry's, its entry is the one the sequencer would have written, and
 * `validateStatement` accepts it against the state folded from the statements before it; then `applyStatement`
 * folds it in. The fold is of what the reader could read: a rule that fails on that partial view, and may
 * depend on the statements it lacks, is reported as unchecked, not as invalid.
 *
 * Signatures are not verified here but returned as jobs for the worker pool (SignaturePool), so the replay of
 * one entry bundle overlaps the verification of the previous one.
 */
export class StatementReplayer {
  readonly state: MechanismState;
  private readonly known = new Map<string, KnownStatement>();
  private readonly keyIds = new Map<string, string>();
  /**
   * Public and mechanism-wide statements read, in index order, and their indexes: what a report's values are
   * computed from. Kept in columns rather than as MetricsStatement wrappers, built only when a report needs
   * them: the log time is the entry's (`entryTimes`), the statement and digest are shared with the state's
   * records.
   */
  private readonly reportStatements: Statement[] = [];
  private readonly reportIndexes: number[] = [];
  /** The same string instances as the state's record keys and `known`'s: no copy. */
  private readonly reportDigests: string[] = [];
  /** How many of the state's keys were handed out by `takeNewKeys`. */
  private keysShared = 0;
  /** Keys a signature was verified with on this thread (those a worker did not know yet). */
  private readonly lateKeys = new KeyRing();
  /** The reader's organisation when it reads as a member (it then reads every mechanism-wide statement). */
  private readonly readerOrg: string | undefined;
  /** Log time (ms) of every entry, by index: a report's checkpoint is "as of" its last entry. */
  private entryTimes = new Float64Array(1024);
  private entryCount = 0;
  /** Indexes of public entries the reader could not read (releases withheld until published). */
  private readonly unreadPublic: bigint[] = [];
  /** Indexes of mechanism-wide entries the reader could not read (all of them, for the public). */
  private readonly unreadMechanism: bigint[] = [];
  private unreadBefore = 0;
  /** Whether a public statement was withheld: membership is then no longer known exactly. */
  private publicWithheld = false;
  private lastMillis = Number.NEGATIVE_INFINITY;
  private readonly trustedLogVkey: string;

  constructor(origin: string, trustedLogVkey: string, readerOrg?: string) {
    this.state = createMechanismState(origin);
    this.trustedLogVkey = trustedLogVkey;
    this.readerOrg = readerOrg;
  }

  readonly keyIdOf = (publicKey: string): string => {
    let keyId = this.keyIds.get(publicKey);
    if (keyId === undefined) {
      keyId = computeKeyId(decodeBase64(publicKey));
      this.keyIds.set(publicKey, keyId);
    }
    return keyId;
  };

  /** The log time of entry `index` (which the replay has passed), as written in the entry. */
  private timeAt(index: bigint): string {
    return new Date(this.entryTimes[Number(index)]!).toISOString();
  }

  private recordTime(index: bigint, millis: number): void {
    const at = Number(index);
    if (at >= this.entryTimes.length) {
      const grown = new Float64Array(Math.max(at + 1, this.entryTimes.length * 2));
      grown.set(this.entryTimes);
      this.entryTimes = grown;
    }
    this.entryTimes[at] = millis;
    this.entryCount = Math.max(this.entryCount, at + 1);
  }

  /**
   * The statements a report citing `size` is computed from: the public and mechanism-wide ones read (the domain
   * keeps those the report's audience reads), and the time of the last entry.
   */
  private statementsAt(size: bigint): readonly MetricsStatement[] | undefined {
    if (size < 1n || size > BigInt(this.entryCount)) return undefined;
    let end = this.reportIndexes.length;
    while (end > 0 && this.reportIndexes[end - 1]! >= size) end -= 1;
    const statements: MetricsStatement[] = [];
    for (let i = 0; i < end; i++) {
      const index = this.reportIndexes[i]!;
      statements.push({
        statement: this.reportStatements[i]!,
        digest: this.reportDigests[i]!,
        index: BigInt(index),
        logTime: this.timeAt(BigInt(index)),
      });
    }
    const last = statements.at(-1);
    if (last?.index !== size - 1n)
      statements.push(placeholderFor(size - 1n, this.timeAt(size - 1n), 'restricted'));
    return statements;
  }

  /**
   * Whether a report for `audience` citing `size` could be recomputed: everything public before it was read,
   * and for a mechanism report every mechanism-wide statement too.
   */
  private readAllBefore(size: bigint, audience: Statement['audience']['kind']): boolean {
    if (this.unreadPublic.some((index) => index < size)) return false;
    return audience === 'public' || !this.unreadMechanism.some((index) => index < size);
  }

  /**
   * Replays one entry bundle's entries in index order. Problems go to `findings`. `rootHashAt` gives the log's
   * root (base64) at a tree size a report cites, already verified.
   */
  async replay(
    entries: readonly ReplayEntry[],
    findings: AuditFindings,
    rootHashAt: (size: bigint) => Promise<string | undefined>,
  ): Promise<void> {
    for (const item of entries) {
      if (item.entry === undefined) {
        this.skip(item.index);
        continue;
      }
      await this.replayOne(item.index, item.entry, item.envelope, findings, rootHashAt);
    }
  }

  /** Keys the fold has enrolled since the last call (key id, raw public key), for the workers' key rings. */
  takeNewKeys(): [string, Uint8Array][] {
    if (this.state.keys.size === this.keysShared) return [];
    const added = [...this.state.keys.values()].slice(this.keysShared);
    this.keysShared = this.state.keys.size;
    return added.map((key) => [key.keyId, decodeBase64(key.publicKey)]);
  }

  private async replayOne(
    index: bigint,
    entry: ParsedLogEntry,
    envelope: ReadEnvelope | undefined,
    findings: AuditFindings,
    rootHashAt: (size: bigint) => Promise<string | undefined>,
  ): Promise<void> {
    // The log's own rules, visible to anyone from the entries alone.
    if (entry.millis < this.lastMillis)
      findings.add({
        kind: 'invalid_entry',
        index,
        message: `entry ${index} has a log time before the entry before it`,
      });
    this.lastMillis = Math.max(this.lastMillis, entry.millis);
    this.recordTime(index, entry.millis);
    if (this.known.has(entry.digest)) {
      findings.add({
        kind: 'invalid_entry',
        index,
        message: `${entry.digest} is logged twice (resubmission is idempotent, DESIGN.md §3)`,
      });
    }
    const parsed = envelope === undefined ? undefined : this.judgeEnvelope(entry, envelope, findings);
    if (parsed === undefined) {
      this.known.set(entry.digest, { index, unread: true });
      if (envelope === undefined) {
        findings.unreadable += 1;
        this.checkWithheld(index, entry, findings);
      }
      // Unread, or read but not usable: either way a report over it cannot be recomputed exactly.
      if (entry.audience === 'public') this.unreadPublic.push(index);
      if (entry.audience === 'mechanism') this.unreadMechanism.push(index);
      this.unreadBefore += 1;
      return;
    }
    const { statement, keyId } = parsed;
    findings.statementsRead += 1;
    if (
      index === 0n &&
      statement.type === 'mechanism.genesis' &&
      statement.body.log_vkey !== this.trustedLogVkey
    ) {
      findings.add({
        kind: 'invalid_entry',
        index,
        message: 'the genesis names another log key than the one trusted: this is not the mechanism audited',
        evidence: { genesis_log_vkey: statement.body.log_vkey, trusted_log_vkey: this.trustedLogVkey },
      });
    }
    const publicKey = this.resolveKey(statement, keyId);
    const rulesChecked = await this.checkRules(index, entry, statement, keyId, findings, rootHashAt);
    this.fold(index, entry, statement, keyId, findings);
    if (publicKey === undefined) {
      // No key to check the signature with: the rules above already said so (unknown_key), or could not.
      if (rulesChecked) findings.statementsChecked += 1;
      return;
    }
    // The worker verified the signature with the key its key id names, which is the enrolled key: a key id is
    // the key's SHA-256 (DESIGN.md §3). A key it did not know yet (enrolled in a bundle folded meanwhile) is
    // verified here, now that the fold resolved it.
    let valid = parsed.signature === 'valid';
    if (parsed.signature === 'unknown_key') {
      this.lateKeys.add(keyId, publicKey);
      valid = this.lateKeys.verify(keyId, parsed.pae!, parsed.signatureBytes!);
    }
    if (!valid)
      findings.add({
        kind: 'invalid_statement',
        index,
        message: `entry ${index}: the envelope's signature does not verify with the issuer's enrolled key`,
        evidence: { digest: entry.digest, key_id: keyId },
      });
    if (rulesChecked) findings.statementsChecked += 1;
  }

  /**
   * Everyone may read a public statement, except a release the public is shown only once a verifier concurs
   * (DESIGN.md §3); a member reads every statement for the whole mechanism as well (`canOrgRead`). Withholding
   * any of those would hide, say, a revocation from the auditor — or hide an envelope the server can no longer
   * decode (a corrupt database leaves it out of the page rather than failing the page).
   */
  private checkWithheld(index: bigint, entry: ParsedLogEntry, findings: AuditFindings): void {
    if (entry.audience === 'public' && entry.type !== 'release') {
      this.publicWithheld = true;
      findings.add({
        kind: 'tampered',
        index,
        message: `the envelope of public statement ${index} (${entry.type ?? ''}) was withheld`,
        evidence: { digest: entry.digest },
      });
    } else if (
      entry.audience === 'mechanism' &&
      this.readerOrg !== undefined &&
      this.membershipOf(this.readerOrg)
    ) {
      // The entry of a mechanism-wide statement does not name its type; a release among them is read by members
      // at once (DESIGN.md §3), so none may be withheld from a member.
      findings.add({
        kind: 'tampered',
        index,
        message: `the envelope of statement ${index}, for the whole mechanism, was withheld from a member (${this.readerOrg})`,
        evidence: { digest: entry.digest },
      });
    }
  }

  /** Whether `org` is a member organisation of the mechanism as folded so far. */
  private membershipOf(org: string): boolean {
    return this.state.orgs.has(org);
  }

  /** A prepared envelope judged against its entry: usable (its statement and signature), or a recorded problem. */
  private judgeEnvelope(
    entry: ParsedLogEntry,
    envelope: ReadEnvelope,
    findings: AuditFindings,
  ): Extract<ReadEnvelope, { verdict: 'ok' }> | undefined {
    const { index } = envelope;
    switch (envelope.verdict) {
      case 'ok':
        return envelope;
      case 'tampered_digest':
        findings.add({
          kind: 'tampered',
          index,
          message: `the envelope served for entry ${index} is not the one the log holds (its digest is not the entry's)`,
          evidence: {
            entry_digest: entry.digest,
            envelope_digest: envelope.envelopeDigest,
            row_digest: envelope.rowDigest,
          },
        });
        return undefined;
      case 'invalid_statement':
        findings.add({
          kind: 'invalid_statement',
          index,
          message: `entry ${index}: the logged envelope is not a valid statement: ${envelope.message}`,
          evidence: { digest: entry.digest },
        });
        return undefined;
      case 'tampered_entry':
        findings.add({
          kind: 'tampered',
          index,
          message: `entry ${index} does not describe its statement (type, organisation or audience class differ)`,
          evidence: { digest: entry.digest, expected_entry: envelope.expectedEntry },
        });
        return undefined;
    }
  }

  /** Folds a statement the log accepted into the reader's state, and remembers it for references and reports. */
  private fold(
    index: bigint,
    entry: ParsedLogEntry,
    statement: Statement,
    keyId: string,
    findings: AuditFindings | undefined,
  ): void {
    try {
      // The state now advances exactly as the sequencer's did: the log accepted this statement.
      applyStatement(
        this.state,
        { statement, digest: entry.digest, keyId, index, logTime: entry.time },
        this.keyIdOf,
      );
    } catch (error) {
      if (!isDomainError(error) && !(error instanceof TypeError)) throw error;
      // As in the audit itself, a restored statement that cannot be folded leaves the view partial.
      findings?.note(
        `a statement could not be folded into the reader's view (index ${index}); later checks may be partial`,
      );
    }
    this.known.set(entry.digest, {
      digest: entry.digest,
      type: statement.type,
      org: statement.issuer.org,
      audience: statement.audience,
      index,
    });
    if (statement.audience.kind === 'public' || statement.audience.kind === 'mechanism') {
      this.reportStatements.push(statement);
      this.reportIndexes.push(Number(index));
      this.reportDigests.push(entry.digest);
    }
  }

  /** The key a statement's signature must verify under: enrolled at this index, or listed by the genesis. */
  private resolveKey(statement: Statement, keyId: string): Uint8Array | undefined {
    const key = this.state.keys.get(keyId);
    if (key !== undefined) return decodeBase64(key.publicKey);
    if (statement.type !== 'mechanism.genesis') return undefined;
    const listed = statement.body.orgs
      .flatMap((org) => org.admins)
      .find((admin) => this.keyIdOf(admin.public_key) === keyId);
    return listed === undefined ? undefined : decodeBase64(listed.public_key);
  }

  /**
   * `validateStatement` against the reader's fold, as the sequencer ran it against the full state. Resolves
   * whether the rules were checked completely (passed, or failed and reported as invalid).
   */
  private async checkRules(
    index: bigint,
    entry: ParsedLogEntry,
    statement: Statement,
    keyId: string,
    findings: AuditFindings,
    rootHashAt: (size: bigint) => Promise<string | undefined>,
  ): Promise<boolean> {
    let citedRoot: string | undefined;
    let citedSize: bigint | undefined;
    if (statement.type === 'report.publish') {
      citedSize = BigInt(statement.body.checkpoint.tree_size);
      if (citedSize >= 1n && citedSize <= index) citedRoot = await rootHashAt(citedSize);
    }
    // Set from inside lookupRef: whether validation asked about a statement this reader could not read.
    const refs = { readUnread: false };
    // The sequencer validates statement `index` against a state of `index` statements; the reader's fold may
    // have skipped some, so its count is set to the index (a report may cite any size up to it).
    this.state.size = index;
    try {
      validateStatement(statement, this.state, {
        logTime: entry.time,
        keyId,
        lookupRef: (digest) => {
          const known = this.known.get(digest);
          if (known !== undefined && 'unread' in known) refs.readUnread = true;
          return known === undefined || 'unread' in known ? undefined : known;
        },
        keyIdOf: this.keyIdOf,
        rootHashAt: (size) => (size === citedSize ? citedRoot : undefined),
        statementsAt: (size) => this.statementsAt(size),
        // Uploads are not in the log (DESIGN.md §5 blobs): whether the issuer held the file cannot be checked
        // from outside, so evidence citations are taken as the log accepted them (docs/audit-bundle.md).
        canCiteEvidence: () => true,
      });
      return true;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // Membership is public, and exact for every reader — once the genesis was read and nothing public withheld.
      const membershipKnown = this.state.genesisDigest !== undefined && !this.publicWithheld;
      const complete =
        statement.type === 'report.publish'
          ? citedSize !== undefined && this.readAllBefore(citedSize, statement.audience.kind)
          : this.unreadBefore === 0 ||
            (membershipKnown && PUBLIC_STATE_CODES.has(error.code)) ||
            (error.code === 'ref_not_found' && !refs.readUnread);
      if (complete) {
        findings.add({
          kind: 'invalid_statement',
          index,
          message: `entry ${index} (${statement.type}) breaks the rules: ${error.code}: ${error.message}`,
          evidence: { digest: entry.digest, code: error.code, ...(error.detail ?? {}) },
        });
        return true;
      }
      findings.addUnchecked({
        index,
        digest: entry.digest,
        code: error.code,
        message: refs.readUnread
          ? 'it refers to a statement this reader cannot read, so its references cannot be checked'
          : `${error.message} (on this reader's view, which lacks statements it cannot read)`,
      });
      return false;
    }
  }

  /** Passes over an entry too malformed to read: the view is partial from here on. */
  skip(index: bigint): void {
    this.recordTime(index, Math.max(this.lastMillis, 0));
    // Its audience is unknown: no report after it can be recomputed exactly.
    this.unreadPublic.push(index);
    this.unreadMechanism.push(index);
    this.unreadBefore += 1;
  }

  /**
   * Folds entries audited by an earlier run (the state directory's mirror) without checking them again: the
   * state at the resumed index must be the one the audit of later entries is checked against.
   */
  restore(entries: readonly RestoredEntry[]): void {
    for (const { index, entry, row } of entries) {
      if (entry === undefined) {
        this.skip(index);
        continue;
      }
      this.lastMillis = Math.max(this.lastMillis, entry.millis);
      this.recordTime(index, entry.millis);
      const parsed = row === undefined ? undefined : this.parseTrusted(row);
      if (parsed === undefined) {
        this.known.set(entry.digest, { index, unread: true });
        if (entry.audience === 'public') this.unreadPublic.push(index);
        if (entry.audience === 'mechanism') this.unreadMechanism.push(index);
        if (entry.audience === 'mechanism') this.unreadMechanism.push(index);
        if (row === undefined && entry.audience === 'public' && entry.type !== 'release')
          this.publicWithheld = true;
        this.unreadBefore += 1;
        continue;
      }
      this.fold(index, entry, parsed.statement, parsed.keyId, undefined);
    }
  }

  private parseTrusted(row: LogEnvelope): { statement: Statement; keyId: string } | undefined {
    try {
      const envelope = parseEnvelope(row.envelope, ENVELOPE_BOUNDS);
      return {
        statement: parseStatement(decodeBase64(envelope.payload)),
        keyId: envelope.signatures[0]!.keyid,
      };
    } catch {
      return undefined;
    }
  }

  /** The audience of a statement the replay has read, for tests and reports. */
  audienceOf(digest: string): Audience | undefined {
    const known = this.known.get(digest);
    return known === undefined || 'unread' in known ? undefined : known.audience;
  }
}
