import type { IncidentListItem } from '@jmm/client';
import { describe, expect, it } from 'vitest';
import { BORDER_REGION_BOUNDS } from './base-map-style.ts';
import { incidentBounds, toIncidentFeatures } from './incident-features.ts';
import { makeIncident } from './test-incidents.ts';

describe('toIncidentFeatures', () => {
  it('makes one GeoJSON point per incident, at [lon, lat], with digest, kind and status', () => {
    const incident = makeIncident({ digest: 'd1', lat: 34.01, lon: 71.52, kind: 'observation' });
    expect(toIncidentFeatures([incident]).features).toEqual([
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [71.52, 34.01] },
        properties: { digest: 'd1', kind: 'observation', status: 'reported' },
      },
    ]);
  });
});

describe('incidentBounds', () => {
  it('opens on the border region when there are no incidents', () => {
    expect(incidentBounds([])).toBe(BORDER_REGION_BOUNDS);
  });

  it('boxes the incidents', () => {
    const incidents: IncidentListItem[] = [
      makeIncident({ digest: 'a', lat: 30, lon: 66 }),
      makeIncident({ digest: 'b', lat: 35, lon: 71 }),
    ];
    expect(incidentBounds(incidents)).toEqual([66, 30, 71, 35]);
  });

  it('puts a margin around a single incident', () => {
    expect(incidentBounds([makeIncident({ digest: 'a', lat: 34, lon: 71 })])).toEqual([
      70.5, 33.5, 71.5, 34.5,
    ]);
  });
});
