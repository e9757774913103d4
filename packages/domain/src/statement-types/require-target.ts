import type { MechanismState } from '../mechanism-state.ts';
import type { Ref, Statement } from '../statements/statement.ts';
import type { WorkflowRecord } from '../workflow-records.ts';
import { fail } from './fail.ts';

/** The one ref with relation `rel`, which must point at a workflow record of `kind`. */
export function requireTarget<K extends WorkflowRecord['kind']>(
  statement: Statement,
  state: MechanismState,
  rel: Ref['rel'],
  kind: K,
): Extract<WorkflowRecord, { kind: K }> {
  const refs = statement.refs.filter((ref) => ref.rel === rel);
  if (refs.length !== 1) fail('invalid_ref', `a ${statement.type} has exactly one "${rel}" ref`);
  const record = state.records.get(refs[0]!.digest);
  if (record?.kind !== kind)
    fail('invalid_ref', `the "${rel}" ref of a ${statement.type} must point at a ${kind}`);
  return record as Extract<WorkflowRecord, { kind: K }>;
}
