import { computeResponseDeadline } from '../response-deadline.ts';
import { computeKeyId, decodeBase64 } from '@jmm/core';
import {
  applyStatement,
  createMechanismState,
  listPartyOrgs,
  type MechanismState,
} from '../mechanism-state.ts';
import type { Settings } from '../settings.ts';
import type { Statement } from '../statements/statement.ts';
import type { MechanismType } from '../taxonomy.ts';
import type {
  CaseRecord,
  CommitmentRecord,
  ExchangeRecord,
  FindingRecord,
  IncidentRecord,
  WorkflowRecord,
} from '../workflow-records.ts';
import type { Disclosure } from './metric-cell.ts';
import type { PeriodKind } from './metric-period.ts';

/** A statement as the log holds it, visible to the reader. */
export interface MetricsStatement {
  readonly statement: Statement;
  readonly digest: string;
  readonly index: bigint;
  readonly logTime: string;
}

export interface MetricsInput {
  /** The statements visible to the reader as of the checkpoint, in index order. */
  readonly statements: readonly MetricsStatement[];
  /**
   * The mechanism's settings at the checkpoint (deadlines, public minimum cell size). When absent, those the
   * replayed statements give: genesis, settings changes and their endorsements are public (AUDIENCE_RULES), so
   * every reader replays the same settings, and a checkpoint's metrics stay the same however the log grows.
   */
  readonly settings?: Settings | undefined;
  readonly periodKind: PeriodKind;
  /** An instant (RFC 3339) inside the period to report; the period containing `asOf` when absent. */
  readonly periodAt?: string | undefined;
  /** The checkpoint's log time (RFC 3339 UTC): nothing after it counts; overdue and pending are judged at it. */
  readonly asOf: string;
  /** Public output: only public statements count and small cells are suppressed (DESIGN.md §1.7). */
  readonly publicMode: boolean;
}

/**
 * An allegation (an `incident.report` of kind allegation, not withdrawn) with the facts every metric uses: only
 * these, not the record, so that a context over a million incidents stays small (issue 9).
 */
export interface AllegationFacts {
  readonly by: string;
  readonly against: string;
  readonly category: MechanismType;
  readonly reportedAt: number;
  /** Log time of the alleged party's first response. */
  readonly firstResponseAt: number | undefined;
  /** computeResponseDeadline: reportedAt + settings.deadlines.routine.respond_hours. */
  readonly respondBy: number;
  readonly kase: CaseRecord | undefined;
  readonly finalFinding: FindingRecord | undefined;
  readonly finalAt: number | undefined;
}

/** The replayed records, indexed for the metric functions. */
export interface MetricsContext {
  readonly asOf: number;
  readonly settings: Settings;
  readonly disclosure: Disclosure;
  /** The party organisations, in the order the log admitted them. */
  readonly parties: readonly string[];
  readonly allegations: readonly AllegationFacts[];
  /** Every incident's mechanism category (a case's subjects are judged by it), by digest. */
  readonly incidentCategories: ReadonlyMap<string, MechanismType>;
  readonly exchanges: readonly ExchangeRecord[];
  readonly cases: readonly CaseRecord[];
  readonly findings: ReadonlyMap<string, FindingRecord>;
  readonly commitments: readonly CommitmentRecord[];
}

const HOUR_MS = 3_600_000;

/** Hashes a base64 public key to its key id (DESIGN.md §3), which replaying membership needs. */
function keyIdOf(publicKey: string): string {
  return computeKeyId(decodeBase64(publicKey));
}

/**
 * Rebuilds mechanism state from the statements up to `asOf`, in index order, without validation: the log
 * already validated them. In public mode only public statements are applied, whatever the caller passed.
 */
export function replayMechanismState(
  statements: readonly MetricsStatement[],
  asOf: number,
  publicMode: boolean,
): MechanismState {
  const state = createMechanismState(statements[0]?.statement.mechanism ?? '');
  for (const { statement, digest, index, logTime } of statements) {
    if (Date.parse(logTime) > asOf) continue;
    if (publicMode && statement.audience.kind !== 'public') continue;
    applyStatement(state, { statement, digest, keyId: '', index, logTime }, keyIdOf);
  }
  return state;
}

export function createMetricsContext(input: MetricsInput): MetricsContext {
  return createFoldMetricsContext(
    replayMechanismState(input.statements, Date.parse(input.asOf), input.publicMode),
    input,
  );
}

/** What metrics take besides the reader's statements or their fold. */
export type FoldMetricsInput = Omit<MetricsInput, 'statements'>;

/**
 * The context of the metrics of a reader's fold: the state `replayMechanismState` gives for the reader's
 * statements up to `asOf` (in public mode, of the public statements). The sequencer stores every reader's fold
 * as of the latest checkpoint (issue 9), so metrics there need no replay of the log.
 */
export function createFoldMetricsContext(state: MechanismState, input: FoldMetricsInput): MetricsContext {
  const builder = startFoldMetricsContext(state, input);
  for (const record of state.records.values()) builder.addRecord(record);
  return builder.finish();
}

/** Builds a MetricsContext from a fold's records one at a time, keeping of each only what metrics use. */
export interface FoldMetricsContextBuilder {
  /**
   * Adds one of the fold's records, in any order: `finish` puts them in the fold's (the log order of the
   * statements that created them), which is the order metrics list them in.
   */
  addRecord(record: WorkflowRecord): void;
  /** The context of every record added. */
  finish(): MetricsContext;
}

/**
 * `createFoldMetricsContext` for a fold read from storage a page at a time (FoldRepository.scanFoldSnapshot):
 * `state` is the fold's membership and settings, its records are added one by one, and only the facts metrics
 * use are kept (AllegationFacts, each incident's category, and the few cases, findings, exchanges and
 * commitments), so a fold of a million incidents never sits in memory whole.
 */
export function startFoldMetricsContext(
  state: MechanismState,
  input: FoldMetricsInput,
): FoldMetricsContextBuilder {
  const settings = input.settings ?? state.settings;
  const incidentCategories = new Map<string, MechanismType>();
  const exchanges: ExchangeRecord[] = [];
  const cases = new Map<string, CaseRecord>();
  const findings = new Map<string, FindingRecord>();
  const commitments: CommitmentRecord[] = [];
  // An allegation's case and final finding are joined in `finish`: they may be added after it.
  const pending: (Omit<AllegationFacts, 'kase' | 'finalFinding' | 'finalAt'> & {
    readonly caseDigest: string | undefined;
    readonly index: bigint;
  })[] = [];
  const addIncident = (record: IncidentRecord) => {
    incidentCategories.set(record.digest, record.body.category.mechanism_type);
    const against = record.body.alleged_responsible?.party;
    if (record.body.kind !== 'allegation' || against === undefined || record.status === 'withdrawn') return;
    const firstResponse = record.responses.find((response) => response.org === against);
    pending.push({
      by: record.org,
      against,
      category: record.body.category.mechanism_type,
      reportedAt: Date.parse(record.reportedAt),
      firstResponseAt: firstResponse === undefined ? undefined : Date.parse(firstResponse.at),
      respondBy: Date.parse(computeResponseDeadline(settings, record)!),
      caseDigest: record.caseDigest,
      index: record.index,
    });
  };
  return {
    addRecord(record) {
      if (record.kind === 'incident') addIncident(record);
      else if (record.kind === 'exchange') exchanges.push(record);
      else if (record.kind === 'case') cases.set(record.digest, record);
      else if (record.kind === 'finding') findings.set(record.digest, record);
      else if (record.kind === 'commitment') commitments.push(record);
    },
    finish() {
      for (const list of [pending, exchanges, commitments]) list.sort(byLogOrder);
      const allegations = pending.map(({ caseDigest, index: _index, ...facts }): AllegationFacts => {
        const kase = caseDigest === undefined ? undefined : cases.get(caseDigest);
        const finalFinding = kase?.finalFinding === undefined ? undefined : findings.get(kase.finalFinding);
        return {
          ...facts,
          kase,
          finalFinding,
          finalAt: finalFinding?.finalAt === undefined ? undefined : Date.parse(finalFinding.finalAt),
        };
      });
      return {
        asOf: Date.parse(input.asOf),
        settings,
        disclosure: { publicMode: input.publicMode, minCellSize: settings.public_min_cell_size },
        parties: listPartyOrgs(state),
        allegations,
        incidentCategories,
        exchanges,
        cases: [...cases.values()].sort(byLogOrder),
        findings,
        commitments,
      };
    },
  };
}

function byLogOrder(a: { readonly index: bigint }, b: { readonly index: bigint }): number {
  return a.index < b.index ? -1 : a.index > b.index ? 1 : 0;
}

/** Hours between two instants in milliseconds. */
export function hoursBetween(from: number, to: number): number {
  return (to - from) / HOUR_MS;
}
