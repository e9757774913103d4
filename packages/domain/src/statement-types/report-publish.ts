import { computeMetrics } from '../metrics/compute-metrics.ts';
import {
  findReportPeriodKind,
  findReportValueDifference,
  listReportValues,
} from '../metrics/report-values.ts';
import { reportPublishBodySchema } from '../statements/publication.ts';
import { fail } from './fail.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `report.publish`: a public periodic report naming the checkpoint it was computed at, which the log must
 * really have had; it changes no record. Its values must be exactly the public metrics (DESIGN.md §6) for its
 * period at that checkpoint — under the settings in force when it is sequenced — so a published number is
 * true by construction, and a cell below the minimum size, which public metrics never show, cannot be published.
 */
export const reportPublishHandler: StatementHandler<'report.publish'> = {
  body: reportPublishBodySchema,
  validate(statement, state, { rootHashAt, statementsAt }) {
    const { checkpoint, period, metrics } = statement.body;
    if (statement.audience.kind !== 'public') fail('invalid_statement', 'a published report is public');
    const treeSize = BigInt(checkpoint.tree_size);
    if (treeSize > state.size)
      fail('invalid_statement', 'the report names a checkpoint the log has not reached');
    if (rootHashAt !== undefined && rootHashAt(treeSize) !== checkpoint.root_hash)
      fail('invalid_statement', 'the report names a root hash the log never had at that size');
    const periodKind = findReportPeriodKind(period);
    if (periodKind === undefined)
      fail('invalid_statement', 'a report covers one calendar week, month or quarter in UTC');
    const statements = statementsAt?.(treeSize);
    if (statements === undefined || statements.length === 0)
      fail(
        'invalid_statement',
        'the statements at the report’s checkpoint could not be read to check its values',
      );
    const computed = listReportValues(
      computeMetrics({
        statements: statements.filter(({ statement: s }) => s.audience.kind === 'public'),
        settings: state.settings,
        periodKind,
        periodAt: period.start,
        // The checkpoint's log time: that of the last statement it covers (a batch shares one log time).
        asOf: statements.at(-1)!.logTime,
        publicMode: true,
      }),
    );
    const difference = findReportValueDifference(metrics, computed);
    if (difference !== undefined)
      fail(
        'invalid_statement',
        `the report's values are not the public metrics for its period at its checkpoint: ${difference}`,
      );
  },
  apply: () => [],
};
