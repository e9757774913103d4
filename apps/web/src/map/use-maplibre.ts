import { useEffect, useRef, useState, type RefObject } from 'react';
import { createMap, type MapLibreMap, type MapOptions } from './load-maplibre.ts';

export type MapStatus = 'loading' | 'ready' | 'unavailable';

export interface MapHandle {
  readonly containerRef: RefObject<HTMLDivElement | null>;
  /** The map once its style has loaded (sources can be updated), else undefined. */
  readonly map: MapLibreMap | undefined;
  readonly status: MapStatus;
}

/**
 * Creates one MapLibre map for the component's lifetime and removes it (its WebGL context, workers and
 * listeners) on unmount. Options and setup are read once, at creation: later prop changes update sources on
 * the existing map instead of recreating it.
 */
export function useMaplibre(
  options: () => Omit<MapOptions, 'container'>,
  setup: (map: MapLibreMap) => void,
): MapHandle {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | undefined>(undefined);
  const [status, setStatus] = useState<MapStatus>('loading');
  const creation = useRef({ options, setup });

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    const created = createMap({ ...creation.current.options(), container });
    if (!created.ok) {
      setStatus('unavailable');
      return;
    }
    const instance = created.map;
    creation.current.setup(instance);
    instance.once('load', () => {
      setMap(instance);
      setStatus('ready');
    });
    // A lost context (GPU reset, too many maps open) leaves a blank canvas: say so until MapLibre restores it.
    instance.on('webglcontextlost', () => setStatus('unavailable'));
    instance.on('webglcontextrestored', () => setStatus('ready'));
    return () => {
      setMap(undefined);
      instance.remove();
    };
  }, []);

  return { containerRef, map, status };
}
