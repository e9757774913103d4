import { lastInstantOf } from '../i18n/format-date-time.ts';
import type { ReportSummary } from '@jmm/client';
import { Link } from '../app/router.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

const DOCUMENT_ORDER = ['application/pdf', 'text/html'] as const;

/**
 * Published periodic reports (issue 8): each with its period, audience and the checkpoint its values were
 * computed at, and links to its rendered documents. The documents are plain links to the server, which
 * serves them only to the report's audience: the PDF opens in the browser's own viewer (or downloads), the
 * HTML in a sandboxed page, each in a new tab so the reader keeps their place here.
 */
export function ReportList({ reports }: { reports: readonly ReportSummary[] }) {
  const { t, date } = useI18n();
  return (
    <ul className="report-list">
      {reports.map((report) => {
        const documents = DOCUMENT_ORDER.flatMap((mediaType) =>
          report.documents.filter((document) => document.media_type === mediaType),
        );
        return (
          <li key={report.digest} data-report={report.digest}>
            <Link href={`/records/${report.digest}`} dir="auto">
              {report.title}
            </Link>
            <p className="meta">
              {date(report.period.start)} – {date(lastInstantOf(report.period.end))} ·{' '}
              <span data-audience={report.audience}>
                {t(report.audience === 'public' ? 'reports.audiencePublic' : 'reports.audienceMechanism')}
              </span>{' '}
              ·{' '}
              <span title={t('reports.rootHash', { hash: report.checkpoint.root_hash })}>
                {t('portal.atCheckpoint', { size: report.checkpoint.tree_size })}
              </span>
            </p>
            {documents.length > 0 && (
              <p className="report-documents">
                {documents.map((document) => {
                  const pdf = document.media_type === 'application/pdf';
                  const label = t(pdf ? 'reports.openPdf' : 'reports.openHtml');
                  return (
                    <a
                      key={document.sha256}
                      href={document.url}
                      target="_blank"
                      rel="noopener noreferrer"
                      type={document.media_type}
                      className="button"
                      aria-label={`${label} (${t('reports.newTab')}): ${report.title}`}
                    >
                      {label}
                    </a>
                  );
                })}
                {documents
                  .filter((document) => document.media_type === 'application/pdf')
                  .map((document) => (
                    <a
                      key={`${document.sha256}-download`}
                      href={document.url}
                      download={`${report.title}.pdf`}
                      aria-label={`${t('reports.downloadPdf')}: ${report.title}`}
                    >
                      {t('reports.downloadPdf')}
                    </a>
                  ))}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
