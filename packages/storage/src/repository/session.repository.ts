import type { StorageDatabase } from '../dialect/storage-database.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

/**
 * A signed-in member (DESIGN.md §7). The server hands the member a random token and keeps only hashes, so a
 * leaked database does not leak sessions.
 */
export interface StoredSession {
  /** Hash of the session token (the server chooses the hash; SHA-256 hex is expected). */
  readonly idHash: string;
  readonly org: string;
  readonly member: string;
  /** The key the member proved possession of at login. */
  readonly keyId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Hash of the CSRF token bound to the session (browser sessions). */
  readonly csrfTokenHash: string;
}

export interface SessionRepository {
  /** Stores a new session; StorageError('duplicate') if the id hash exists. */
  createSession(session: StoredSession): Promise<void>;
  /** The session, unless it does not exist or has expired at `now`. */
  findSession(idHash: string, now: Date): Promise<StoredSession | undefined>;
  /** Ends one session (sign-out). Resolves whether it existed. */
  deleteSession(idHash: string): Promise<boolean>;
  /** Ends every session of a member (revocation, role change). Resolves how many ended. */
  deleteMemberSessions(org: string, member: string): Promise<number>;
  /** Removes sessions expired at `now`. Resolves how many. */
  deleteExpiredSessions(now: Date): Promise<number>;
}

export function createSessionRepository(database: StorageDatabase): SessionRepository {
  const { db } = database;
  return {
    createSession: (session) =>
      withStorageErrors(database, 'createSession', async () => {
        await db
          .insertInto('sessions')
          .values({
            id_hash: session.idHash,
            org: session.org,
            member: session.member,
            key_id: session.keyId,
            // toISOString is fixed-width UTC, so comparing the text compares the instants.
            created_at: session.createdAt.toISOString(),
            expires_at: session.expiresAt.toISOString(),
            csrf_token_hash: session.csrfTokenHash,
          })
          .execute();
      }),

    findSession: (idHash, now) =>
      withStorageErrors(database, 'findSession', async () => {
        const row = await db
          .selectFrom('sessions')
          .selectAll()
          .where('id_hash', '=', idHash)
          .where('expires_at', '>', now.toISOString())
          .executeTakeFirst();
        if (row === undefined) return undefined;
        return {
          idHash: row.id_hash,
          org: row.org,
          member: row.member,
          keyId: row.key_id,
          createdAt: new Date(row.created_at),
          expiresAt: new Date(row.expires_at),
          csrfTokenHash: row.csrf_token_hash,
        };
      }),

    deleteSession: (idHash) =>
      withStorageErrors(database, 'deleteSession', async () => {
        const result = await db.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    deleteMemberSessions: (org, member) =>
      withStorageErrors(database, 'deleteMemberSessions', async () => {
        const result = await db
          .deleteFrom('sessions')
          .where('org', '=', org)
          .where('member', '=', member)
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }),

    deleteExpiredSessions: (now) =>
      withStorageErrors(database, 'deleteExpiredSessions', async () => {
        const result = await db
          .deleteFrom('sessions')
          .where('expires_at', '<=', now.toISOString())
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
  };
}
