import { useCallback, useEffect, useRef, useState } from 'react';

/** A value read from the server, with its loading and error states and a way to read it again. */
export type Resource<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'error'; readonly error: unknown };

/**
 * Reads `read()` when any of `dependencies` changes or `retry` is called. A stale answer never overwrites a
 * newer one; while a new read runs the resource is loading again.
 */
export function useResource<T>(
  read: () => Promise<T>,
  dependencies: readonly unknown[],
): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // The latest closure, run when the dependencies (which name everything `read` uses) or the attempt change.
  const latest = useRef(read);
  latest.current = read;
  const retry = useCallback(() => {
    setAttempt((value) => value + 1);
  }, []);
  useEffect(() => {
    const run = { live: true };
    setResource({ state: 'loading' });
    latest.current().then(
      (value) => {
        if (run.live) setResource({ state: 'ready', value });
      },
      (error: unknown) => {
        if (run.live) setResource({ state: 'error', error });
      },
    );
    return () => {
      run.live = false;
    };
  }, [...dependencies, attempt]);
  return [resource, retry];
}
