// Regenerates assets/geo/pak-afg-admin1-outlines.json from the web app's boundaries (apps/web/src/map/geo/,
// Natural Earth, public domain), simplified for print: coordinates rounded to 0.02° (about 2 km, far below
// what a page shows) and repeated points dropped. Run from the repository root:
//   npx tsx packages/report/scripts/generate-admin1-outlines.ts && npx prettier --write packages/report/assets/geo
import { readFileSync, writeFileSync } from 'node:fs';

type Ring = [number, number][];
interface Feature {
  properties: { code: string; name_en: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

const STEP = 0.02;
const source = new URL('../../../apps/web/src/map/geo/pak-afg-admin1.geojson', import.meta.url);
const target = new URL('../assets/geo/pak-afg-admin1-outlines.json', import.meta.url);

function simplifyRing(ring: Ring): Ring {
  const out: Ring = [];
  for (const [lon, lat] of ring) {
    const point: [number, number] = [
      Number((Math.round(lon / STEP) * STEP).toFixed(2)),
      Number((Math.round(lat / STEP) * STEP).toFixed(2)),
    ];
    const last = out.at(-1);
    if (last?.[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return out;
}

const collection = JSON.parse(readFileSync(source, 'utf8')) as { features: Feature[] };
const provinces = collection.features
  .map((feature) => {
    const polygons =
      feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    const rings = polygons
      .flat()
      .map(simplifyRing)
      .filter((ring) => ring.length >= 4);
    return { code: feature.properties.code, name: feature.properties.name_en, rings };
  })
  .sort((a, b) => (a.code < b.code ? -1 : 1));
writeFileSync(target, `${JSON.stringify({ provinces })}\n`);
console.log(`wrote ${provinces.length} provinces`);
