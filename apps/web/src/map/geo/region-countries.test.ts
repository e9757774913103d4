import { describe, expect, it } from 'vitest';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-50m.json';
import { extractRegionCountries } from './extract-region-countries.ts';
import { REGION_COUNTRY_OUTLINES } from './region-countries.ts';

describe('region-countries.json', () => {
  const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;

  it('is what generate-region-countries.ts makes from the installed world-atlas', () => {
    expect(REGION_COUNTRY_OUTLINES).toEqual(extractRegionCountries(topology));
  });

  it('holds the two states and their six neighbours', () => {
    expect(REGION_COUNTRY_OUTLINES.features.map((f) => f.properties.iso)).toEqual([
      'AF',
      'CN',
      'IN',
      'IR',
      'PK',
      'TJ',
      'TM',
      'UZ',
    ]);
  });
});
