import type { Ed25519Signer } from '@jmm/core';
import {
  allowedAudiencesOf,
  coarsenStatementForPublic,
  listEvidenceSha256,
  publicPrecisionOf,
  signStatement,
  STATEMENT_TYPES,
  type Audience,
  type MechanismState,
  replayMechanismState,
  type MetricsStatement,
  type Ref,
  type Statement,
  type StatementOf,
  type StatementType,
} from '@jmm/domain';
import type { LogEngine, StoredCheckpoint, SubmitResult } from '@jmm/log';
import { createDemoEvidence, type DemoEvidenceEntry } from './demo-evidence.ts';
import { DEMO_ORIGIN } from './demo-members.ts';
import type { DemoTimeline } from './demo-timeline.ts';

/** A demo member acting: the statement's issuer, whose current key signs it. */
export interface DemoActor {
  readonly org: string;
  readonly member: string;
}

/** Sees every statement the demo sequenced, with the engine's answer (tests check what the demo signs). */
export type StatementObserver = (statement: Statement, result: SubmitResult) => void;

/** An evidence file the demo cites, as its issuer's organisation uploads it before citing it. */
export interface DemoEvidenceUpload {
  readonly sha256: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly org: string;
  readonly member: string;
  /** The simulated time of the first statement of `org` that cites it, just before it is sequenced. */
  readonly at: string;
}

export interface IssueOptions {
  readonly refs?: readonly Ref[];
  /** Who may read the statement; the whole mechanism unless said otherwise. */
  readonly audience?: Audience;
}

/**
 * Issues the demo's statements: builds each one at the simulated time (issued_at = the timeline's now, which
 * is also what the engine's clock returns, so issued_at equals log time), signs it with its author's demo key
 * and sequences it through the real log engine, one at a time so that indexes — and so every checkpoint — are
 * the same in every run with the same seed and `now`.
 */
export class DemoLog {
  private readonly engine: LogEngine;
  private readonly timeline: DemoTimeline;
  private readonly signers: Map<string, Ed25519Signer>;
  private readonly counts = new Map<StatementType, number>();
  private readonly observe: StatementObserver | undefined;
  private readonly uploadEvidence: (upload: DemoEvidenceUpload) => Promise<void>;
  private readonly uploadReportDocument: (bytes: Uint8Array) => Promise<void>;
  private readonly evidenceFiles = new Map<
    string,
    { readonly bytes: Uint8Array; readonly mediaType: string }
  >();
  private readonly uploaded: DemoEvidenceUpload[] = [];

  constructor(
    engine: LogEngine,
    timeline: DemoTimeline,
    signers: Map<string, Ed25519Signer>,
    uploadEvidence: (upload: DemoEvidenceUpload) => Promise<void>,
    uploadReportDocument: (bytes: Uint8Array) => Promise<void>,
    observe?: StatementObserver,
  ) {
    this.engine = engine;
    this.uploadEvidence = uploadEvidence;
    this.uploadReportDocument = uploadReportDocument;
    this.timeline = timeline;
    this.signers = signers;
    this.observe = observe;
  }

  /** Membership and settings after everything issued so far (read-only; no workflow records). */
  get state(): Readonly<MechanismState> {
    return this.engine.mechanismState;
  }

  /**
   * The full fold of everything issued so far, workflow records included: the sequencer keeps those in
   * storage (issue 9), so they are folded again from the log, which the demo's size allows.
   */
  async readFullState(): Promise<MechanismState> {
    const statements = await this.readStatements(this.engine.latestCheckpoint?.treeSize ?? 0n);
    return replayMechanismState(statements, Number.POSITIVE_INFINITY, false);
  }

  /** The first `treeSize` statements of the log, parsed (for the reports' metrics). */
  readStatements(treeSize: bigint): Promise<readonly MetricsStatement[]> {
    return this.engine.readStatements(treeSize);
  }

  get checkpoint(): StoredCheckpoint | undefined {
    return this.engine.latestCheckpoint;
  }

  /** Statements sequenced so far, per type, in the order of the domain's statement types. */
  countsByType(): Partial<Record<StatementType, number>> {
    return Object.fromEntries(
      STATEMENT_TYPES.flatMap((type) => {
        const count = this.counts.get(type);
        return count === undefined ? [] : [[type, count]];
      }),
    );
  }

  /** A stand-in evidence entry for a statement about to be issued (see createDemoEvidence). */
  evidence(what: string, capturedAt: number): DemoEvidenceEntry {
    const { entry, bytes } = createDemoEvidence(what, capturedAt);
    this.evidenceFiles.set(entry.sha256, { bytes, mediaType: entry.media_type });
    return entry;
  }

  /** Stores a rendered report document, as the secretariat uploads it before the report that lists it. */
  storeReportDocument(bytes: Uint8Array): Promise<void> {
    return this.uploadReportDocument(bytes);
  }

  /** Makes `signer` the key `actor` signs with from now on (after a key rotation). */
  useSigner(actor: DemoActor, signer: Ed25519Signer): void {
    this.signers.set(`${actor.org}/${actor.member}`, signer);
  }

  async issue<T extends StatementType>(
    actor: DemoActor,
    type: T,
    body: StatementOf<T>['body'],
    options: IssueOptions = {},
  ): Promise<string> {
    const signer = this.signers.get(`${actor.org}/${actor.member}`);
    if (signer === undefined) throw new Error(`the demo has no key for ${actor.org}/${actor.member}`);
    // As a careful client does: public statements are coarsened to the public precision before signing.
    const statement = coarsenStatementForPublic(
      {
        jmm: 1,
        type,
        mechanism: DEMO_ORIGIN,
        issuer: { org: actor.org, member: actor.member },
        issued_at: new Date(this.timeline.now).toISOString(),
        // Membership statements are public (AUDIENCE_RULES); the rest default to the mechanism.
        audience:
          options.audience ??
          (allowedAudiencesOf(type).includes('mechanism') ? { kind: 'mechanism' } : { kind: 'public' }),
        refs: [...(options.refs ?? [])],
        body,
      } as Statement,
      publicPrecisionOf(this.engine.mechanismState.settings),
    );
    try {
      // A statement may list only files its organisation uploaded (or may read elsewhere): upload them first.
      await this.uploadCitedEvidence(statement);
      const result = await this.engine.submit(await signStatement(statement, signer));
      this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
      this.observe?.(statement, result);
      return result.digest;
    } catch (cause) {
      // A rejected demo statement is a bug in the scenario (or in the rules it exercises): say which one.
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(
        `demo ${type} by ${actor.org}/${actor.member} at ${statement.issued_at} was rejected: ${reason}`,
        { cause },
      );
    }
  }

  private async uploadCitedEvidence(statement: Statement): Promise<void> {
    const { org, member } = statement.issuer;
    for (const sha256 of listEvidenceSha256(statement)) {
      const file = this.evidenceFiles.get(sha256);
      if (file === undefined || this.uploaded.some((u) => u.sha256 === sha256 && u.org === org)) continue;
      const upload = {
        sha256,
        mediaType: file.mediaType,
        bytes: file.bytes,
        org,
        member,
        at: statement.issued_at,
      };
      await this.uploadEvidence(upload);
      this.uploaded.push(upload);
    }
  }
}
