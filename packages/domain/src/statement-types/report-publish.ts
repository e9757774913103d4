import { computeAudienceMetrics } from '../metrics/report-audience.ts';
import {
  findReportPeriodKind,
  findReportValueDifference,
  listReportValues,
} from '../metrics/report-values.ts';
import { reportPublishBodySchema } from '../statements/publication.ts';
import { fail } from './fail.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `report.publish`: a periodic report for the public or the whole mechanism (AUDIENCE_RULES), naming the
 * checkpoint it was computed at, which the log must really have had; it changes no record. Its values must be
 * exactly the metrics (DESIGN.md §6) that its audience gets for its period at that checkpoint
 * (`computeAudienceMetrics`), so a published number is true by construction, and a public report cannot carry
 * a cell below the minimum size, which public metrics never show. Its documents must be uploaded already.
 * Everything checked depends on the log up to the checkpoint alone, so a report validates the same however
 * the log has grown since (the auditor's replay).
 */
export const reportPublishHandler: StatementHandler<'report.publish'> = {
  body: reportPublishBodySchema,
  validate(statement, state, { rootHashAt, statementsAt, isReportDocumentStored }) {
    const { checkpoint, period, metrics, documents } = statement.body;
    const audience = statement.audience.kind;
    // AUDIENCE_RULES refuses other audiences before this runs; narrowed here for the computation.
    if (audience === 'orgs') fail('invalid_statement', 'a report is for the public or the whole mechanism');
    const treeSize = BigInt(checkpoint.tree_size);
    if (treeSize > state.size)
      fail('invalid_statement', 'the report names a checkpoint the log has not reached');
    if (rootHashAt !== undefined && rootHashAt(treeSize) !== checkpoint.root_hash)
      fail('invalid_statement', 'the report names a root hash the log never had at that size');
    const periodKind = findReportPeriodKind(period);
    if (periodKind === undefined)
      fail('invalid_statement', 'a report covers one calendar week, month or quarter in UTC');
    for (const document of documents) {
      if (isReportDocumentStored !== undefined && !isReportDocumentStored(document.sha256, document.bytes))
        fail(
          'invalid_statement',
          `the report lists document ${document.sha256} (${document.bytes} bytes), which was not uploaded`,
          { sha256: document.sha256 },
        );
    }
    const statements = statementsAt?.(treeSize);
    if (statements === undefined || statements.length === 0)
      fail(
        'invalid_statement',
        'the statements at the report’s checkpoint could not be read to check its values',
      );
    const computed = listReportValues(
      computeAudienceMetrics({ statements, audience, periodKind, periodAt: period.start }),
    );
    const difference = findReportValueDifference(metrics, computed);
    if (difference !== undefined)
      fail(
        'invalid_statement',
        `the report's values are not the ${audience} metrics for its period at its checkpoint: ${difference}`,
      );
  },
  listNeeds: ({ body }) => ({
    citedTreeSize: BigInt(body.checkpoint.tree_size),
    reportDocuments: body.documents.map((document) => document.sha256),
  }),
  apply: () => [],
};
