import { readFileSync } from 'node:fs';
import { CATEGORY_COLOURS, CATEGORY_LABELS } from './metric-labels.ts';
import { ReportError } from './report-error.ts';
import type { ReportMap } from './report-model.ts';

interface Outlines {
  readonly provinces: readonly {
    readonly code: string;
    readonly name: string;
    readonly rings: [number, number][][];
  }[];
}

let outlines: Outlines | undefined;

function loadOutlines(): Outlines {
  if (outlines !== undefined) return outlines;
  const url = new URL('../assets/geo/pak-afg-admin1-outlines.json', import.meta.url);
  try {
    outlines = JSON.parse(readFileSync(url, 'utf8')) as Outlines;
  } catch (cause) {
    throw new ReportError('missing_asset', `cannot read the province outlines at ${url.pathname}`, { cause });
  }
  return outlines;
}

export const MAP_WIDTH = 520;
/** The region shown: Pakistan and Afghanistan with a margin (degrees). */
const WEST = 60;
const EAST = 78;
const SOUTH = 23;
const NORTH = 39;
/** Equirectangular at the region's middle latitude: shapes look right and the code stays a line long. */
const X_SCALE = MAP_WIDTH / (EAST - WEST);
const Y_SCALE = X_SCALE / Math.cos((31 * Math.PI) / 180);
export const MAP_HEIGHT = Math.round((NORTH - SOUTH) * Y_SCALE);
const LEGEND_HEIGHT = 18;

function project(lon: number, lat: number): [number, number] {
  return [Number(((lon - WEST) * X_SCALE).toFixed(1)), Number(((NORTH - lat) * Y_SCALE).toFixed(1))];
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The incident map as SVG: province outlines (assets/geo, from the web app's boundaries) and one dot per
 * incident, coloured by category as on the web map, with a legend of the categories shown. Used as is by the
 * HTML and drawn into the PDF, so both show the same map.
 */
export function renderIncidentMapSvg(map: ReportMap): string {
  const paths = loadOutlines()
    .provinces.map((province) => {
      const d = province.rings
        .map((ring) => `M${ring.map(([lon, lat]) => project(lon, lat).join(' ')).join('L')}Z`)
        .join('');
      return `<path d="${d}" fill="#f2f0ea" stroke="#8a8a8a" stroke-width="0.6" fill-rule="evenodd"/>`;
    })
    .join('');
  const dots = map.incidents
    .map((incident) => {
      const [x, y] = project(incident.lon, incident.lat);
      return `<circle cx="${x}" cy="${y}" r="4" fill="${CATEGORY_COLOURS[incident.category]}" fill-opacity="0.8" stroke="#ffffff" stroke-width="0.8"/>`;
    })
    .join('');
  const categories = [...new Set(map.incidents.map((incident) => incident.category))].sort();
  let x = 4;
  const legend = categories
    .map((category) => {
      const label = CATEGORY_LABELS[category];
      const item = `<circle cx="${x + 5}" cy="${MAP_HEIGHT + 9}" r="4" fill="${CATEGORY_COLOURS[category]}"/><text x="${x + 12}" y="${MAP_HEIGHT + 13}" font-size="10" font-family="Noto Sans, sans-serif" fill="#222222">${escapeXml(label)}</text>`;
      x += 20 + label.length * 5.5;
      return item;
    })
    .join('');
  const height = MAP_HEIGHT + LEGEND_HEIGHT;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${MAP_WIDTH}" height="${height}" viewBox="0 0 ${MAP_WIDTH} ${height}" role="img" aria-label="${escapeXml(map.caption)}"><rect width="${MAP_WIDTH}" height="${MAP_HEIGHT}" fill="#dfeaf2"/>${paths}${dots}${legend}</svg>`;
}
