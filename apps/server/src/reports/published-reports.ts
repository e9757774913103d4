import type { MetricsStatement, ReportDocument, StatementOf } from '@jmm/domain';
import type { LogEngine } from '@jmm/log';

/**
 * Every report.publish in the log, in log order, for the report list and the report documents' readers.
 * Reports change no record, so they are read from the log's parsed statements; the log only grows, so the
 * list is extended, never rebuilt. Each read extends the list it started from and replaces it only if nothing
 * larger landed meanwhile, so two requests racing over the await can neither duplicate reports nor move the
 * list back.
 */
export class PublishedReports {
  private reports: { treeSize: bigint; list: readonly MetricsStatement[] } = { treeSize: 0n, list: [] };

  constructor(private readonly engine: Pick<LogEngine, 'latestCheckpoint' | 'readStatements'>) {}

  async listReports(): Promise<readonly MetricsStatement[]> {
    const treeSize = this.engine.latestCheckpoint?.treeSize ?? 0n;
    const base = this.reports;
    if (treeSize <= base.treeSize) return base.list;
    const statements = await this.engine.readStatements(treeSize);
    const added = statements
      .slice(Number(base.treeSize))
      .filter(({ statement }) => statement.type === 'report.publish');
    const extended = { treeSize, list: [...base.list, ...added] };
    if (extended.treeSize > this.reports.treeSize) this.reports = extended;
    return extended.list;
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
