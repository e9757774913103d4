import { lastInstantOf } from '../i18n/format-date-time.ts';
import type { ReportDraft, ReportDraftRequest } from '@jmm/client';
import { REPORT_AUDIENCES, type ReportAudience } from '@jmm/domain';
import { useId, useState, type ReactNode } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The calendar month before `now` (UTC), as a period: what a monthly report usually covers. */
function previousMonth(now: Date): string {
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The "prepare from the log" step of the report.publish form (issue 8): the secretariat picks a period and
 * audience, the server drafts the report at its latest checkpoint (POST /api/v1/reports/drafts), and the draft
 * becomes the field's value. Its values are shown read-only, as a table, with links to preview the rendered
 * documents: the log accepts the report only with exactly these values, so there is nothing to edit. The
 * member then signs it in this browser, as every statement (DESIGN.md §1.2).
 */
export function ReportDraftField({
  label,
  value,
  onChange,
  errors,
  prepare,
  now = () => new Date(),
}: {
  label: ReactNode;
  value: ReportDraft | undefined;
  onChange: (draft: ReportDraft | undefined) => void;
  errors: ReactNode;
  prepare: (request: ReportDraftRequest) => Promise<ReportDraft>;
  now?: () => Date;
}) {
  const { t, date } = useI18n();
  const id = useId();
  const [period, setPeriod] = useState(() => previousMonth(now()));
  const [audience, setAudience] = useState<ReportAudience>(value?.audience ?? 'public');
  const [partial, setPartial] = useState(false);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  function prepareDraft() {
    setWorking(true);
    setError(undefined);
    onChange(undefined);
    prepare({ period: period.trim(), audience, partial })
      .then(onChange, setError)
      .finally(() => setWorking(false));
  }

  return (
    <fieldset className="field report-draft">
      <legend>{label}</legend>
      <p className="hint">{t('form.report.explain')}</p>
      <div className="field">
        <label htmlFor={`${id}-period`}>{t('form.report.period')}</label>
        <input
          id={`${id}-period`}
          value={period}
          maxLength={16}
          dir="ltr"
          aria-describedby={`${id}-period-hint`}
          onChange={(event) => setPeriod(event.target.value)}
        />
        <span id={`${id}-period-hint`} className="hint">
          {t('form.report.periodHint')}
        </span>
      </div>
      <fieldset className="nested">
        <legend>{t('form.report.audience')}</legend>
        {REPORT_AUDIENCES.map((choice) => (
          <label key={choice} className="check">
            <input
              type="radio"
              name={`${id}-audience`}
              checked={audience === choice}
              onChange={() => setAudience(choice)}
            />
            {t(choice === 'public' ? 'reports.audiencePublic' : 'reports.audienceMechanism')}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={partial} onChange={(event) => setPartial(event.target.checked)} />
        {t('form.report.partial')}
      </label>
      <div className="actions">
        <button type="button" onClick={prepareDraft} disabled={working || period.trim() === ''}>
          {working ? t('form.report.preparing') : t('form.report.prepare')}
        </button>
      </div>
      {working && <p role="status">{t('form.report.preparing')}</p>}
      <ErrorMessage error={error} />
      {value === undefined ? (
        !working && <p className="notice">{t('form.report.notPrepared')}</p>
      ) : (
        <PreparedReport
          draft={value}
          periodLabel={`${date(value.body.period.start)} – ${date(lastInstantOf(value.body.period.end))}`}
        />
      )}
      {errors}
    </fieldset>
  );
}

function PreparedReport({ draft, periodLabel }: { draft: ReportDraft; periodLabel: string }) {
  const { t } = useI18n();
  const values = Object.entries(draft.body.metrics);
  return (
    <div className="prepared-report" data-audience={draft.audience}>
      <p role="status">
        {t('form.report.prepared', { title: draft.body.title, size: draft.body.checkpoint.tree_size })}
      </p>
      <p className="meta">
        {periodLabel} ·{' '}
        {t(draft.audience === 'public' ? 'reports.audiencePublic' : 'reports.audienceMechanism')}
      </p>
      <p className="report-documents">
        {draft.documents.map((document) => {
          const pdfLabel = document.media_type === 'application/pdf';
          const text = t(pdfLabel ? 'form.report.previewPdf' : 'form.report.previewHtml');
          return (
            <a
              key={document.sha256}
              href={document.preview_url}
              target="_blank"
              rel="noopener noreferrer"
              type={document.media_type}
              className="button"
              aria-label={`${text} (${t('reports.newTab')})`}
            >
              {text}
            </a>
          );
        })}
      </p>
      <table className="report-values">
        <caption>{t('form.report.values')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('form.report.metric')}</th>
            <th scope="col">{t('form.report.value')}</th>
          </tr>
        </thead>
        <tbody>
          {values.map(([key, number]) => (
            <tr key={key} data-key={key}>
              <th scope="row" className="mono" dir="ltr">
                {key}
              </th>
              <td dir="ltr">{String(number)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
