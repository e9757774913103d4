import { equalBytes } from '@jmm/core';
import { isLogError, type IntegratedBatch, type LogStorage } from '@jmm/log';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAccessLogRepository,
  createAuthChallengeRepository,
  createCheckpointRepository,
  createEntryRepository,
  createHashTileRepository,
  createLogStorage,
  createMechanismRepository,
  createSessionRepository,
  isStorageError,
  migrateToLatest,
  pingDatabase,
  type StorageDatabase,
} from '../src/index.ts';
import {
  buildBatch,
  digestOf,
  endorseStatement,
  enrollStatement,
  genesisBatch,
  genesisStatement,
  keyIdOf,
  leafHash,
  nextBatch,
  profileStatement,
  publicKeyOf,
  revokeStatement,
  rootHashOf,
  settingsChangeStatement,
} from './support/log-fixtures.ts';
import { countRows, snapshotTables } from './support/snapshot-tables.ts';
import { rejectionOf } from './support/rejection-of.ts';
import { TEST_DIALECTS, type TestDatabase } from './support/test-dialects.ts';

describe.each(TEST_DIALECTS)('storage on $name', (dialect) => {
  let test: TestDatabase;
  let database: StorageDatabase;
  let log: LogStorage;

  beforeEach(async () => {
    test = await dialect.createDatabase();
    database = test.database;
    log = createLogStorage(database);
  });
  afterEach(async () => {
    await test.close();
  });

  describe('migrateToLatest', () => {
    it('applies nothing the second time', async () => {
      expect(await migrateToLatest(database)).toEqual([]);
      expect(await countRows(database, 'entries')).toBe(0n);
    });
  });

  describe('an empty log', () => {
    it('has no checkpoint, entries, envelopes, history or projection', async () => {
      expect(await log.readCheckpoint()).toBeUndefined();
      expect((await log.findEntries([digestOf(genesisStatement())])).size).toBe(0);
      expect(await log.readEnvelopes(0n, 10)).toEqual([]);
      expect(await createCheckpointRepository(database).readCheckpointHistory()).toEqual([]);
      expect(await createMechanismRepository(database).readMechanismProjection()).toBeUndefined();
    });
  });

  describe('commitBatch', () => {
    it('stores every part of the batch and reads it back', async () => {
      const batch = genesisBatch();
      await log.commitBatch(batch);
      const [entry] = batch.entries;

      expect(await log.readCheckpoint()).toEqual(batch.checkpoint);
      expect(await createCheckpointRepository(database).readCheckpointHistory()).toEqual([batch.checkpoint]);
      expect(await log.findEntries([entry!.digest])).toEqual(
        new Map([
          [entry!.digest, { digest: entry!.digest, index: 0n, logTime: entry!.logTime, entry: entry!.entry }],
        ]),
      );
      expect(await log.readEnvelopes(0n, 10)).toEqual([
        { index: 0n, logTime: entry!.logTime, envelope: entry!.envelope },
      ]);
      expect(await log.readHashTiles([{ level: 0, index: 0n, width: 1 }])).toEqual([leafHash(0n)]);
      expect(await createEntryRepository(database).readEntryBundle(0n, 1)).toEqual([entry!.entry]);
      const stored = {
        digest: entry!.digest,
        index: 0n,
        logTime: entry!.logTime,
        entry: entry!.entry,
        envelope: entry!.envelope,
        type: 'mechanism.genesis',
        org: 'secretariat',
        member: 'admin',
        audience: { kind: 'public' },
      };
      expect(await createEntryRepository(database).findStatement(entry!.digest)).toEqual(stored);
      // Several at once, by digest; a digest not in the log is simply absent.
      const missing = `sha256:${'0'.repeat(64)}`;
      expect(
        await createEntryRepository(database).findStatements([entry!.digest, missing, entry!.digest]),
      ).toEqual(new Map([[entry!.digest, stored]]));
    });

    it('returns plain Uint8Arrays, not driver Buffers', async () => {
      await log.commitBatch(genesisBatch());
      const checkpoint = await log.readCheckpoint();
      const [envelope] = await log.readEnvelopes(0n, 1);
      expect(Object.getPrototypeOf(checkpoint!.rootHash)).toBe(Uint8Array.prototype);
      expect(Object.getPrototypeOf(envelope!.envelope)).toBe(Uint8Array.prototype);
    });

    it('projects membership and settings from the state after the batch', async () => {
      const genesis = genesisBatch();
      const change = settingsChangeStatement(3);
      const second = nextBatch(genesis, [
        enrollStatement('party-a', 'liaison-1'),
        change,
        endorseStatement('party-a', digestOf(change), { kind: 'public' }),
        endorseStatement('party-b', digestOf(change), { kind: 'public' }),
      ]);
      const third = nextBatch(second, [revokeStatement('party-a', 'liaison-1')]);
      for (const batch of [genesis, second, third]) await log.commitBatch(batch);

      const projection = await createMechanismRepository(database).readMechanismProjection();
      expect(projection).toMatchObject({
        origin: genesis.state.origin,
        name: 'Storage test mechanism',
        genesisDigest: genesis.entries[0]!.digest,
        settings: { ...genesis.state.settings, finding_quorum: 3 },
      });
      expect(projection!.orgs.map((org) => [org.id, org.kind, org.admittedAt])).toEqual([
        ['party-a', 'party', 0n],
        ['party-b', 'party', 0n],
        ['secretariat', 'secretariat', 0n],
      ]);
      const liaisonKeyId = keyIdOf(publicKeyOf('party-a', 'liaison-1'));
      expect(projection!.members.find((member) => member.member === 'liaison-1')).toEqual({
        org: 'party-a',
        member: 'liaison-1',
        displayName: 'Liaison officer liaison-1',
        roles: ['liaison', 'viewer'],
        active: false,
        keyIds: [liaisonKeyId],
      });
      expect(projection!.keys.find((key) => key.keyId === liaisonKeyId)).toEqual({
        keyId: liaisonKeyId,
        publicKey: publicKeyOf('party-a', 'liaison-1'),
        org: 'party-a',
        member: 'liaison-1',
        enrolledAt: 1n,
        revokedAt: 5n,
      });
      expect(projection!.keys).toHaveLength(4);
    });

    it('finds log times by index, statements by type, and the statements that refer to one', async () => {
      const genesis = genesisBatch();
      const change = settingsChangeStatement(3);
      const concur = endorseStatement('party-a', digestOf(change), { kind: 'public' });
      const second = nextBatch(genesis, [enrollStatement('party-a', 'liaison-1'), change, concur]);
      for (const batch of [genesis, second]) await log.commitBatch(batch);
      const entries = createEntryRepository(database);

      expect(await entries.findLogTimes([0n, 2n, 9n, 2n])).toEqual(
        new Map([
          [0n, genesis.checkpoint.logTime],
          [2n, second.checkpoint.logTime],
        ]),
      );
      const byType = await entries.listStatementsOfTypes(['settings.change', 'mechanism.genesis'], 10);
      expect(byType.map((statement) => statement.index)).toEqual([2n, 0n]);
      expect((await entries.listStatementsOfTypes(['settings.change', 'mechanism.genesis'], 1)).length).toBe(
        1,
      );
      expect(await entries.listStatementsOfTypes([], 10)).toEqual([]);
      const referring = await entries.listReferringStatements([digestOf(change)], 'endorses');
      expect(referring.map((statement) => statement.digest)).toEqual([digestOf(concur)]);
      expect(await entries.listReferringStatements([digestOf(change)], 'responds_to')).toEqual([]);
    });

    it('leaves the membership projection alone for a batch without state', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      const before = await createMechanismRepository(database).readMechanismProjection();
      const enrol = nextBatch(genesis, [enrollStatement('party-a', 'liaison-9')]);
      await log.commitBatch({ ...enrol, state: undefined });
      expect(await createMechanismRepository(database).readMechanismProjection()).toEqual(before);
      expect((await log.readCheckpoint())?.treeSize).toBe(enrol.checkpoint.treeSize);
    });

    it('writes only the membership records a batch says it changed', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      const enrol = nextBatch(genesis, [
        enrollStatement('party-a', 'liaison-7'),
        enrollStatement('party-b', 'liaison-8'),
      ]);
      const changed = enrol.state.members.get('party-a/liaison-7')!;
      const changedKey = [...enrol.state.keys.values()].find((key) => key.member === 'liaison-7')!;
      await log.commitBatch({
        ...enrol,
        membershipChanges: { orgs: [], members: [changed], keys: [changedKey] },
      });
      const projection = await createMechanismRepository(database).readMechanismProjection();
      const members = projection!.members.map((member) => `${member.org}/${member.member}`);
      expect(members).toContain('party-a/liaison-7');
      expect(members).not.toContain('party-b/liaison-8');
    });

    it('widens tiles and serves every narrower width as a prefix', async () => {
      const genesis = genesisBatch();
      const second = nextBatch(genesis, [enrollStatement('party-a', 'a1'), enrollStatement('party-b', 'b1')]);
      await log.commitBatch(genesis);
      await log.commitBatch(second);

      const [width1, width3] = await log.readHashTiles([
        { level: 0, index: 0n, width: 1 },
        { level: 0, index: 0n, width: 3 },
      ]);
      expect(width1).toEqual(leafHash(0n));
      expect(width3).toEqual(second.tiles[0]!.data);
      const tiles = createHashTileRepository(database);
      expect(await tiles.readHashTile(0, 0n, 2)).toEqual(second.tiles[0]!.data.slice(0, 64));
      expect(await tiles.readHashTile(0, 0n, 4)).toBeUndefined();
      expect(await tiles.readHashTile(1, 0n, 1)).toBeUndefined();
    });

    it('reports a missing or too narrow tile as storage_corrupt', async () => {
      await log.commitBatch(genesisBatch());
      for (const request of [
        { level: 0, index: 1n, width: 1 },
        { level: 0, index: 0n, width: 2 },
      ]) {
        const error = await rejectionOf(log.readHashTiles([request]));
        expect(isLogError(error, 'storage_corrupt')).toBe(true);
      }
    });

    it('commits a batch without entries that re-signs the same tree', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      const again = nextBatch(genesis, []);
      await log.commitBatch({
        ...again,
        checkpoint: { ...genesis.checkpoint, logTime: '2026-01-31T12:00:01.000Z' },
      });
      expect((await log.readCheckpoint())!.logTime).toBe('2026-01-31T12:00:01.000Z');
      expect(await createCheckpointRepository(database).readCheckpointHistory()).toHaveLength(1);
    });
  });

  describe('compare-and-swap on the checkpoint', () => {
    it('refuses a batch whose previous checkpoint is stale, and writes nothing', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      const before = await snapshotTables(database);
      const stale = buildBatch({
        previous: { treeSize: 1n, rootHash: rootHashOf(1n, 'another tree') },
        state: genesis.state,
        statements: [enrollStatement('party-a', 'a1')],
      });

      const error = await rejectionOf(log.commitBatch(stale));
      expect(isLogError(error, 'checkpoint_conflict')).toBe(true);
      expect(await snapshotTables(database)).toEqual(before);
      expect(await log.readCheckpoint()).toEqual(genesis.checkpoint);
      expect(await createMechanismRepository(database).readMechanismProjection()).toMatchObject({
        members: expect.not.arrayContaining([expect.objectContaining({ member: 'a1' })]) as unknown,
      });
    });

    it('refuses a first checkpoint when one exists', async () => {
      await log.commitBatch(genesisBatch());
      const before = await snapshotTables(database);
      const error = await rejectionOf(log.commitBatch(genesisBatch('second genesis')));
      expect(isLogError(error, 'checkpoint_conflict')).toBe(true);
      expect(await snapshotTables(database)).toEqual(before);
    });

    it('lets exactly one of two writers extend the same checkpoint', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      // Two engines. SQLite writers in one process share its one connection (better-sqlite3 waits for another
      // connection's lock synchronously, blocking the very thread that holds it); across processes the second
      // writer waits on the file lock and then finds the checkpoint changed.
      const other = createLogStorage(
        database.capabilities.concurrentWriters ? test.connectAgain() : database,
      );
      const results = await Promise.allSettled([
        log.commitBatch(nextBatch(genesis, [enrollStatement('party-a', 'a1')], 'writer 1')),
        other.commitBatch(nextBatch(genesis, [enrollStatement('party-b', 'b1')], 'writer 2')),
      ]);

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const [rejected] = results.filter((result) => result.status === 'rejected');
      expect(isLogError(rejected?.reason, 'checkpoint_conflict')).toBe(true);
      expect(await countRows(database, 'entries')).toBe(2n);
      const forks = await database.db
        .selectFrom('checkpoint_history')
        .select('tree_size')
        .groupBy('tree_size')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      expect(forks).toEqual([]);
    });

    it('rolls back everything when a late write fails (a crash before COMMIT)', async () => {
      const genesis = genesisBatch();
      const second = nextBatch(genesis, [enrollStatement('party-a', 'a1')]);
      await log.commitBatch(genesis);
      await log.commitBatch(second);
      const before = await snapshotTables(database);
      // Tiles are written after entries and projections; a narrower tile than stored is refused there.
      const third = nextBatch(second, [enrollStatement('party-b', 'b1')]);
      const narrower = { ...third, tiles: [{ level: 0, index: 0n, width: 1, data: leafHash(0n) }] };

      const error = await rejectionOf(log.commitBatch(narrower));
      expect(isLogError(error, 'storage_corrupt')).toBe(true);
      expect(await snapshotTables(database)).toEqual(before);
      expect(await log.readCheckpoint()).toEqual(second.checkpoint);
    });

    it('refuses a batch whose entries are not contiguous from the previous tree size', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      const second = nextBatch(genesis, [enrollStatement('party-a', 'a1')]);
      const gap: IntegratedBatch = {
        ...second,
        entries: second.entries.map((entry) => ({ ...entry, index: entry.index + 1n })),
      };
      const error = await rejectionOf(log.commitBatch(gap));
      expect(isStorageError(error, 'invalid_argument')).toBe(true);
      expect(await countRows(database, 'entries')).toBe(1n);
    });
  });

  describe('lookups the engine makes', () => {
    let statements: { digest: string; index: bigint }[];

    beforeEach(async () => {
      const genesis = genesisBatch();
      const change = settingsChangeStatement(3);
      const second = nextBatch(genesis, [
        change,
        endorseStatement('party-a', digestOf(change), { kind: 'public' }),
        // Membership and rule changes are public (AUDIENCE_RULES); a profile is the restricted statement here.
        profileStatement('party-b', 'admin', { kind: 'orgs', orgs: ['party-b', 'secretariat'] }),
      ]);
      const third = nextBatch(second, [enrollStatement('party-a', 'a1'), enrollStatement('party-a', 'a2')]);
      for (const batch of [genesis, second, third]) await log.commitBatch(batch);
      statements = [genesis, second, third].flatMap((batch) =>
        batch.entries.map(({ digest, index }) => ({ digest, index })),
      );
    });

    it('findEntries returns the entries in the log and omits the others', async () => {
      const unknown = `sha256:${'0'.repeat(64)}`;
      const found = await log.findEntries([statements[2]!.digest, unknown, statements[2]!.digest]);
      expect([...found.keys()]).toEqual([statements[2]!.digest]);
      expect(found.get(statements[2]!.digest)).toMatchObject({
        index: 2n,
        logTime: expect.any(String) as unknown,
      });
      expect((await log.findEntries([])).size).toBe(0);
    });

    it('findRefs returns type, org, audience and index', async () => {
      const refs = await log.findRefs(statements.slice(0, 4).map((statement) => statement.digest));
      expect(refs.get(statements[0]!.digest)).toEqual({
        digest: statements[0]!.digest,
        type: 'mechanism.genesis',
        org: 'secretariat',
        audience: { kind: 'public' },
        index: 0n,
      });
      expect(refs.get(statements[1]!.digest)).toMatchObject({
        type: 'settings.change',
        audience: { kind: 'public' },
        index: 1n,
      });
      expect(refs.get(statements[2]!.digest)).toEqual({
        digest: statements[2]!.digest,
        type: 'endorse',
        org: 'party-a',
        audience: { kind: 'public' },
        index: 2n,
      });
      expect(refs.get(statements[3]!.digest)).toMatchObject({
        type: 'member.profile',
        org: 'party-b',
        audience: { kind: 'orgs', orgs: ['party-b', 'secretariat'] },
      });
    });

    it('projects each ref once', async () => {
      const refs = await database.db.selectFrom('statement_refs').selectAll().execute();
      expect(refs).toEqual([
        { from_digest: statements[2]!.digest, rel: 'endorses', to_digest: statements[1]!.digest },
      ]);
    });

    it('readEnvelopes pages through the log in index order', async () => {
      const pages = [
        await log.readEnvelopes(0n, 4),
        await log.readEnvelopes(4n, 4),
        await log.readEnvelopes(8n, 4),
      ];
      expect(pages.map((page) => page.map((envelope) => envelope.index))).toEqual([
        [0n, 1n, 2n, 3n],
        [4n, 5n],
        [],
      ]);
      const bundle = await createEntryRepository(database).readEntryBundle(1n, 3);
      expect(bundle).toHaveLength(3);
      expect(await log.readEnvelopes(3n, 0)).toEqual([]);
    });
  });

  describe('64-bit indexes', () => {
    it.each([
      ['above 2^32', 2n ** 32n + 5n],
      ['above 2^53', 2n ** 53n + 1n],
      ['at the largest signed 64-bit tree size', 2n ** 63n - 3n],
    ])('round-trip %s', async (_label, start) => {
      expect(start + 2n).toBeLessThanOrEqual(database.capabilities.maxInteger);
      // Seed a checkpoint at `start`, as if the log had grown that far.
      const genesis = genesisBatch();
      await database.db
        .insertInto('checkpoint')
        .values({
          id: 1n,
          tree_size: start,
          root_hash: rootHashOf(start),
          note: 'seed',
          log_time: genesis.checkpoint.logTime,
        })
        .execute();
      const batch = buildBatch({
        previous: { treeSize: start, rootHash: rootHashOf(start) },
        state: genesis.state,
        statements: [genesisStatement(), enrollStatement('party-a', 'a1')],
      });
      await log.commitBatch(batch);

      expect((await log.readCheckpoint())!.treeSize).toBe(start + 2n);
      expect((await log.readEnvelopes(start, 5)).map((envelope) => envelope.index)).toEqual([
        start,
        start + 1n,
      ]);
      const found = await log.findEntries([batch.entries[1]!.digest]);
      expect(found.get(batch.entries[1]!.digest)!.index).toBe(start + 1n);
      expect((await log.findRefs([batch.entries[0]!.digest])).get(batch.entries[0]!.digest)!.index).toBe(
        start,
      );
      const tileRequests = batch.tiles.map(({ level, index, width }) => ({ level, index, width }));
      const tiles = await log.readHashTiles(tileRequests);
      expect(tiles.every((hashes, i) => equalBytes(hashes, batch.tiles[i]!.data))).toBe(true);
      expect(await createEntryRepository(database).readEntryBundle(start, 2)).toEqual(
        batch.entries.map((entry) => entry.entry),
      );
      const history = await createCheckpointRepository(database).readCheckpointHistory();
      expect(history.map((checkpoint) => checkpoint.treeSize)).toEqual([start + 2n]);
    });
  });

  describe('sessions', () => {
    const now = new Date('2026-01-31T12:00:00.000Z');
    const session = {
      idHash: 'a'.repeat(64),
      org: 'party-a',
      member: 'admin',
      keyId: keyIdOf(publicKeyOf('party-a', 'admin')),
      createdAt: now,
      expiresAt: new Date('2026-01-31T20:00:00.000Z'),
      csrfTokenHash: 'c'.repeat(64),
    };

    beforeEach(async () => {
      await log.commitBatch(genesisBatch());
    });

    it('creates, finds until expiry, and deletes', async () => {
      const sessions = createSessionRepository(database);
      await sessions.createSession(session);
      expect(await sessions.findSession(session.idHash, now)).toEqual(session);
      expect(await sessions.findSession(session.idHash, session.expiresAt)).toBeUndefined();
      expect(await sessions.findSession('b'.repeat(64), now)).toBeUndefined();
      expect(await sessions.deleteSession(session.idHash)).toBe(true);
      expect(await sessions.deleteSession(session.idHash)).toBe(false);
      expect(await sessions.findSession(session.idHash, now)).toBeUndefined();
    });

    it('refuses a second session with the same id', async () => {
      const sessions = createSessionRepository(database);
      await sessions.createSession(session);
      expect(isStorageError(await rejectionOf(sessions.createSession(session)), 'duplicate')).toBe(true);
    });

    it('deletes expired sessions and a member’s sessions', async () => {
      const sessions = createSessionRepository(database);
      await sessions.createSession(session);
      await sessions.createSession({
        ...session,
        idHash: 'b'.repeat(64),
        expiresAt: new Date('2026-01-31T12:30:00.000Z'),
      });
      await sessions.createSession({ ...session, idHash: 'd'.repeat(64), org: 'party-b' });
      expect(await sessions.deleteExpiredSessions(new Date('2026-01-31T13:00:00.000Z'))).toBe(1);
      expect(await sessions.deleteMemberSessions('party-a', 'admin')).toBe(1);
      expect(await sessions.findSession('d'.repeat(64), now)).toBeDefined();
    });
  });

  describe('auth challenges', () => {
    const now = new Date('2026-01-31T12:00:00.000Z');
    const keyId = keyIdOf(publicKeyOf('party-a', 'admin'));
    const challenge = {
      nonce: 'n-1',
      keyId,
      createdAt: now,
      expiresAt: new Date('2026-01-31T12:05:00.000Z'),
    };

    it('are consumed once, and not after they expire', async () => {
      const challenges = createAuthChallengeRepository(database);
      await challenges.createChallenge(challenge);
      await challenges.createChallenge({ ...challenge, nonce: 'n-2' });
      expect(await challenges.consumeChallenge('n-1', 'f'.repeat(64), now)).toBe(false);
      expect(await challenges.consumeChallenge('n-1', keyId, now)).toBe(true);
      expect(await challenges.consumeChallenge('n-1', keyId, now)).toBe(false);
      expect(await challenges.consumeChallenge('n-2', keyId, challenge.expiresAt)).toBe(false);
      expect(await challenges.consumeChallenge('unknown', keyId, now)).toBe(false);
      expect(await challenges.deleteExpiredChallenges(challenge.expiresAt)).toBe(2);
    });

    it('let exactly one of several concurrent consumers on separate connections win', async () => {
      await createAuthChallengeRepository(database).createChallenge(challenge);
      const consumers = [database, test.connectAgain(), test.connectAgain(), test.connectAgain()].map(
        (each) => createAuthChallengeRepository(each),
      );
      // Connect every pool first, so that the consumers race on the row rather than on connection set-up.
      await Promise.all(consumers.map((consumer) => consumer.consumeChallenge('warm-up', keyId, now)));
      const outcomes = await Promise.all(
        [...consumers, ...consumers, ...consumers].map((consumer) =>
          consumer.consumeChallenge(challenge.nonce, keyId, now),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('auth challenge cap and expiry purge', () => {
    const now = new Date('2026-01-31T12:00:00.000Z');
    const keyId = keyIdOf(publicKeyOf('party-a', 'admin'));
    const challengeAt = (nonce: string, expiresAt: string) => ({
      nonce,
      keyId,
      createdAt: now,
      expiresAt: new Date(expiresAt),
    });

    it('counts stored challenges, used or not, up to the limit asked for', async () => {
      const challenges = createAuthChallengeRepository(database);
      expect(await challenges.countChallenges(10)).toBe(0);
      for (const nonce of ['n-1', 'n-2', 'n-3', 'n-4'])
        await challenges.createChallenge(challengeAt(nonce, '2026-01-31T12:05:00.000Z'));
      expect(await challenges.consumeChallenge('n-1', keyId, now)).toBe(true);
      expect(await challenges.countChallenges(10)).toBe(4);
      expect(await challenges.countChallenges(3)).toBe(3);
    });

    it('purges only the challenges expired at the given time', async () => {
      const challenges = createAuthChallengeRepository(database);
      await challenges.createChallenge(challengeAt('early', '2026-01-31T12:01:00.000Z'));
      await challenges.createChallenge(challengeAt('late', '2026-01-31T12:10:00.000Z'));
      expect(await challenges.deleteExpiredChallenges(new Date('2026-01-31T12:01:00.000Z'))).toBe(1);
      expect(await challenges.countChallenges(10)).toBe(1);
      expect(await challenges.consumeChallenge('late', keyId, now)).toBe(true);
      expect(await challenges.deleteExpiredChallenges(new Date('2026-01-31T12:05:00.000Z'))).toBe(0);
    });
  });

  describe('session expiry purge', () => {
    const now = new Date('2026-01-31T12:00:00.000Z');
    const sessionUntil = (idHash: string, expiresAt: string) => ({
      idHash,
      org: 'party-a',
      member: 'admin',
      keyId: keyIdOf(publicKeyOf('party-a', 'admin')),
      createdAt: now,
      expiresAt: new Date(expiresAt),
      csrfTokenHash: 'c'.repeat(64),
    });

    beforeEach(async () => {
      await log.commitBatch(genesisBatch());
    });

    it('removes sessions expired at the given time, counting them, and keeps the rest usable', async () => {
      const sessions = createSessionRepository(database);
      await sessions.createSession(sessionUntil('a'.repeat(64), '2026-01-31T12:30:00.000Z'));
      await sessions.createSession(sessionUntil('b'.repeat(64), '2026-01-31T13:00:00.000Z'));
      await sessions.createSession(sessionUntil('d'.repeat(64), '2026-01-31T20:00:00.000Z'));
      expect(await sessions.deleteExpiredSessions(new Date('2026-01-31T13:00:00.000Z'))).toBe(2);
      expect(await sessions.deleteExpiredSessions(new Date('2026-01-31T13:00:00.000Z'))).toBe(0);
      expect(await sessions.findSession('d'.repeat(64), now)).toBeDefined();
      expect(await sessions.deleteSession('a'.repeat(64))).toBe(false);
    });
  });

  describe('access log', () => {
    it('appends many records in one call, each listed once', async () => {
      const accessLog = createAccessLogRepository(database);
      const time = new Date('2026-02-01T00:00:00.000Z');
      const records = Array.from({ length: 620 }, (_, i) => ({
        time,
        org: 'party-a',
        member: 'admin',
        action: 'records.list',
        targetDigest: `sha256:${i.toString(16).padStart(64, '0')}`,
        resource: undefined,
      }));
      const ids = await accessLog.appendAccesses(records);
      expect(new Set(ids).size).toBe(620);
      const listed = await accessLog.listAccessByOrg('party-a', { limit: 1000 });
      expect(listed.map((record) => record.targetDigest).sort()).toEqual(
        records.map((record) => record.targetDigest).sort(),
      );
    });

    it('lists an org’s reads newest first and pages without losing equal times', async () => {
      const accessLog = createAccessLogRepository(database);
      const base = { member: 'admin', action: 'statement.read', resource: undefined } as const;
      const times = [
        '2026-01-31T12:00:00.000Z',
        '2026-01-31T12:00:01.000Z',
        '2026-01-31T12:00:01.000Z',
        '2026-01-31T12:00:02.000Z',
      ];
      for (const [i, time] of times.entries()) {
        await accessLog.appendAccess({
          ...base,
          time: new Date(time),
          org: 'party-a',
          targetDigest: `sha256:${String(i).repeat(64)}`,
        });
      }
      await accessLog.appendAccess({
        ...base,
        time: new Date(times[3]!),
        org: 'party-b',
        targetDigest: undefined,
      });
      await accessLog.appendAccess({
        ...base,
        time: new Date(times[3]!),
        org: undefined,
        member: undefined,
        targetDigest: undefined,
      });

      const first = await accessLog.listAccessByOrg('party-a', { limit: 2 });
      const second = await accessLog.listAccessByOrg('party-a', { limit: 2, before: first[1]! });
      const third = await accessLog.listAccessByOrg('party-a', { limit: 2, before: second[1]! });
      const all = [...first, ...second, ...third];
      expect(all.map((record) => record.time.toISOString())).toEqual([...times].reverse());
      expect(new Set(all.map((record) => record.targetDigest)).size).toBe(4);
      expect(all.every((record) => record.org === 'party-a' && record.resource === undefined)).toBe(true);
      expect(third).toEqual([]);
    });

    it('commits asynchronously but leaves every later commit synchronous, even after a failed write', async () => {
      // One connection with a deployment's durability, so the setting read is the one the write ran on.
      const durable = test.connectDurably();
      const accessLog = createAccessLogRepository(durable);
      // The dialect's own view of the connection's durability: SQLite's synchronous level (2 = FULL) and
      // PostgreSQL's synchronous_commit, which SET LOCAL must not leak out of the access-log transaction.
      const durability = async () =>
        durable.capabilities.name === 'sqlite'
          ? String(
              (await sql<{ synchronous: bigint }>`PRAGMA synchronous`.execute(durable.db)).rows[0]
                ?.synchronous,
            )
          : (await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(durable.db)).rows[0]
              ?.synchronous_commit;
      const before = await durability();
      expect(before).toBe(durable.capabilities.name === 'sqlite' ? '2' : 'on');
      const base = {
        time: new Date(),
        org: 'party-a',
        member: 'admin',
        targetDigest: undefined,
        resource: undefined,
      };
      await accessLog.appendAccess({ ...base, action: 'statement.read' });
      expect(await durability()).toBe(before);
      // A row the table refuses (no action) fails the whole write, and the setting is restored all the same.
      const refused = await rejectionOf(
        accessLog.appendAccesses([
          { ...base, action: 'statement.read' },
          { ...base, action: undefined as unknown as string },
        ]),
      );
      expect(refused).toBeDefined();
      expect(await durability()).toBe(before);
      expect(await accessLog.listAccessByOrg('party-a', { limit: 10 })).toHaveLength(1);
    });
  });

  describe('driver failures', () => {
    it('report an unreachable database as database_unavailable', async () => {
      const attempt = async () => {
        const unreachable = dialect.openUnreachable();
        try {
          await pingDatabase(unreachable);
        } finally {
          await unreachable.db.destroy();
        }
      };
      expect(isStorageError(await rejectionOf(attempt()), 'database_unavailable')).toBe(true);
    });

    it('answer a ping when the database is reachable', async () => {
      await expect(pingDatabase(database)).resolves.toBeUndefined();
    });

    it('report a schema that does not match as query_failed', async () => {
      await sql`drop table hash_tiles`.execute(database.db);
      expect(isStorageError(await rejectionOf(log.commitBatch(genesisBatch())), 'query_failed')).toBe(true);
    });
  });
});
