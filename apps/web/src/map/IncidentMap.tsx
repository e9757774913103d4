/**
 * The incident map (DESIGN.md §7): incidents as circles over an offline base map, clustered when they crowd.
 *
 * Accessible path: a canvas cannot be read or tabbed through, so the component renders, beside the canvas, a
 * list with one button per incident. It is one Tab stop (roving tabindex: arrows move, Enter selects), hidden
 * from sight until it takes focus, then shown over the map while the focused incident is ringed on the map —
 * so sighted keyboard users see where they are, and screen-reader users get every incident in words. When the
 * map cannot be drawn (no WebGL) the list is simply shown. The page's own table remains a second path.
 */
import type { IncidentListItem } from '@jmm/client';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { describeIncident } from './describe-incident.ts';
import { incidentBounds, toIncidentFeature, toIncidentFeatures, type Bounds } from './incident-features.ts';
import { IncidentMapLegend } from './IncidentMapLegend.tsx';
import {
  CLUSTER_LAYER,
  HIGHLIGHT_LAYER,
  HIGHLIGHT_SOURCE,
  INCIDENT_SOURCE,
  POINT_LAYER,
  buildIncidentMapStyle,
} from './incident-map-style.ts';
import { addZoomButtons, type GeoJSONSource, type MapLibreMap, type MapMouseEvent } from './load-maplibre.ts';
import { mapControlLocale } from './map-control-locale.ts';
import { useMaplibre } from './use-maplibre.ts';
import './map.css';

export interface IncidentMapProps {
  readonly incidents: readonly IncidentListItem[];
  readonly selected?: string | undefined;
  readonly onSelect: (digest: string) => void;
  readonly ariaLabel?: string;
}

const FIT_PADDING = 32;
/** Fitting never zooms closer than this: a single incident's reported position is rarely street-exact. */
const FIT_MAX_ZOOM = 9;

export default function IncidentMap({ incidents, selected, onSelect, ariaLabel }: IncidentMapProps) {
  const i18n = useI18n();
  const { t, dir } = i18n;
  const label = ariaLabel ?? t('map.incidents.label');
  const listTitleId = useId();
  const [focused, setFocused] = useState<string | undefined>(undefined);
  const latest = useRef({ incidents, onSelect });
  useEffect(() => {
    latest.current = { incidents, onSelect };
  });

  const bounds = useMemo(() => incidentBounds(incidents), [incidents]);
  const fitted = useRef<string>(bounds.join());
  const { containerRef, map, status } = useMaplibre(
    () => ({
      style: buildIncidentMapStyle(),
      bounds: toLngLatBounds(bounds),
      fitBoundsOptions: { padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM },
      attributionControl: { compact: true, customAttribution: t('map.attribution') },
      locale: mapControlLocale(t, label),
      dragRotate: false,
      pitchWithRotate: false,
      renderWorldCopies: false,
    }),
    (created) => {
      created.touchZoomRotate.disableRotation();
      addZoomButtons(created, dir === 'rtl' ? 'top-left' : 'top-right');
      const select = (event: MapMouseEvent & { features?: { properties: Record<string, unknown> }[] }) => {
        const digest = event.features?.[0]?.properties.digest;
        if (typeof digest === 'string') latest.current.onSelect(digest);
      };
      created.on('click', POINT_LAYER, select);
      created.on('click', HIGHLIGHT_LAYER, select);
      created.on('click', CLUSTER_LAYER, (event) => void zoomIntoCluster(created, event));
      for (const layer of [POINT_LAYER, HIGHLIGHT_LAYER, CLUSTER_LAYER]) {
        created.on('mouseenter', layer, () => (created.getCanvas().style.cursor = 'pointer'));
        created.on('mouseleave', layer, () => (created.getCanvas().style.cursor = ''));
      }
    },
  );

  useEffect(() => {
    void map?.getSource<GeoJSONSource>(INCIDENT_SOURCE)?.setData(toIncidentFeatures(incidents));
  }, [map, incidents]);

  useEffect(() => {
    const highlighted = [
      ...incidents
        .filter((i) => i.digest === focused && i.digest !== selected)
        .map((i) => ({ i, role: 'focused' })),
      ...incidents.filter((i) => i.digest === selected).map((i) => ({ i, role: 'selected' })),
    ].map(({ i, role }) => {
      const feature = toIncidentFeature(i);
      return { ...feature, properties: { ...feature.properties, role } };
    });
    void map
      ?.getSource<GeoJSONSource>(HIGHLIGHT_SOURCE)
      ?.setData({ type: 'FeatureCollection', features: highlighted });
  }, [map, incidents, selected, focused]);

  // Refit only when the incidents' box changes (a new filter), not on every render or selection.
  useEffect(() => {
    if (map === undefined || fitted.current === bounds.join()) return;
    fitted.current = bounds.join();
    map.fitBounds(toLngLatBounds(bounds), { padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM });
  }, [map, bounds]);

  const showIncident = (incident: IncidentListItem) => {
    setFocused(incident.digest);
    const { lon, lat } = incident.location;
    if (map !== undefined && !map.getBounds().contains([lon, lat])) map.easeTo({ center: [lon, lat] });
  };

  const rovingIndex = Math.max(
    incidents.findIndex((i) => i.digest === (focused ?? selected)),
    0,
  );
  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: buttons.length - 1 }[
      event.key
    ];
    if (next === undefined || buttons.length === 0) return;
    event.preventDefault();
    buttons[Math.min(Math.max(next, 0), buttons.length - 1)]?.focus();
  };

  return (
    <div className="jmm-map" role="region" aria-label={label} aria-busy={status === 'loading'}>
      <div className="jmm-map__stage">
        <div ref={containerRef} className="jmm-map__canvas" />
        {status === 'loading' && <p className="jmm-map__notice">{t('map.loading')}</p>}
        {status === 'unavailable' && (
          <p className="jmm-map__notice jmm-map__notice--problem" role="status">
            {t('map.unavailable')}
          </p>
        )}
        <div
          className={status === 'unavailable' ? 'jmm-map__list jmm-map__list--shown' : 'jmm-map__list'}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) setFocused(undefined);
          }}
        >
          <p id={listTitleId} className="jmm-map__list-title">
            {t('map.incidents.list_title', { count: incidents.length })}
            <span className="jmm-map__list-hint"> {t('map.incidents.list_hint')}</span>
          </p>
          <ul aria-labelledby={listTitleId} onKeyDown={onListKeyDown}>
            {incidents.map((incident, index) => (
              <li key={incident.digest}>
                <button
                  type="button"
                  tabIndex={index === rovingIndex ? 0 : -1}
                  aria-current={incident.digest === selected ? 'true' : undefined}
                  onFocus={() => showIncident(incident)}
                  onClick={() => onSelect(incident.digest)}
                >
                  {describeIncident(incident, i18n)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <IncidentMapLegend />
    </div>
  );
}

function toLngLatBounds(bounds: Bounds): [[number, number], [number, number]] {
  return [
    [bounds[0], bounds[1]],
    [bounds[2], bounds[3]],
  ];
}

async function zoomIntoCluster(
  map: MapLibreMap,
  event: MapMouseEvent & { features?: unknown[] },
): Promise<void> {
  const feature = event.features?.[0] as
    { properties: { cluster_id?: unknown }; geometry: { type: string; coordinates?: unknown } } | undefined;
  const clusterId = feature?.properties.cluster_id;
  const source = map.getSource<GeoJSONSource>(INCIDENT_SOURCE);
  if (typeof clusterId !== 'number' || source === undefined || feature?.geometry.type !== 'Point') return;
  const zoom = await source.getClusterExpansionZoom(clusterId);
  map.easeTo({ center: feature.geometry.coordinates as [number, number], zoom });
}
