import type { IncidentListItem } from '@jmm/client';
import { buildBaseStyle } from './base-map-style.ts';
import type { IncidentFeatureCollection } from './incident-features.ts';
import type { ExpressionSpecification, StyleSpecification } from './load-maplibre.ts';

/** Incident colours, shared by the circle layers and the legend under the map. */
export const INCIDENT_COLOURS = {
  allegation: '#b3261e',
  observation: '#1f5fa8',
  withdrawn: '#7a7a7a',
  cluster: '#3d3a35',
  selected: '#111111',
  focused: '#e8a200',
} as const;

/** Statuses whose incident no longer needs anyone's action: drawn fainter so open ones stand out. */
export const SETTLED_STATUSES = [
  'finding_final',
  'released',
  'withdrawn',
] as const satisfies readonly IncidentListItem['status'][];

export const INCIDENT_SOURCE = 'incidents';
/** The selected and keyboard-focused incidents, unclustered so they show even inside a cluster. */
export const HIGHLIGHT_SOURCE = 'incident-highlight';
export const CLUSTER_LAYER = 'incident-clusters';
export const POINT_LAYER = 'incident-points';
export const HIGHLIGHT_LAYER = 'incident-highlight';

const EMPTY: IncidentFeatureCollection = { type: 'FeatureCollection', features: [] };

const incidentColour: ExpressionSpecification = [
  'case',
  ['==', ['get', 'status'], 'withdrawn'],
  INCIDENT_COLOURS.withdrawn,
  ['==', ['get', 'kind'], 'allegation'],
  INCIDENT_COLOURS.allegation,
  INCIDENT_COLOURS.observation,
];

/**
 * Base map plus incidents: circles coloured by kind (grey when withdrawn, fainter when settled), clustered by
 * MapLibre when they crowd (a cluster's size grows with its count; no number is drawn, since no glyphs are
 * served), and a ring on the selected incident (dark) and the one focused in the keyboard list (amber).
 */
export function buildIncidentMapStyle(): StyleSpecification {
  return buildBaseStyle(
    {
      [INCIDENT_SOURCE]: {
        type: 'geojson',
        data: EMPTY,
        cluster: true,
        clusterRadius: 36,
        clusterMaxZoom: 9,
      },
      [HIGHLIGHT_SOURCE]: { type: 'geojson', data: EMPTY },
    },
    [
      {
        id: CLUSTER_LAYER,
        type: 'circle',
        source: INCIDENT_SOURCE,
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': INCIDENT_COLOURS.cluster,
          'circle-opacity': 0.85,
          'circle-radius': ['step', ['get', 'point_count'], 11, 10, 15, 50, 20, 200, 26],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
      {
        id: POINT_LAYER,
        type: 'circle',
        source: INCIDENT_SOURCE,
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': incidentColour,
          'circle-opacity': ['case', ['in', ['get', 'status'], ['literal', SETTLED_STATUSES]], 0.5, 0.9],
          'circle-radius': 6,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: HIGHLIGHT_LAYER,
        type: 'circle',
        source: HIGHLIGHT_SOURCE,
        paint: {
          'circle-color': incidentColour,
          'circle-radius': 8,
          'circle-stroke-color': [
            'case',
            ['==', ['get', 'role'], 'selected'],
            INCIDENT_COLOURS.selected,
            INCIDENT_COLOURS.focused,
          ],
          'circle-stroke-width': 3,
        },
      },
    ],
  );
}
