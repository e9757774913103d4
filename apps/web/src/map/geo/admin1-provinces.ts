import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
// Bundled as text and parsed once: Vite's JSON plugin does not take `.geojson`, and JSON.parse of one string is
// faster than evaluating the same data as an object literal.
import source from './pak-afg-admin1.geojson?raw';

export interface ProvinceProperties {
  readonly code: string;
  readonly country: 'PK' | 'AF';
  readonly name_en: string;
  readonly name_ur: string;
  readonly name_fa: string;
}

export type ProvinceFeature = Feature<Polygon | MultiPolygon, ProvinceProperties>;
export type ProvinceCollection = FeatureCollection<Polygon | MultiPolygon, ProvinceProperties>;

/** First-level units of Pakistan and Afghanistan (README.md in this folder: source, changes, licence). */
export const ADMIN1_PROVINCES: ProvinceCollection = JSON.parse(source) as ProvinceCollection;
