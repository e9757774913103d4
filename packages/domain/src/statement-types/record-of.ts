import type { MechanismState } from '../mechanism-state.ts';
import type { Ref, Statement } from '../statements/statement.ts';
import type { WorkflowRecord } from '../workflow-records.ts';

/** The digest of `statement`'s first ref with relation `rel`. */
export function refOf(statement: Statement, rel: Ref['rel']): string | undefined {
  return statement.refs.find((ref) => ref.rel === rel)?.digest;
}

/** The workflow record `digest`, if it is one of `kind`. Apply trusts validation, so a miss changes nothing. */
export function recordOf<K extends WorkflowRecord['kind']>(
  state: MechanismState,
  digest: string | undefined,
  kind: K,
): Extract<WorkflowRecord, { kind: K }> | undefined {
  const record = digest === undefined ? undefined : state.records.get(digest);
  return record?.kind === kind ? (record as Extract<WorkflowRecord, { kind: K }>) : undefined;
}
