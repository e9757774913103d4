import type { StorageDatabase } from '../dialect/storage-database.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

export interface AuthChallenge {
  /** Random, unguessable; the member signs it to log in (DESIGN.md §7). */
  readonly nonce: string;
  /** The key that must sign it: a challenge issued to one key cannot log in another. */
  readonly keyId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface AuthChallengeRepository {
  /** Stores a new challenge; StorageError('duplicate') if the nonce exists. */
  createChallenge(challenge: AuthChallenge): Promise<void>;
  /**
   * Marks the challenge used and resolves true, if it exists, was issued to `keyId`, is unused and has not
   * expired at `now`; else false (and a challenge presented with another key stays usable by its own). Exactly one of any number of concurrent callers — in this process or another — gets true, so a
   * signed challenge cannot log in twice (replay).
   */
  consumeChallenge(nonce: string, keyId: string, now: Date): Promise<boolean>;
  /** Removes challenges expired at `now`, used or not. Resolves how many. */
  deleteExpiredChallenges(now: Date): Promise<number>;
  /**
   * How many challenges are stored, used or expired or not, counting at most `limit` of them so that the
   * answer costs no more than the cap it is compared with. Not atomic with `createChallenge`: concurrent
   * issuers may each see room, so a cap enforced with it is exceeded by at most their number.
   */
  countChallenges(limit: number): Promise<number>;
}

export function createAuthChallengeRepository(database: StorageDatabase): AuthChallengeRepository {
  const { db } = database;
  return {
    createChallenge: (challenge) =>
      withStorageErrors(database, 'createChallenge', async () => {
        await db
          .insertInto('auth_challenges')
          .values({
            nonce: challenge.nonce,
            key_id: challenge.keyId,
            created_at: challenge.createdAt.toISOString(),
            expires_at: challenge.expiresAt.toISOString(),
            used_at: null,
          })
          .execute();
      }),

    consumeChallenge: (nonce, keyId, now) =>
      withStorageErrors(database, 'consumeChallenge', async () => {
        // One conditional UPDATE, not a read then a write: the database applies it atomically (SQLite holds
        // the write lock; PostgreSQL re-checks `used_at is null` on the locked row after a concurrent
        // consumer commits), so at most one caller changes the row.
        const result = await db
          .updateTable('auth_challenges')
          .set({ used_at: now.toISOString() })
          .where('nonce', '=', nonce)
          .where('key_id', '=', keyId)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now.toISOString())
          .executeTakeFirst();
        return result.numUpdatedRows === 1n;
      }),

    deleteExpiredChallenges: (now) =>
      withStorageErrors(database, 'deleteExpiredChallenges', async () => {
        const result = await db
          .deleteFrom('auth_challenges')
          .where('expires_at', '<=', now.toISOString())
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      }),

    countChallenges: (limit) =>
      withStorageErrors(database, 'countChallenges', async () => {
        // Counting a bounded subquery reads at most `limit` rows.
        const row = await db
          .selectFrom((eb) => eb.selectFrom('auth_challenges').select('nonce').limit(limit).as('stored'))
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow();
        return Number(row.count);
      }),
  };
}
