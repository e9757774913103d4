import { createJmmClient, type JmmClient, type MechanismInfo, type Session } from '@jmm/client';
import type { Ed25519Signer } from '@jmm/core';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { signerOf, type StoredKey } from '../session/key-store.ts';
import { pinLogKey, type TrustPin } from './trust-pin.ts';

/**
 * The mechanism this page talks to, the client that verifies everything it reads, and the signed-in member.
 * The session token lives in sessionStorage (this tab, until it closes); the signing key stays in IndexedDB.
 */
export interface Jmm {
  readonly client: JmmClient;
  readonly mechanism: MechanismInfo;
  readonly trust: TrustPin;
  readonly session: Session | undefined;
  /** The signed-in member's key, to sign statements in this browser. */
  readonly signer: Ed25519Signer | undefined;
  readonly signIn: (key: StoredKey) => Promise<Session>;
  readonly signOut: () => Promise<void>;
  /** Bumped when the log grows (server-sent events): views that depend on the log re-read. */
  readonly treeSize: number;
}

const JmmContext = createContext<Jmm | undefined>(undefined);

export function useJmm(): Jmm {
  const jmm = useContext(JmmContext);
  if (jmm === undefined) throw new Error('useJmm outside JmmProvider');
  return jmm;
}

const SESSION_KEY = 'jmm.session';

function readSavedSession(origin: string): { session: Session; keyRecordId: string } | undefined {
  try {
    const text = sessionStorage.getItem(SESSION_KEY);
    if (text === null) return undefined;
    const saved = JSON.parse(text) as { origin: string; session: Session; keyRecordId: string };
    if (saved.origin !== origin || Date.parse(saved.session.expires_at) <= Date.now()) return undefined;
    return saved;
  } catch {
    return undefined;
  }
}

export interface JmmBootstrap {
  readonly mechanism: MechanismInfo;
  readonly trust: TrustPin;
}

/** Reads the mechanism and pins its log key (trust on first use; a changed key is shown, never followed). */
export async function bootstrapJmm(fetchFunction: typeof fetch = fetch): Promise<JmmBootstrap> {
  const answer = await fetchFunction('/api/v1/mechanism', { headers: { accept: 'application/json' } });
  if (!answer.ok) throw new Error(`the server answered ${answer.status} for /api/v1/mechanism`);
  const mechanism = (await answer.json()) as MechanismInfo;
  return { mechanism, trust: pinLogKey(mechanism.origin, mechanism.log_vkey) };
}

export function JmmProvider({
  bootstrap,
  children,
  findKey,
}: {
  bootstrap: JmmBootstrap;
  children: ReactNode;
  findKey: (recordId: string) => Promise<StoredKey | undefined>;
}) {
  const { mechanism, trust } = bootstrap;
  // The session cookie (HttpOnly, SameSite=Strict) rides on every same-origin request, so unsafe ones must carry
  // the session's CSRF token (apps/server auth-plugin.ts) even when, like submissions, they need no session.
  const csrfToken = useRef<string | undefined>(undefined);
  const client = useMemo(
    () =>
      createJmmClient({
        baseUrl: window.location.origin,
        fetch: (input, init) => {
          const headers = new Headers(init.headers);
          const method = (init.method ?? 'GET').toUpperCase();
          if (method !== 'GET' && method !== 'HEAD' && csrfToken.current !== undefined)
            headers.set('x-csrf-token', csrfToken.current);
          return fetch(input, { ...init, headers, credentials: 'same-origin' });
        },
        trust: { origin: mechanism.origin, logVerifierKey: trust.logVerifierKey },
      }),
    [mechanism.origin, trust.logVerifierKey],
  );
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [signer, setSigner] = useState<Ed25519Signer | undefined>(undefined);
  const [treeSize, setTreeSize] = useState(mechanism.tree_size);

  // A reload keeps the tab's session, if its key is still in this browser.
  useEffect(() => {
    const saved = readSavedSession(mechanism.origin);
    if (saved === undefined) return;
    void findKey(saved.keyRecordId).then(async (key) => {
      if (key === undefined) return;
      client.restoreSession(saved.session);
      csrfToken.current = saved.session.csrf_token;
      setSigner(await signerOf(key));
      setSession(saved.session);
    });
  }, [client, findKey, mechanism.origin]);

  // Live updates (DESIGN.md §7): the server says when the log grows; views re-read what they show.
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const events = new EventSource('/api/v1/events');
    events.addEventListener('checkpoint', (event) => {
      // The stream is the server's word like any answer: an event that is not the documented shape is ignored.
      let size: unknown;
      try {
        size = (JSON.parse((event as MessageEvent<string>).data) as { tree_size?: unknown } | null)
          ?.tree_size;
      } catch {
        return;
      }
      if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) setTreeSize(size);
    });
    return () => events.close();
  }, [session]);

  const signIn = useCallback(
    async (key: StoredKey) => {
      const keySigner = await signerOf(key);
      const started = await client.signIn(keySigner);
      csrfToken.current = started.csrf_token;
      sessionStorage.setItem(
        SESSION_KEY,
        JSON.stringify({ origin: mechanism.origin, session: started, keyRecordId: key.id }),
      );
      setSigner(keySigner);
      setSession(started);
      return started;
    },
    [client, mechanism.origin],
  );

  const signOut = useCallback(async () => {
    sessionStorage.removeItem(SESSION_KEY);
    csrfToken.current = undefined;
    setSession(undefined);
    setSigner(undefined);
    await client.signOut().catch(() => undefined);
  }, [client]);

  const value = useMemo<Jmm>(
    () => ({ client, mechanism, trust, session, signer, signIn, signOut, treeSize }),
    [client, mechanism, trust, session, signer, signIn, signOut, treeSize],
  );
  return <JmmContext.Provider value={value}>{children}</JmmContext.Provider>;
}
