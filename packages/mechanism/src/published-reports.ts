import type { MetricsStatement, ReportDocument, StatementOf } from '@jmm/domain';
import type { EntryRepository } from '@jmm/storage';
import { decodeStoredStatement } from './decode-stored-statement.ts';

/** Reports listed at most: a mechanism publishes a few a month. */
const MAX_REPORTS = 10_000;

/**
 * Every report.publish in the log, in log order, for the report list and the report documents' readers: read
 * by type from the statements projection (statements_type_idx), never by parsing the log.
 */
export class PublishedReports {
  constructor(private readonly entries: Pick<EntryRepository, 'listStatementsOfTypes'>) {}

  async listReports(): Promise<readonly MetricsStatement[]> {
    const stored = await this.entries.listStatementsOfTypes(['report.publish'], MAX_REPORTS);
    return stored.reverse().map((entry) => ({
      statement: decodeStoredStatement(entry.envelope),
      digest: entry.digest,
      index: entry.index,
      logTime: entry.logTime,
    }));
  }

  /** The reports that list the document `sha256`, each with its entry for it, in log order. */
  async findDocumentListings(
    sha256: string,
  ): Promise<{ readonly report: StatementOf<'report.publish'>; readonly document: ReportDocument }[]> {
    return (await this.listReports()).flatMap(({ statement }) => {
      const report = statement as StatementOf<'report.publish'>;
      const document = report.body.documents.find((candidate) => candidate.sha256 === sha256);
      return document === undefined ? [] : [{ report, document }];
    });
  }
}
