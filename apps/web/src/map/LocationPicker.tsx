/**
 * Where an incident happened: click the small map to place the point, or type latitude and longitude (the
 * accessible path, and the only one without WebGL). Both stay in sync, and the province under the point, found
 * in the bundled boundaries, is named below and passed on as `admin1`.
 */
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { BORDER_REGION_BOUNDS, buildBaseStyle } from './base-map-style.ts';
import { findProvince } from './geo/find-province.ts';
import { provinceName } from './geo/province-names.ts';
import { INCIDENT_COLOURS } from './incident-map-style.ts';
import { addZoomButtons, type GeoJSONSource } from './load-maplibre.ts';
import { mapControlLocale } from './map-control-locale.ts';
import { useMaplibre } from './use-maplibre.ts';
import './map.css';

export interface PickedLocation {
  readonly lat: number;
  readonly lon: number;
  readonly admin1: string | undefined;
}

export interface LocationPickerProps {
  readonly value: { readonly lat: number; readonly lon: number } | undefined;
  readonly onChange: (value: PickedLocation) => void;
  readonly label: string;
}

const POINT_SOURCE = 'picked-point';
/** Five decimals is about a metre: finer than any reported position, coarse enough to read. */
const DECIMALS = 1e5;
const OPENING_ZOOM_ON_VALUE = 7;

export default function LocationPicker({ value, onChange, label }: LocationPickerProps) {
  const { t, dir, language } = useI18n();
  const latId = useId();
  const lonId = useId();
  const [latText, setLatText] = useState(value === undefined ? '' : String(value.lat));
  const [lonText, setLonText] = useState(value === undefined ? '' : String(value.lon));

  const pick = (lat: number, lon: number) => {
    onChange({ lat, lon, admin1: findProvince(lon, lat) });
  };
  // The map's click handler is bound once, at creation; it calls the latest `onChange` through this ref.
  const pickRef = useRef(pick);
  useEffect(() => {
    pickRef.current = pick;
  });

  const { containerRef, map, status } = useMaplibre(
    () => ({
      style: buildBaseStyle({ [POINT_SOURCE]: { type: 'geojson', data: pointData(value) } }, [
        {
          id: POINT_SOURCE,
          type: 'circle',
          source: POINT_SOURCE,
          paint: {
            'circle-color': INCIDENT_COLOURS.allegation,
            'circle-radius': 7,
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
          },
        },
      ]),
      ...(value === undefined
        ? {
            bounds: [
              BORDER_REGION_BOUNDS[0],
              BORDER_REGION_BOUNDS[1],
              BORDER_REGION_BOUNDS[2],
              BORDER_REGION_BOUNDS[3],
            ],
          }
        : { center: [value.lon, value.lat], zoom: OPENING_ZOOM_ON_VALUE }),
      attributionControl: { compact: true, customAttribution: t('map.attribution') },
      locale: mapControlLocale(t, t('map.picker.map_label', { label })),
      dragRotate: false,
      pitchWithRotate: false,
      renderWorldCopies: false,
    }),
    (created) => {
      created.touchZoomRotate.disableRotation();
      addZoomButtons(created, dir === 'rtl' ? 'top-left' : 'top-right');
      created.getCanvas().style.cursor = 'crosshair';
      created.on('click', (event) => {
        const lat = Math.round(event.lngLat.lat * DECIMALS) / DECIMALS;
        const lon = Math.round(event.lngLat.wrap().lng * DECIMALS) / DECIMALS;
        setLatText(String(lat));
        setLonText(String(lon));
        pickRef.current(lat, lon);
      });
    },
  );

  // The value can change from outside (a draft restored, the form reset): show it in the inputs and on the map.
  useEffect(() => {
    if (value === undefined) return;
    setLatText((text) => (Number.parseFloat(text) === value.lat ? text : String(value.lat)));
    setLonText((text) => (Number.parseFloat(text) === value.lon ? text : String(value.lon)));
  }, [value]);
  useEffect(() => {
    void map?.getSource<GeoJSONSource>(POINT_SOURCE)?.setData(pointData(value));
  }, [map, value]);

  const latValid = isCoordinate(latText, 90);
  const lonValid = isCoordinate(lonText, 180);
  const onInput = (axis: 'lat' | 'lon') => (event: ChangeEvent<HTMLInputElement>) => {
    const nextLat = axis === 'lat' ? event.target.value : latText;
    const nextLon = axis === 'lon' ? event.target.value : lonText;
    if (axis === 'lat') setLatText(nextLat);
    else setLonText(nextLon);
    if (isCoordinate(nextLat, 90) && isCoordinate(nextLon, 180)) pick(Number(nextLat), Number(nextLon));
  };

  const place = useMemo(() => {
    if (value === undefined) return t('map.picker.none');
    const code = findProvince(value.lon, value.lat);
    const name = code === undefined ? undefined : provinceName(code, language);
    return name === undefined ? t('map.picker.outside') : t('map.picker.province', { name });
  }, [value, language, t]);

  return (
    <div className="jmm-picker" role="group" aria-label={label}>
      <div className="jmm-map__stage">
        <div ref={containerRef} className="jmm-map__canvas jmm-map__canvas--small" />
        {status === 'loading' && <p className="jmm-map__notice">{t('map.loading')}</p>}
      </div>
      {status === 'unavailable' && (
        <p className="jmm-map__notice jmm-map__notice--problem" role="status">
          {t('map.picker.unavailable')}
        </p>
      )}
      <div className="jmm-picker__inputs">
        <label htmlFor={latId}>
          {t('map.picker.latitude')}
          <input
            id={latId}
            type="number"
            inputMode="decimal"
            step="any"
            min={-90}
            max={90}
            value={latText}
            aria-invalid={latText !== '' && !latValid}
            onChange={onInput('lat')}
          />
        </label>
        <label htmlFor={lonId}>
          {t('map.picker.longitude')}
          <input
            id={lonId}
            type="number"
            inputMode="decimal"
            step="any"
            min={-180}
            max={180}
            value={lonText}
            aria-invalid={lonText !== '' && !lonValid}
            onChange={onInput('lon')}
          />
        </label>
      </div>
      <p className="jmm-picker__place" aria-live="polite">
        {place}
      </p>
    </div>
  );
}

function isCoordinate(text: string, limit: number): boolean {
  if (text.trim() === '') return false;
  const number = Number(text);
  return Number.isFinite(number) && Math.abs(number) <= limit;
}

function pointData(value: { readonly lat: number; readonly lon: number } | undefined) {
  return {
    type: 'FeatureCollection' as const,
    features:
      value === undefined
        ? []
        : [
            {
              type: 'Feature' as const,
              properties: {},
              geometry: { type: 'Point' as const, coordinates: [value.lon, value.lat] },
            },
          ],
  };
}
