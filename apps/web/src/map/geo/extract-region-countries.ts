import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** ISO 3166-1 numeric codes, as world-atlas names its countries: the mechanism's two states and their neighbours. */
export const REGION_COUNTRIES = {
  '586': 'PK',
  '004': 'AF',
  '364': 'IR',
  '356': 'IN',
  '156': 'CN',
  '762': 'TJ',
  '795': 'TM',
  '860': 'UZ',
} as const;

export type RegionCountryCode = (typeof REGION_COUNTRIES)[keyof typeof REGION_COUNTRIES];

export interface RegionCountryProperties {
  /** ISO 3166-1 alpha-2; the map styles the mechanism's two states (PK, AF) apart from their neighbours. */
  readonly iso: RegionCountryCode;
}

export type RegionCountryCollection = FeatureCollection<Polygon | MultiPolygon, RegionCountryProperties>;

/**
 * The region's country outlines from world-atlas's `countries-50m` TopoJSON, as GeoJSON with coordinates rounded
 * to 4 decimals (about 11 m, like the admin-1 file). `generate-region-countries.ts` writes the result to
 * `region-countries.json`, so the browser downloads eight countries rather than the world.
 */
export function extractRegionCountries(
  world: Topology<{ countries: GeometryCollection<{ name: string }> }>,
): RegionCountryCollection {
  const features: RegionCountryCollection['features'] = [];
  for (const geometry of world.objects.countries.geometries) {
    const id = String(geometry.id);
    if (!Object.hasOwn(REGION_COUNTRIES, id)) continue;
    const iso = REGION_COUNTRIES[id as keyof typeof REGION_COUNTRIES];
    if (geometry.type === 'Polygon') {
      const converted = feature(world, geometry).geometry;
      features.push({
        type: 'Feature',
        properties: { iso },
        geometry: { type: 'Polygon', coordinates: converted.coordinates.map(roundRing) },
      });
    } else if (geometry.type === 'MultiPolygon') {
      const converted = feature(world, geometry).geometry;
      features.push({
        type: 'Feature',
        properties: { iso },
        geometry: {
          type: 'MultiPolygon',
          coordinates: converted.coordinates.map((polygon) => polygon.map(roundRing)),
        },
      });
    }
  }
  features.sort((a, b) => a.properties.iso.localeCompare(b.properties.iso));
  return { type: 'FeatureCollection', features };
}

function roundRing(ring: Position[]): Position[] {
  return ring.map(([lon = 0, lat = 0]) => [Math.round(lon * 1e4) / 1e4, Math.round(lat * 1e4) / 1e4]);
}
