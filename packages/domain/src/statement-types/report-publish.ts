import { reportPublishBodySchema } from '../statements/publication.ts';
import { fail } from './fail.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `report.publish`: a public periodic report naming the checkpoint it was computed at, which the log must
 * really have had; it changes no record.
 */
export const reportPublishHandler: StatementHandler<'report.publish'> = {
  body: reportPublishBodySchema,
  validate(statement, state, { rootHashAt }) {
    if (statement.audience.kind !== 'public') fail('invalid_statement', 'a published report is public');
    if (BigInt(statement.body.checkpoint.tree_size) > state.size)
      fail('invalid_statement', 'the report names a checkpoint the log has not reached');
    if (
      rootHashAt !== undefined &&
      rootHashAt(BigInt(statement.body.checkpoint.tree_size)) !== statement.body.checkpoint.root_hash
    )
      fail('invalid_statement', 'the report names a root hash the log never had at that size');
  },
  apply: () => [],
};
