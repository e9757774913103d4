import type { MechanismState, SequencedStatement } from '../mechanism-state.ts';
import type { WorkflowRecord } from '../workflow-records.ts';

/** Stores `record` (records are immutable values: a change replaces one) and notes it as touched. */
export function setRecord(state: MechanismState, record: WorkflowRecord, touched: string[]): void {
  state.records.set(record.digest, record);
  touched.push(record.digest);
}

/** The fields every workflow record takes from the statement that creates it. */
export function recordBase({ statement, digest, index }: SequencedStatement) {
  return { digest, index, org: statement.issuer.org, audience: statement.audience };
}

/**
 * A claimed action (an incident.response or exchange.reply saying the party acted) becomes a record of its own,
 * so verifiers can open a case on the claim as on an allegation (DESIGN.md §3 case.open subjects).
 */
export function setClaimRecord(
  state: MechanismState,
  sequenced: SequencedStatement,
  touched: string[],
): void {
  setRecord(
    state,
    { ...recordBase(sequenced), kind: 'claim', claimedAt: sequenced.logTime, caseDigest: undefined },
    touched,
  );
}
