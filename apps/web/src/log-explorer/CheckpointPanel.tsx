import type { Resource } from '../components/use-resource.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { CheckpointReport, WitnessReport } from './verify-checkpoint-note.ts';

/** The latest checkpoint as this browser verified it, and what each configured witness said about it. */
export function CheckpointPanel({
  loaded,
  retry,
  pinnedKey,
  presentedKey,
}: {
  loaded: Resource<CheckpointReport>;
  retry: () => void;
  pinnedKey: string;
  presentedKey: string | undefined;
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  return (
    <section aria-labelledby="log-checkpoint-heading">
      <h2 id="log-checkpoint-heading">{t('log.checkpoint.heading')}</h2>
      <p>
        {t('log.checkpoint.pinnedKey')} <code className="break-all">{pinnedKey}</code>
      </p>
      {presentedKey !== undefined && (
        <p className="banner banner-danger" role="alert">
          {t('log.checkpoint.keyChanged')} <code className="break-all">{presentedKey}</code>
        </p>
      )}
      <CheckpointBody loaded={loaded} retry={retry} />
    </section>
  );
}

function CheckpointBody({ loaded, retry }: { loaded: Resource<CheckpointReport>; retry: () => void }) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  switch (loaded.state) {
    case 'loading':
      return (
        <p className="loading" role="status">
          {t('log.checkpoint.loading')}
        </p>
      );
    case 'error':
      return (
        <div>
          <ErrorMessage error={loaded.error} />
          <button type="button" onClick={retry}>
            {t('log.retry')}
          </button>
        </div>
      );
    case 'ready':
      break;
  }
  const report = loaded.value;
  if (!report.verified) {
    return (
      <div>
        <p className="badge badge-failed" role="alert">
          <span aria-hidden="true">✗ </span>
          {t('log.checkpoint.notVerified')}
        </p>
        <p>{report.reason}</p>
        <button type="button" onClick={retry}>
          {t('log.retry')}
        </button>
      </div>
    );
  }
  const { checkpoint } = report;
  return (
    <div>
      <p className="badge badge-verified" role="status">
        <span aria-hidden="true">✓ </span>
        {t('log.checkpoint.verified')}
      </p>
      <dl className="log-fields">
        <dt>{t('log.checkpoint.origin')}</dt>
        <dd>
          <code>{checkpoint.origin}</code>
        </dd>
        <dt>{t('log.checkpoint.treeSize')}</dt>
        <dd>{checkpoint.treeSize.toString()}</dd>
        <dt>{t('log.checkpoint.rootHash')}</dt>
        <dd>
          <code className="break-all">{report.rootHash}</code>
        </dd>
        <dt>{t('log.checkpoint.logTime')}</dt>
        <dd>{t('log.checkpoint.logTimeAbsent')}</dd>
        {checkpoint.extensions.length > 0 && (
          <>
            <dt>{t('log.checkpoint.extensions')}</dt>
            <dd>
              {checkpoint.extensions.map((line) => (
                <code key={line}>{line}</code>
              ))}
            </dd>
          </>
        )}
      </dl>
      <button type="button" onClick={retry}>
        {t('log.checkpoint.refresh')}
      </button>
      {report.final !== undefined && (
        <p className={report.final ? 'badge badge-verified' : 'badge badge-failed'} data-final={report.final}>
          {report.final
            ? t('log.witnesses.final')
            : t('log.witnesses.notFinal', { orgs: report.awaiting.join(', ') })}
        </p>
      )}
      <Witnesses witnesses={report.witnesses} others={report.otherSignatures} />
    </div>
  );
}

function Witnesses({
  witnesses,
  others,
}: {
  witnesses: readonly WitnessReport[];
  others: readonly string[];
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const dateTime = i18n.dateTime.bind(i18n);
  return (
    <section aria-labelledby="log-witnesses-heading">
      <h3 id="log-witnesses-heading">{t('log.witnesses.heading')}</h3>
      {witnesses.length === 0 ? (
        <p>{t('log.witnesses.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('log.witnesses.name')}</th>
              <th scope="col">{t('log.witnesses.org')}</th>
              <th scope="col">{t('log.witnesses.status')}</th>
            </tr>
          </thead>
          <tbody>
            {witnesses.map((witness) => (
              <tr key={witness.name}>
                <td>
                  <code>{witness.name}</code>
                </td>
                <td>{witness.org}</td>
                <td>
                  <WitnessStatusText witness={witness} dateTime={dateTime} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {others.length > 0 && <p>{t('log.witnesses.others', { names: others.join(', ') })}</p>}
    </section>
  );
}

function WitnessStatusText({
  witness,
  dateTime,
}: {
  witness: WitnessReport;
  dateTime: (iso: string) => string;
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const { status } = witness;
  switch (status.kind) {
    case 'cosigned':
      return (
        <span className="badge badge-verified">
          {t('log.witnesses.cosigned', {
            time: formatTimestamp(status.timestamp, dateTime),
          })}
        </span>
      );
    case 'missing':
      return <span className="badge badge-unavailable">{t('log.witnesses.missing')}</span>;
    case 'invalid':
      return (
        <span className="badge badge-failed" title={status.reason}>
          {t('log.witnesses.invalid')}
        </span>
      );
  }
}

/** A cosignature's POSIX seconds as a date, or as the number itself when no date can hold it. */
function formatTimestamp(seconds: bigint, dateTime: (iso: string) => string): string {
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? seconds.toString() : dateTime(date.toISOString());
}
