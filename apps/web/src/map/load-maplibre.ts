// The one module that imports maplibre-gl: the map components import it, so the library, its worker and its
// stylesheet land in the lazily loaded map chunk and never in the app's first download.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

// Under Vite the worker is a separate file (STACK.md); the server serves `.mjs` as text/javascript.
maplibregl.setWorkerUrl(workerUrl);

export type {
  ExpressionSpecification,
  GeoJSONSource,
  LayerSpecification,
  LngLatBoundsLike,
  Map as MapLibreMap,
  MapLayerMouseEvent,
  MapMouseEvent,
  MapOptions,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';

export type MapCreation =
  { readonly ok: true; readonly map: maplibregl.Map } | { readonly ok: false; readonly cause: unknown };

/**
 * Creates a map, or reports that none can be made: the constructor throws `GPUInitializationError` when the
 * browser has no WebGL (disabled, blocklisted GPU, some remote desktops), and the caller shows a message instead
 * of an empty box.
 */
export function createMap(options: maplibregl.MapOptions): MapCreation {
  try {
    return { ok: true, map: new maplibregl.Map(options) };
  } catch (cause) {
    return { ok: false, cause };
  }
}

export function addZoomButtons(map: maplibregl.Map, position: 'top-left' | 'top-right'): void {
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), position);
}
