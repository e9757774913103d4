import { describe, expect, it } from 'vitest';
import { BARE_OBSERVATION, FULL_ALLEGATION } from '../test/sample-views.ts';
import { formatIncidentsGeoJson } from './format-incidents-geojson.ts';

describe('formatIncidentsGeoJson', () => {
  it('gives one RFC 7946 Point feature per incident, longitude first, with the view as properties', () => {
    const collection = formatIncidentsGeoJson([FULL_ALLEGATION, BARE_OBSERVATION]);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f) => f.geometry.coordinates)).toEqual([
      [FULL_ALLEGATION.location.lon, FULL_ALLEGATION.location.lat],
      [BARE_OBSERVATION.location.lon, BARE_OBSERVATION.location.lat],
    ]);
    expect(collection.features[0]?.id).toBe(FULL_ALLEGATION.digest);
    expect(collection.features[0]?.properties.location).toEqual({
      precision_m: 250,
      admin1: 'Kunar',
      admin2: 'Asadabad',
      sector: 'north-7',
    });
    expect(collection.features[1]?.properties.member).toBeNull();
  });
});
