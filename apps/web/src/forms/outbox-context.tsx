import { isClientError, type SubmittedStatement } from '@jmm/client';
import type { Envelope } from '@jmm/core';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useJmm } from '../app/jmm-context.tsx';
import {
  listQueuedEnvelopes,
  queueEnvelope,
  recordAttempt,
  removeQueuedEnvelope,
  type OutboxEntry,
} from './outbox.ts';

export type SubmitOutcome =
  | { readonly kind: 'logged'; readonly submitted: SubmittedStatement }
  | { readonly kind: 'queued'; readonly entry: OutboxEntry; readonly reason: string };

export interface Outbox {
  readonly pending: number;
  readonly entries: readonly OutboxEntry[];
  /** Queues `envelope` durably, then submits it; a network failure leaves it queued for retry. */
  readonly submit: (type: string, envelope: Envelope) => Promise<SubmitOutcome>;
  readonly retryNow: () => Promise<void>;
}

const OutboxContext = createContext<Outbox | undefined>(undefined);

export function useOutbox(): Outbox {
  const outbox = useContext(OutboxContext);
  if (outbox === undefined) throw new Error('useOutbox outside OutboxProvider');
  return outbox;
}

/** Retries once a minute and whenever the browser says it is back online. */
const RETRY_INTERVAL_MS = 60_000;

/** A failure a resend could fix: the network, or the server being busy or restarting. */
function isTransient(error: unknown): boolean {
  if (!isClientError(error)) return false;
  if (error.code === 'network_error') return true;
  return (
    error.code === 'problem' &&
    error.problem !== undefined &&
    (error.problem.status === 503 || error.problem.status === 429)
  );
}

export function OutboxProvider({ children }: { children: ReactNode }) {
  const { client, mechanism } = useJmm();
  const [entries, setEntries] = useState<readonly OutboxEntry[]>([]);

  const refresh = useCallback(async () => {
    setEntries(await listQueuedEnvelopes(mechanism.origin).catch(() => []));
  }, [mechanism.origin]);

  const retryNow = useCallback(async () => {
    for (const entry of await listQueuedEnvelopes(mechanism.origin).catch(() => [])) {
      try {
        await client.submit(entry.envelope);
        await removeQueuedEnvelope(entry.digest);
      } catch (error) {
        if (isTransient(error)) {
          await recordAttempt(entry, error instanceof Error ? error.message : String(error));
          break; // still offline: the rest would fail the same way
        }
        // Refused for good (an invalid or expired statement): kept, with the reason, for the member to see.
        await recordAttempt(entry, error instanceof Error ? error.message : String(error));
      }
    }
    await refresh();
  }, [client, mechanism.origin, refresh]);

  useEffect(() => {
    void retryNow();
    const timer = setInterval(() => void retryNow(), RETRY_INTERVAL_MS);
    const online = () => void retryNow();
    window.addEventListener('online', online);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [retryNow]);

  const submit = useCallback(
    async (type: string, envelope: Envelope): Promise<SubmitOutcome> => {
      // Durable before it is sent: a crash, a closed tab or a lost connection cannot lose a signed statement.
      const entry = await queueEnvelope(mechanism.origin, type, envelope, new Date());
      await refresh();
      try {
        const submitted = await client.submit(envelope);
        await removeQueuedEnvelope(entry.digest);
        await refresh();
        return { kind: 'logged', submitted };
      } catch (error) {
        if (isTransient(error)) {
          const reason = error instanceof Error ? error.message : String(error);
          await recordAttempt(entry, reason);
          await refresh();
          return { kind: 'queued', entry, reason };
        }
        await removeQueuedEnvelope(entry.digest);
        await refresh();
        throw error;
      }
    },
    [client, mechanism.origin, refresh],
  );

  const value = useMemo<Outbox>(
    () => ({ pending: entries.length, entries, submit, retryNow }),
    [entries, submit, retryNow],
  );
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}
