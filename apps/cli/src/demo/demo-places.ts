import { readFile } from 'node:fs/promises';
import { encodeHex, sha256 } from '@jmm/core';
import type { DemoRandom } from './demo-random.ts';

/** The party on whose side of the border a place lies (the demo's party org ids). */
export type DemoSide = 'pk' | 'af';

/**
 * A real district near the border, with a hand-checked point inside it (demo-places.test checks each point
 * against its province polygon) and the border sector it belongs to. Sectors are the demo mechanism's own
 * geographic division: each pairs districts facing each other across the border.
 */
export interface DemoDistrict {
  readonly name: string;
  /** `name_en` of the province in pak-afg-admin1.geojson. */
  readonly province: string;
  readonly side: DemoSide;
  readonly sector: string;
  readonly lat: number;
  readonly lon: number;
}

export const DEMO_SECTORS = [
  'Chitral–Kunar sector',
  'Khyber–Nangarhar sector',
  'Kurram–Paktia sector',
  'Waziristan–Khost sector',
  'Zhob–Paktika sector',
  'Chaman–Kandahar sector',
  'Chagai–Helmand sector',
] as const;
export type DemoSector = (typeof DEMO_SECTORS)[number];

const d = (
  name: string,
  province: string,
  side: DemoSide,
  sector: DemoSector,
  lat: number,
  lon: number,
): DemoDistrict => ({ name, province, side, sector, lat, lon });

export const DEMO_DISTRICTS: readonly DemoDistrict[] = [
  d('Chitral', 'Khyber Pakhtunkhwa', 'pk', 'Chitral–Kunar sector', 35.85, 71.78),
  d('Bajaur', 'Khyber Pakhtunkhwa', 'pk', 'Chitral–Kunar sector', 34.78, 71.52),
  d('Mohmand', 'Khyber Pakhtunkhwa', 'pk', 'Khyber–Nangarhar sector', 34.5, 71.35),
  d('Khyber', 'Khyber Pakhtunkhwa', 'pk', 'Khyber–Nangarhar sector', 34.1, 71.15),
  d('Kurram', 'Khyber Pakhtunkhwa', 'pk', 'Kurram–Paktia sector', 33.88, 70.1),
  d('North Waziristan', 'Khyber Pakhtunkhwa', 'pk', 'Waziristan–Khost sector', 32.98, 70.08),
  d('South Waziristan', 'Khyber Pakhtunkhwa', 'pk', 'Zhob–Paktika sector', 32.3, 69.7),
  d('Zhob', 'Balochistan', 'pk', 'Zhob–Paktika sector', 31.35, 69.45),
  d('Killa Saifullah', 'Balochistan', 'pk', 'Zhob–Paktika sector', 30.7, 68.36),
  d('Pishin', 'Balochistan', 'pk', 'Chaman–Kandahar sector', 30.58, 67.0),
  d('Chaman', 'Balochistan', 'pk', 'Chaman–Kandahar sector', 30.92, 66.45),
  d('Nushki', 'Balochistan', 'pk', 'Chagai–Helmand sector', 29.55, 66.02),
  d('Chagai', 'Balochistan', 'pk', 'Chagai–Helmand sector', 29.0, 64.5),
  d('Asadabad', 'Kunar', 'af', 'Chitral–Kunar sector', 34.87, 71.15),
  d('Dangam', 'Kunar', 'af', 'Chitral–Kunar sector', 34.98, 71.42),
  d('Marawara', 'Kunar', 'af', 'Chitral–Kunar sector', 34.93, 71.3),
  d('Momand Dara', 'Nangarhar', 'af', 'Khyber–Nangarhar sector', 34.22, 71.0),
  d('Achin', 'Nangarhar', 'af', 'Khyber–Nangarhar sector', 34.1, 70.68),
  d('Nazyan', 'Nangarhar', 'af', 'Khyber–Nangarhar sector', 34.07, 70.8),
  d('Dand Patan', 'Paktia', 'af', 'Kurram–Paktia sector', 33.72, 69.9),
  d('Chamkani', 'Paktia', 'af', 'Kurram–Paktia sector', 33.8, 69.82),
  d('Tani', 'Khost', 'af', 'Waziristan–Khost sector', 33.22, 69.93),
  d('Gurbuz', 'Khost', 'af', 'Waziristan–Khost sector', 33.3, 70.1),
  d('Spera', 'Khost', 'af', 'Waziristan–Khost sector', 33.15, 69.62),
  d('Barmal', 'Paktika', 'af', 'Zhob–Paktika sector', 32.7, 69.35),
  d('Gomal', 'Paktika', 'af', 'Zhob–Paktika sector', 32.45, 68.95),
  d('Shamulzayi', 'Zabul', 'af', 'Chaman–Kandahar sector', 31.75, 67.6),
  d('Spin Boldak', 'Kandahar', 'af', 'Chaman–Kandahar sector', 31.0, 66.4),
  d('Shorabak', 'Kandahar', 'af', 'Chaman–Kandahar sector', 30.65, 66.1),
  d('Dishu', 'Helmand', 'af', 'Chagai–Helmand sector', 29.9, 64.3),
  d('Baramcha', 'Helmand', 'af', 'Chagai–Helmand sector', 29.45, 64.1),
  d('Chahar Burjak', 'Nimruz', 'af', 'Chagai–Helmand sector', 29.9, 62.4),
];

type Ring = readonly (readonly [number, number])[];
type Polygon = readonly Ring[];

/** The provinces of the reference geodata, as polygons (outer ring then holes, GeoJSON order). */
export interface DemoGeodata {
  /** `sha256:<hex>` of the file's bytes: the demo mechanism's reference geodata digest. */
  readonly digest: string;
  readonly provinces: ReadonlyMap<string, readonly Polygon[]>;
}

export const DEMO_GEODATA_URL = new URL('./geo/pak-afg-admin1.geojson', import.meta.url);

function isPosition(value: unknown): value is [number, number] {
  return Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number';
}

function toPolygon(value: unknown): Polygon {
  if (!Array.isArray(value)) throw new TypeError('a GeoJSON polygon is an array of rings');
  return value.map((ring: unknown) => {
    if (!Array.isArray(ring) || !ring.every(isPosition))
      throw new TypeError('a ring is an array of positions');
    return ring;
  });
}

/** Reads the shipped reference geodata (pak-afg-admin1.geojson, see geo/README.md). */
export async function loadDemoGeodata(url: URL = DEMO_GEODATA_URL): Promise<DemoGeodata> {
  const bytes = new Uint8Array(await readFile(url));
  const collection = JSON.parse(new TextDecoder().decode(bytes)) as {
    features?: { properties?: { name_en?: unknown }; geometry?: { type?: unknown; coordinates?: unknown } }[];
  };
  const provinces = new Map<string, Polygon[]>();
  for (const feature of collection.features ?? []) {
    const name = feature.properties?.name_en;
    const geometry = feature.geometry;
    if (typeof name !== 'string' || geometry === undefined) continue;
    const polygons =
      geometry.type === 'Polygon'
        ? [toPolygon(geometry.coordinates)]
        : geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)
          ? geometry.coordinates.map(toPolygon)
          : [];
    provinces.set(name, polygons);
  }
  return { digest: `sha256:${encodeHex(sha256(bytes))}`, provinces };
}

/** Even–odd ray casting; GeoJSON positions are [lon, lat]. */
function ringContains(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether (lat, lon) lies inside the province named `province` (outer ring, not in a hole). */
export function provinceContains(geodata: DemoGeodata, province: string, lat: number, lon: number): boolean {
  const polygons = geodata.provinces.get(province) ?? [];
  return polygons.some(
    ([outer, ...holes]) =>
      outer !== undefined &&
      ringContains(outer, lon, lat) &&
      !holes.some((hole) => ringContains(hole, lon, lat)),
  );
}

/** A location as statements carry it (incident.report `location`). */
export interface DemoLocation {
  readonly lat: number;
  readonly lon: number;
  readonly precision_m: number;
  readonly admin1: string;
  readonly admin2: string;
  readonly sector: string;
}

/** How far from a district's point a place may be drawn, in degrees (about 15 km). */
const JITTER_DEGREES = 0.14;

/**
 * A random point near `district`, inside its province's polygon, coarsened to 0.01° (about 1 km): public
 * outputs never carry a finer location than the precision they state (DESIGN.md §1.7).
 */
export function pickDemoLocation(
  random: DemoRandom,
  geodata: DemoGeodata,
  district: DemoDistrict,
): DemoLocation {
  for (let attempt = 0; attempt < 20; attempt++) {
    const lat = round2(district.lat + random.between(-JITTER_DEGREES, JITTER_DEGREES));
    const lon = round2(district.lon + random.between(-JITTER_DEGREES, JITTER_DEGREES));
    if (provinceContains(geodata, district.province, lat, lon)) return located(district, lat, lon);
  }
  return located(district, district.lat, district.lon);
}

function located(district: DemoDistrict, lat: number, lon: number): DemoLocation {
  return {
    lat,
    lon,
    precision_m: 1000,
    admin1: district.province,
    admin2: district.name,
    sector: district.sector,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The districts of one side, optionally within one sector. */
export function listDemoDistricts(side: DemoSide, sector?: string): DemoDistrict[] {
  return DEMO_DISTRICTS.filter(
    (district) => district.side === side && (sector === undefined || district.sector === sector),
  );
}
