import { viewerOf, type Audience, type Settings } from '@jmm/domain';
import { isStorageError } from '@jmm/storage';
import type { AppServices } from '../app-services.ts';
import type { Principal } from '../auth/auth-plugin.ts';
import { ServerError } from '../server-error.ts';

export { decodeStoredStatement } from '@jmm/mechanism';

/**
 * The settings as `readerOrg` sees them: those of its own fold (DESIGN.md §1.7), so a deadline derived from them
 * comes from statements the reader may read. An organisation the log does not know reads the public's.
 */
export function readerSettings(services: AppServices, readerOrg: string | undefined): Settings {
  const { engine } = services;
  return (engine.viewState(viewerOf(readerOrg)) ?? engine.viewState(viewerOf(undefined))!).settings;
}

/**
 * The log time a statement submitted now would get (DESIGN.md §4): the clock, but never before the latest
 * checkpoint's log time, since log time does not go backwards. Deadlines are judged against it, so an idle
 * log does not freeze "overdue".
 */
export function currentLogTime(services: AppServices): string {
  const clock = new Date(services.clock()).toISOString();
  const checkpoint = services.engine.latestCheckpoint?.logTime;
  return checkpoint !== undefined && checkpoint > clock ? checkpoint : clock;
}

/**
 * Writes one access-log row per restricted record a member read (DESIGN.md §1.7: every read of restricted
 * content is recorded). Public records are not logged; the public reads nothing else.
 */
export async function recordReads(
  services: AppServices,
  principal: Principal | undefined,
  action: string,
  records: readonly { readonly digest: string; readonly audience: Audience }[],
  resource?: string,
): Promise<void> {
  if (principal === undefined) return;
  const time = new Date(services.clock());
  // One row per record, so "who read X" is an index lookup (access_log_target_idx), written in one statement
  // so that a page of 200 restricted records costs one commit, not 200.
  const restricted = records.filter((record) => record.audience.kind !== 'public');
  if (restricted.length === 0) return;
  await services.accessLog.appendAccesses(
    restricted.map((record) => ({
      time,
      org: principal.org,
      member: principal.member,
      action,
      targetDigest: record.digest,
      resource,
    })),
  );
}

/** A cursor the repository refuses is the client's mistake: a 400 that says so, not a database problem. */
export async function withCursorErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isStorageError(error, 'invalid_argument'))
      throw new ServerError('invalid_request', error.message, { cause: error });
    throw error;
  }
}
