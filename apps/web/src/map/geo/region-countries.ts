import type { RegionCountryCollection } from './extract-region-countries.ts';
// As text, parsed once: a JSON import would need the file listed in the composite project's tsconfig.
import source from './region-countries.json?raw';

/** Country outlines of the region, generated from world-atlas by `generate-region-countries.ts`. */
export const REGION_COUNTRY_OUTLINES = JSON.parse(source) as RegionCountryCollection;
