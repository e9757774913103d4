// Writes region-countries.json from world-atlas (run from the repository root after upgrading world-atlas):
//   npx tsx apps/web/src/map/geo/generate-region-countries.ts && npx prettier --write apps/web/src/map/geo
// region-countries.test.ts fails when the committed file and this output differ.
import { writeFileSync } from 'node:fs';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-50m.json';
import { extractRegionCountries } from './extract-region-countries.ts';

const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
writeFileSync(
  new URL('./region-countries.json', import.meta.url),
  JSON.stringify(extractRegionCountries(topology)) + '\n',
);
