import { STATEMENT_TYPES, type StatementType } from '@jmm/domain';
import { StorageError } from '../storage-error.ts';

/** The `type` column of `statements` as a StatementType; anything else means the table was altered. */
export function statementTypeFromColumn(digest: string, type: string): StatementType {
  const known = STATEMENT_TYPES.find((candidate) => candidate === type);
  if (known === undefined)
    throw new StorageError('corrupt_data', `statement ${digest} has unknown type ${type}`);
  return known;
}
