import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'failed'; readonly error: unknown };

/** Runs `load` when `key` changes or `retry` is called; a stale answer never overwrites a newer one. */
export function useLoaded<T>(load: () => Promise<T>, key: string): { loaded: Loaded<T>; retry: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // The latest closure, read when `key` or `attempt` changes: `key` names everything `load` reads.
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    latest.current().then(
      (value) => {
        if (live) setLoaded({ state: 'ready', value });
      },
      (error: unknown) => {
        if (live) setLoaded({ state: 'failed', error });
      },
    );
    return () => {
      live = false;
    };
  }, [key, attempt]);
  const retry = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);
  return { loaded, retry };
}
