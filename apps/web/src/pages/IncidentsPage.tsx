import type { IncidentListItem, IncidentListQuery } from '@jmm/client';
import { INCIDENT_STATUSES, MECHANISM_TYPES, type IncidentStatus } from '@jmm/domain';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import { Link, navigate } from '../app/router.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';

const IncidentMap = lazy(() => import('../map/IncidentMap.tsx'));
const IncidentTimeline = lazy(() => import('../map/IncidentTimeline.tsx'));

/** Pages read at most; a longer history is narrowed with the filters. */
const MAX_PAGES = 10;

interface Filters {
  readonly status: IncidentStatus | '';
  readonly kind: 'allegation' | 'observation' | '';
  readonly mechanism_type: string;
  readonly party: string;
}

/** Whether an incident's time span overlaps a brushed range (the timeline filters map and list, issue 10). */
export function overlapsRange(
  incident: IncidentListItem,
  range: { from: string; to: string } | undefined,
): boolean {
  if (range === undefined) return true;
  return incident.time.end >= range.from && incident.time.start <= range.to;
}

export default function IncidentsPage() {
  const { t, dateTime } = useI18n();
  const { client, mechanism, treeSize, session } = useJmm();
  const [filters, setFilters] = useState<Filters>({ status: '', kind: '', mechanism_type: '', party: '' });
  const [incidents, setIncidents] = useState<readonly IncidentListItem[] | undefined>(undefined);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [range, setRange] = useState<{ from: string; to: string } | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [showMap, setShowMap] = useState(true);

  useEffect(() => {
    const read = { live: true };
    setError(undefined);
    const query: IncidentListQuery = {
      limit: 200,
      sort: 'time_desc',
      ...(filters.status === '' ? {} : { status: [filters.status] }),
      ...(filters.kind === '' ? {} : { kind: filters.kind }),
      ...(filters.mechanism_type === ''
        ? {}
        : { mechanism_type: filters.mechanism_type as NonNullable<IncidentListQuery['mechanism_type']> }),
      ...(filters.party === '' ? {} : { party: filters.party }),
    };
    void (async () => {
      const all: IncidentListItem[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await client.listIncidents({ ...query, ...(cursor === undefined ? {} : { cursor }) });
        all.push(...answer.records);
        if (answer.next_cursor === null) {
          cursor = undefined;
          break;
        }
        cursor = answer.next_cursor;
      }
      // `live` turns false when the filters change mid-read; the newer read's answer wins.
      if (!read.live) return;
      setIncidents(all);
      setTruncated(cursor !== undefined);
    })().catch((cause: unknown) => read.live && setError(cause));
    return () => {
      read.live = false;
    };
  }, [client, filters, treeSize, session?.token]);

  const visible = useMemo(
    () => (incidents ?? []).filter((incident) => overlapsRange(incident, range)),
    [incidents, range],
  );
  const parties = mechanism.orgs.filter((org) => org.kind === 'party');
  const orgName = (id: string | null | undefined) =>
    mechanism.orgs.find((org) => org.id === id)?.name ?? id ?? '';
  const canReport = session?.roles.some((role) => role === 'reporter' || role === 'analyst') === true;

  return (
    <section className="page incidents" aria-labelledby="incidents-title">
      <div className="page-head">
        <h1 id="incidents-title">{t('incidents.title')}</h1>
        {canReport && (
          <Link className="button primary" href="/compose/incident.report">
            {t('incidents.report')}
          </Link>
        )}
      </div>
      <form
        className="filters"
        onSubmit={(event) => event.preventDefault()}
        aria-label={t('incidents.filters')}
      >
        <label>
          {t('incidents.filter.status')}
          <select
            value={filters.status}
            onChange={(event) => setFilters({ ...filters, status: event.target.value as IncidentStatus })}
          >
            <option value="">{t('common.any')}</option>
            {INCIDENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {vocabularyLabel(t, status)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.filter.kind')}
          <select
            value={filters.kind}
            onChange={(event) => setFilters({ ...filters, kind: event.target.value as Filters['kind'] })}
          >
            <option value="">{t('common.any')}</option>
            <option value="allegation">{vocabularyLabel(t, 'allegation')}</option>
            <option value="observation">{vocabularyLabel(t, 'observation')}</option>
          </select>
        </label>
        <label>
          {t('incidents.filter.mechanismType')}
          <select
            value={filters.mechanism_type}
            onChange={(event) => setFilters({ ...filters, mechanism_type: event.target.value })}
          >
            <option value="">{t('common.any')}</option>
            {MECHANISM_TYPES.map((type) => (
              <option key={type} value={type}>
                {vocabularyLabel(t, type)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.filter.party')}
          <select
            value={filters.party}
            onChange={(event) => setFilters({ ...filters, party: event.target.value })}
          >
            <option value="">{t('common.any')}</option>
            {parties.map((party) => (
              <option key={party.id} value={party.id}>
                {party.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={showMap} onChange={(event) => setShowMap(event.target.checked)} />
          {t('incidents.showMap')}
        </label>
      </form>
      <ErrorMessage error={error} />
      {incidents === undefined && error === undefined && (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      )}
      {incidents !== undefined && (
        <>
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <IncidentTimeline incidents={incidents} range={range} onRangeChange={setRange} />
            {showMap && (
              <IncidentMap
                incidents={visible}
                selected={selected}
                onSelect={(digest: string) => {
                  setSelected(digest);
                  navigate(`/incidents/${digest}`);
                }}
                ariaLabel={t('incidents.mapLabel')}
              />
            )}
          </Suspense>
          <p role="status" className="count">
            {t('incidents.count', { count: visible.length })}
            {range !== undefined &&
              ` · ${t('incidents.inRange', { from: dateTime(range.from), to: dateTime(range.to) })}`}
            {truncated && ` · ${t('incidents.truncated')}`}
          </p>
          <table className="records">
            <caption className="visually-hidden">{t('incidents.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('incidents.col.time')}</th>
                <th scope="col">{t('incidents.col.what')}</th>
                <th scope="col">{t('incidents.col.where')}</th>
                <th scope="col">{t('incidents.col.reportedBy')}</th>
                <th scope="col">{t('incidents.col.against')}</th>
                <th scope="col">{t('incidents.col.status')}</th>
                <th scope="col">{t('incidents.col.respondBy')}</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((incident) => (
                <tr key={incident.digest} className={incident.digest === selected ? 'selected' : undefined}>
                  <td>
                    <Link href={`/incidents/${incident.digest}`}>{dateTime(incident.time.start)}</Link>
                  </td>
                  <td>
                    {vocabularyLabel(t, incident.kind)} ·{' '}
                    {vocabularyLabel(t, incident.category.mechanism_type)}
                  </td>
                  <td>
                    {incident.location.admin1 ??
                      `${incident.location.lat.toFixed(2)}, ${incident.location.lon.toFixed(2)}`}
                  </td>
                  <td>{orgName(incident.org)}</td>
                  <td>{orgName(incident.alleged_responsible?.party)}</td>
                  <td>
                    <span className={`tag tag-${incident.status}`}>
                      {vocabularyLabel(t, incident.status)}
                    </span>
                  </td>
                  <td>{incident.respond_by === null ? '—' : dateTime(incident.respond_by)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
