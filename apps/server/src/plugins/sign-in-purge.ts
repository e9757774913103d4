import fp from 'fastify-plugin';
import type { AppServices } from '../app-services.ts';

/** How often expired sign-in challenges and sessions are deleted. */
export const SIGN_IN_PURGE_INTERVAL_MS = 60_000;

export interface PurgedSignIns {
  readonly challenges: number;
  readonly sessions: number;
}

/**
 * Deletes the challenges and sessions expired at the services' clock. Expired rows are already refused on
 * use (every lookup compares `expires_at`); deleting them bounds the tables and, for challenges, frees room
 * under the cap on outstanding ones.
 */
export async function purgeExpiredSignIns(
  services: Pick<AppServices, 'challenges' | 'sessions' | 'clock'>,
): Promise<PurgedSignIns> {
  const now = new Date(services.clock());
  const challenges = await services.challenges.deleteExpiredChallenges(now);
  const sessions = await services.sessions.deleteExpiredSessions(now);
  return { challenges, sessions };
}

/**
 * Runs `purgeExpiredSignIns` every `intervalMs` while the application is up: the timer starts when the app is
 * ready (listen or inject) and stops on close, which also waits for a purge in flight so that the database is
 * not closed under it. The timer is unref'd: it never keeps a process alive on its own.
 */
export const signInPurgePlugin = fp<{ services: AppServices; intervalMs?: number }>(
  (app, { services, intervalMs = SIGN_IN_PURGE_INTERVAL_MS }, done) => {
    let timer: NodeJS.Timeout | undefined;
    let inFlight: Promise<void> | undefined;
    const purge = () => {
      // A slow database must not pile purges up behind each other.
      if (inFlight !== undefined) return;
      inFlight = purgeExpiredSignIns(services)
        .then(
          (purged) => {
            if (purged.challenges + purged.sessions > 0) app.log.debug(purged, 'purged expired sign-ins');
          },
          (error: unknown) => {
            app.log.warn({ err: error }, 'purging expired sign-ins failed; retrying at the next interval');
          },
        )
        .finally(() => {
          inFlight = undefined;
        });
    };
    app.addHook('onReady', (hookDone) => {
      timer = setInterval(purge, intervalMs);
      timer.unref();
      hookDone();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      timer = undefined;
      await inFlight;
    });
    done();
  },
  { name: 'jmm-sign-in-purge' },
);
