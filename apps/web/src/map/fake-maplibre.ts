// A stand-in for MapLibre in the map components' jsdom tests (jsdom has no WebGL). It records what the
// components ask of the map and lets a test fire the events a user would cause.
import { vi } from 'vitest';
import type { MapCreation, MapLibreMap, MapOptions } from './load-maplibre.ts';

type Handler = (event: unknown) => void;

export class FakeMap {
  readonly options: MapOptions;
  readonly handlers: { type: string; layer: string | undefined; handler: Handler }[] = [];
  readonly sources = new Map<string, { setData: ReturnType<typeof vi.fn> }>();
  readonly fitBounds = vi.fn();
  readonly easeTo = vi.fn();
  readonly remove = vi.fn();
  readonly touchZoomRotate = { disableRotation: vi.fn() };
  private readonly canvas = { style: { cursor: '' } };

  constructor(options: MapOptions) {
    this.options = options;
  }

  on(type: string, layerOrHandler: string | Handler, handler?: Handler): this {
    if (typeof layerOrHandler === 'string')
      this.handlers.push({ type, layer: layerOrHandler, handler: handler! });
    else this.handlers.push({ type, layer: undefined, handler: layerOrHandler });
    return this;
  }

  once(type: string, handler: Handler): this {
    return this.on(type, handler);
  }

  getSource(id: string) {
    let source = this.sources.get(id);
    if (source === undefined) {
      source = { setData: vi.fn(() => Promise.resolve()) };
      this.sources.set(id, source);
    }
    return source;
  }

  getCanvas() {
    return this.canvas;
  }

  getBounds() {
    return { contains: () => true };
  }

  fire(type: string, layer: string | undefined, event: unknown = {}): void {
    for (const entry of this.handlers) if (entry.type === type && entry.layer === layer) entry.handler(event);
  }

  /** The data last given to a GeoJSON source. */
  dataOf(id: string): unknown {
    return this.sources.get(id)?.setData.mock.lastCall?.[0];
  }
}

export interface FakeMaplibre {
  maps: FakeMap[];
  webgl: boolean;
}

export function fakeLoadMaplibre(state: FakeMaplibre) {
  return {
    createMap: (options: MapOptions): MapCreation => {
      if (!state.webgl) return { ok: false, cause: new Error('Failed to initialize WebGL') };
      const map = new FakeMap(options);
      state.maps.push(map);
      return { ok: true, map: map as unknown as MapLibreMap };
    },
    addZoomButtons: vi.fn(),
  };
}
