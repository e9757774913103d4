import type { RegionCountryCollection } from './extract-region-countries.ts';
import data from './region-countries.json';

/** Country outlines of the region, generated from world-atlas by `generate-region-countries.ts`. */
export const REGION_COUNTRY_OUTLINES = data as unknown as RegionCountryCollection;
