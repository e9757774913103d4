import { computeEnvelopeDigest, type Envelope } from '@jmm/core';
import { runStoreRequest } from '../session/key-store.ts';

/**
 * Signed statements waiting to reach the log (issue 10: "a submission that fails for the network is queued and
 * retried, never lost"). A statement is written here, durably, before it is sent; it leaves only when the log
 * has accepted it (or refused it for a reason a retry cannot change). Resending is safe: the log is idempotent
 * on the envelope's digest (DESIGN.md §3), and a statement signed offline is accepted within the mechanism's
 * offline window.
 */
export interface OutboxEntry {
  readonly digest: string;
  readonly origin: string;
  readonly type: string;
  readonly envelope: Envelope;
  readonly queuedAt: string;
  readonly attempts: number;
  readonly lastError: string | undefined;
}

const STORE = 'outbox';

export async function queueEnvelope(
  origin: string,
  type: string,
  envelope: Envelope,
  now: Date,
): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    digest: computeEnvelopeDigest(envelope),
    origin,
    type,
    envelope,
    queuedAt: now.toISOString(),
    attempts: 0,
    lastError: undefined,
  };
  await runStoreRequest(STORE, 'readwrite', (objects) => objects.put(entry));
  return entry;
}

export async function listQueuedEnvelopes(origin: string): Promise<OutboxEntry[]> {
  const all = await runStoreRequest(
    STORE,
    'readonly',
    (objects) => objects.getAll() as IDBRequest<OutboxEntry[]>,
  );
  return all.filter((entry) => entry.origin === origin).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export async function recordAttempt(entry: OutboxEntry, error: string): Promise<void> {
  await runStoreRequest(STORE, 'readwrite', (objects) =>
    objects.put({ ...entry, attempts: entry.attempts + 1, lastError: error }),
  );
}

export async function removeQueuedEnvelope(digest: string): Promise<void> {
  await runStoreRequest(STORE, 'readwrite', (objects) => objects.delete(digest));
}
