import type { LayerSpecification, SourceSpecification, StyleSpecification } from './load-maplibre.ts';
import { ADMIN1_PROVINCES } from './geo/admin1-provinces.ts';
import { REGION_COUNTRY_OUTLINES } from './geo/region-countries.ts';

/** Map colours, shared by the style and the HTML legend so that the two cannot disagree. */
export const MAP_COLOURS = {
  sea: '#cfdde8',
  mechanismState: '#f7f4ec',
  neighbour: '#e3e0d8',
  countryOutline: '#6f6a60',
  provinceOutline: '#a39b8b',
} as const;

/**
 * The base map: region countries and the two states' provinces, all bundled GeoJSON. No `glyphs` and no `sprite`:
 * nothing is fetched from a tile or font server, so the map needs no text or symbol layers (and has none).
 */
export function buildBaseStyle(
  extraSources: Record<string, SourceSpecification>,
  extraLayers: readonly LayerSpecification[],
): StyleSpecification {
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: REGION_COUNTRY_OUTLINES },
      provinces: { type: 'geojson', data: ADMIN1_PROVINCES },
      ...extraSources,
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': MAP_COLOURS.sea } },
      {
        id: 'country-fill',
        type: 'fill',
        source: 'countries',
        paint: {
          'fill-color': [
            'match',
            ['get', 'iso'],
            ['PK', 'AF'],
            MAP_COLOURS.mechanismState,
            MAP_COLOURS.neighbour,
          ],
        },
      },
      {
        id: 'province-outline',
        type: 'line',
        source: 'provinces',
        paint: { 'line-color': MAP_COLOURS.provinceOutline, 'line-width': 0.6 },
      },
      {
        id: 'country-outline',
        type: 'line',
        source: 'countries',
        paint: { 'line-color': MAP_COLOURS.countryOutline, 'line-width': 1.2 },
      },
      ...extraLayers,
    ],
  };
}

/** Where the maps open when there is nothing to fit: the Pakistan–Afghanistan border region (west, south, east, north). */
export const BORDER_REGION_BOUNDS: readonly [number, number, number, number] = [60.5, 28.5, 75.5, 37.5];
