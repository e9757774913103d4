import { useCallback, useEffect, useState } from 'react';

/** A value read from the server, with its loading and error states and a way to read it again. */
export type Resource<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'error'; readonly error: unknown };

export function useResource<T>(
  read: () => Promise<T>,
  dependencies: readonly unknown[],
): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((value) => value + 1), []);
  useEffect(() => {
    let live = true;
    read().then(
      (value) => live && setResource({ state: 'ready', value }),
      (error: unknown) => live && setResource({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
    // The caller names what the read depends on: `read` itself is a new closure on every render.
  }, [...dependencies, attempt]);
  return [resource, retry];
}
