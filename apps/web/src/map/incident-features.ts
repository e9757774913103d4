import type { IncidentListItem } from '@jmm/client';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { BORDER_REGION_BOUNDS } from './base-map-style.ts';

export interface IncidentFeatureProperties {
  readonly digest: string;
  readonly kind: IncidentListItem['kind'];
  readonly status: IncidentListItem['status'];
}

export type IncidentFeatureCollection = FeatureCollection<Point, IncidentFeatureProperties>;

/** West, south, east, north in WGS84 degrees. */
export type Bounds = readonly [number, number, number, number];

export function toIncidentFeature(incident: IncidentListItem): Feature<Point, IncidentFeatureProperties> {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [incident.location.lon, incident.location.lat] },
    properties: { digest: incident.digest, kind: incident.kind, status: incident.status },
  };
}

export function toIncidentFeatures(incidents: readonly IncidentListItem[]): IncidentFeatureCollection {
  return { type: 'FeatureCollection', features: incidents.map(toIncidentFeature) };
}

/** Half the side of the box fitted around a single incident, in degrees (about 50 km): a useful zoom, not street level. */
const SINGLE_POINT_MARGIN = 0.5;

/** The box around the incidents, or the Pakistan–Afghanistan border region when there are none. */
export function incidentBounds(incidents: readonly IncidentListItem[]): Bounds {
  if (incidents.length === 0) return BORDER_REGION_BOUNDS;
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { location } of incidents) {
    west = Math.min(west, location.lon);
    east = Math.max(east, location.lon);
    south = Math.min(south, location.lat);
    north = Math.max(north, location.lat);
  }
  const lonMargin = east - west < 2 * SINGLE_POINT_MARGIN ? SINGLE_POINT_MARGIN : 0;
  const latMargin = north - south < 2 * SINGLE_POINT_MARGIN ? SINGLE_POINT_MARGIN : 0;
  return [
    Math.max(west - lonMargin, -180),
    Math.max(south - latMargin, -85),
    Math.min(east + lonMargin, 180),
    Math.min(north + latMargin, 85),
  ];
}
