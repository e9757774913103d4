import type { IncidentView } from './export-views.types.ts';

/**
 * Incidents as an RFC 7946 GeoJSON FeatureCollection: one Point per incident at its location, longitude first
 * (§3.1.1), WGS84 (§4). The properties are the incident view without its coordinates, so a public export is
 * exactly as coarse as the public API; `id` is the statement digest.
 */
export function formatIncidentsGeoJson(incidents: readonly IncidentView[]) {
  return {
    type: 'FeatureCollection' as const,
    features: incidents.map((incident) => {
      const { location, ...rest } = incident;
      const { lat, lon, ...place } = location;
      return {
        type: 'Feature' as const,
        id: incident.digest,
        geometry: { type: 'Point' as const, coordinates: [lon, lat] as [number, number] },
        properties: { ...rest, location: place },
      };
    }),
  };
}
