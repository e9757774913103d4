import type { Position } from 'geojson';
import { ADMIN1_PROVINCES, type ProvinceCollection, type ProvinceFeature } from './admin1-provinces.ts';

type Ring = readonly Position[];
/** A polygon as GeoJSON gives it: the outer ring first, then its holes (RFC 7946 §3.1.6). */
type PolygonRings = readonly Ring[];

/**
 * The ISO 3166-2 code of the first-level unit containing the point (WGS84 degrees), or undefined outside every
 * unit (at sea, or in a neighbouring country). A point exactly on a shared boundary belongs to whichever unit the
 * even–odd test gives it; the boundaries are illustrative (README.md), so that is good enough for a suggestion.
 */
export function findProvince(lon: number, lat: number): string | undefined {
  return findProvinceIn(ADMIN1_PROVINCES, lon, lat);
}

export function findProvinceIn(provinces: ProvinceCollection, lon: number, lat: number): string | undefined {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
  for (const feature of provinces.features) {
    if (featureContains(feature, lon, lat)) return feature.properties.code;
  }
  return undefined;
}

function featureContains(feature: ProvinceFeature, lon: number, lat: number): boolean {
  const { geometry } = feature;
  switch (geometry.type) {
    case 'Polygon':
      return polygonContains(geometry.coordinates, lon, lat);
    case 'MultiPolygon':
      return geometry.coordinates.some((polygon) => polygonContains(polygon, lon, lat));
  }
}

/** Inside the outer ring and inside none of the holes. */
export function polygonContains(rings: PolygonRings, lon: number, lat: number): boolean {
  const [outer, ...holes] = rings;
  if (outer === undefined || !ringContains(outer, lon, lat)) return false;
  return !holes.some((hole) => ringContains(hole, lon, lat));
}

/** Even–odd ray casting towards +lon; fine at this scale, where no ring crosses the antimeridian. */
function ringContains(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
