import { statementSchema, TAXONOMY_VERSION, type Audience, type Statement } from '@jmm/domain';
import { isLogError, type LogStorage } from '@jmm/log';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAccessLogRepository,
  createBlobRepository,
  createLogStorage,
  isStorageError,
  type BlobRepository,
  type BlobUpload,
  type StorageDatabase,
} from '../src/index.ts';
import { digestOf, genesisBatch, nextBatch, ORIGIN } from './support/log-fixtures.ts';
import { rejectionOf } from './support/rejection-of.ts';
import { TEST_DIALECTS, type TestDatabase } from './support/test-dialects.ts';

/** Distinct, valid blob names. */
const BLOB_A = 'a'.repeat(64);
const BLOB_B = 'b'.repeat(64);
const BLOB_C = 'c'.repeat(64);
const BLOB_D = 'd'.repeat(64);
const BLOB_E = 'e'.repeat(64);
const BLOB_F = 'f'.repeat(64);
const NEVER_LISTED = '0'.repeat(64);

function evidence(sha256: string) {
  return { sha256, media_type: 'image/jpeg', size: 1234, captured_at: '2026-01-30T10:00:00Z' };
}

/** A statement of `type` by `org` with `body`, through the domain's schema so the projection sees real shapes. */
function statementOf(type: Statement['type'], org: string, body: unknown, audience: Audience): Statement {
  return statementSchema.parse({
    jmm: 1,
    type,
    mechanism: ORIGIN,
    issuer: { org, member: 'admin' },
    issued_at: '2026-01-31T11:59:00Z',
    audience,
    refs: [],
    body,
  });
}

const restrictedToA: Audience = { kind: 'orgs', orgs: ['party-a'] };
const mechanismWide: Audience = { kind: 'mechanism' };

const report = statementOf(
  'incident.report',
  'party-a',
  {
    kind: 'allegation',
    category: {
      taxonomy: TAXONOMY_VERSION,
      mechanism_type: 'cross_border_fire',
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
    },
    time: { start: '2026-01-30T10:00:00Z', end: '2026-01-30T11:00:00Z', precision: 'exact' },
    location: { lat: 34.1, lon: 71.1, precision_m: 1000 },
    alleged_responsible: { actor: 'forces across the border', party: 'party-b' },
    narrative: '[SYNTHETIC] shelling reported near the crossing',
    // The same file twice, under two descriptions: projected once.
    evidence: [
      evidence(BLOB_A),
      { ...evidence(BLOB_A), description: 'the same photo, cropped' },
      evidence(BLOB_B),
    ],
  },
  restrictedToA,
);
const response = statementOf(
  'incident.response',
  'party-b',
  { position: 'dispute', narrative: 'no firing took place', evidence: [evidence(BLOB_B)] },
  mechanismWide,
);
const amend = statementOf(
  'incident.amend',
  'party-a',
  { patch: { evidence: [evidence(BLOB_C)] }, reason: 'a clearer photo' },
  restrictedToA,
);
const reply = statementOf(
  'exchange.reply',
  'party-b',
  { outcome: 'information_provided', text: 'the patrol log is attached', evidence: [evidence(BLOB_D)] },
  mechanismWide,
);
const note = statementOf(
  'case.note',
  'party-a',
  { text: 'site visit notes', evidence: [evidence(BLOB_E)] },
  { kind: 'public' },
);
const finding = statementOf(
  'case.finding',
  'party-a',
  {
    determination: 'inconclusive',
    source_reliability: 'C',
    information_credibility: 3,
    confidence: 'low',
    methods: ['imagery'],
    summary: 'the imagery does not settle it',
    evidence: [evidence(BLOB_F), evidence(BLOB_A)],
  },
  mechanismWide,
);
/** A statement type without evidence, and an amend that does not touch the evidence list. */
const withdraw = statementOf('incident.withdraw', 'party-a', { reason: 'filed twice' }, restrictedToA);
const narrativeAmend = statementOf(
  'incident.amend',
  'party-a',
  { patch: { narrative: 'corrected narrative' }, reason: 'typo' },
  restrictedToA,
);

function upload(sha256: string, org: string, overrides: Partial<BlobUpload> = {}): BlobUpload {
  return {
    sha256,
    mediaType: 'image/jpeg',
    size: 1234,
    org,
    member: 'reporter',
    uploadedAt: new Date('2026-01-31T12:00:00.000Z'),
    ...overrides,
  };
}

describe.each(TEST_DIALECTS)('blobs on $name', (dialect) => {
  let test: TestDatabase;
  let database: StorageDatabase;
  let log: LogStorage;
  let blobs: BlobRepository;

  beforeEach(async () => {
    test = await dialect.createDatabase();
    database = test.database;
    log = createLogStorage(database);
    blobs = createBlobRepository(database);
  });
  afterEach(async () => {
    await test.close();
  });

  describe('commitBatch', () => {
    it('projects every evidence list of the batch, once per statement and blob', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      await log.commitBatch(
        nextBatch(genesis, [report, response, amend, reply, note, finding, withdraw, narrativeAmend]),
      );

      const rows = await database.db
        .selectFrom('statement_evidence')
        .selectAll()
        .orderBy('sha256')
        .orderBy('digest')
        .execute();
      const expected = [
        { digest: digestOf(report), sha256: BLOB_A },
        { digest: digestOf(finding), sha256: BLOB_A },
        { digest: digestOf(report), sha256: BLOB_B },
        { digest: digestOf(response), sha256: BLOB_B },
        { digest: digestOf(amend), sha256: BLOB_C },
        { digest: digestOf(reply), sha256: BLOB_D },
        { digest: digestOf(note), sha256: BLOB_E },
        { digest: digestOf(finding), sha256: BLOB_F },
      ].sort((a, b) => a.sha256.localeCompare(b.sha256) || a.digest.localeCompare(b.digest));
      expect(rows).toEqual(expected);
    });

    it('writes no evidence rows for a batch it refuses', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      await log.commitBatch(nextBatch(genesis, [response]));
      // A competing batch over the same (now stale) checkpoint: refused, and rolled back whole.
      const error = await rejectionOf(log.commitBatch(nextBatch(genesis, [report], 'fork')));
      expect(isLogError(error, 'checkpoint_conflict')).toBe(true);
      expect(await blobs.listReferringStatements(BLOB_A)).toEqual([]);
      expect((await blobs.listReferringStatements(BLOB_B)).map((ref) => ref.digest)).toEqual([
        digestOf(response),
      ]);
    });
  });

  describe('listReferringStatements', () => {
    it('lists each statement that lists the blob, in log order, with its org and audience', async () => {
      const genesis = genesisBatch();
      const second = nextBatch(genesis, [report, response]);
      await log.commitBatch(genesis);
      await log.commitBatch(second);
      await log.commitBatch(nextBatch(second, [finding]));

      expect(await blobs.listReferringStatements(BLOB_A)).toEqual([
        { digest: digestOf(report), index: 1n, org: 'party-a', audience: restrictedToA },
        { digest: digestOf(finding), index: 3n, org: 'party-a', audience: mechanismWide },
      ]);
      expect(await blobs.listReferringStatements(BLOB_B)).toEqual([
        { digest: digestOf(report), index: 1n, org: 'party-a', audience: restrictedToA },
        { digest: digestOf(response), index: 2n, org: 'party-b', audience: mechanismWide },
      ]);
    });

    it('lists nothing for a blob no statement lists, uploaded or not', async () => {
      await log.commitBatch(genesisBatch());
      await blobs.recordBlobUpload(upload(NEVER_LISTED, 'party-a'));
      expect(await blobs.listReferringStatements(NEVER_LISTED)).toEqual([]);
      expect(await blobs.listReferringStatements(BLOB_A)).toEqual([]);
    });
  });

  describe('recordBlobUpload', () => {
    it('records the first upload, and answers a repeat with the stored row', async () => {
      const first = upload(BLOB_A, 'party-a');
      expect(await blobs.recordBlobUpload(first)).toEqual({ upload: first, created: true });
      expect(await blobs.findBlob(BLOB_A)).toEqual(first);

      const repeat = upload(BLOB_A, 'party-a', {
        member: 'liaison',
        mediaType: 'image/png',
        uploadedAt: new Date('2026-02-01T00:00:00.000Z'),
      });
      expect(await blobs.recordBlobUpload(repeat)).toEqual({ upload: first, created: false });
      expect(await blobs.findBlob(BLOB_A)).toEqual(first);
    });

    it('keeps each organisation’s own upload, and the blob as its first upload described it', async () => {
      const byA = upload(BLOB_A, 'party-a');
      const byB = upload(BLOB_A, 'party-b', { member: 'liaison', mediaType: 'application/pdf' });
      await blobs.recordBlobUpload(byA);
      expect(await blobs.recordBlobUpload(byB)).toEqual({ upload: byB, created: true });

      expect(await blobs.findBlob(BLOB_A)).toEqual(byA);
      expect(await blobs.findBlobUpload(BLOB_A, 'party-a')).toEqual(byA);
      expect(await blobs.findBlobUpload(BLOB_A, 'party-b')).toEqual(byB);
      expect(await blobs.findBlobUpload(BLOB_A, 'secretariat')).toBeUndefined();
      expect(await blobs.findBlob(BLOB_B)).toBeUndefined();
    });

    it('lets concurrent uploads of the same bytes on separate connections all succeed, creating one row', async () => {
      const others = [test.connectAgain(), test.connectAgain(), test.connectAgain()];
      const outcomes = await Promise.all(
        [database, ...others].map((each) =>
          createBlobRepository(each).recordBlobUpload(upload(BLOB_A, 'party-a')),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
      expect(await blobs.findBlobUpload(BLOB_A, 'party-a')).toEqual(upload(BLOB_A, 'party-a'));
      // Charged once, whichever connection recorded it (the others were refunded).
      expect(await blobs.readEvidenceUsage('party-a')).toBe(1234);
    });

    it('refuses a malformed hash or size with invalid_argument', async () => {
      for (const bad of [
        upload('A'.repeat(64), 'party-a'),
        upload('../etc', 'party-a'),
        upload(BLOB_A, 'party-a', { size: 0 }),
      ]) {
        expect(isStorageError(await rejectionOf(blobs.recordBlobUpload(bad)), 'invalid_argument')).toBe(true);
      }
      expect(await blobs.findBlob(BLOB_A)).toBeUndefined();
    });
  });

  describe('uploads per organisation', () => {
    it('keeps one record per uploading organisation, with who uploaded it and when', async () => {
      const byB = upload(BLOB_A, 'party-b', {
        member: 'liaison',
        uploadedAt: new Date('2026-02-02T08:00:00.000Z'),
      });
      await blobs.recordBlobUpload(upload(BLOB_A, 'party-a'));
      await blobs.recordBlobUpload(byB);
      await blobs.recordBlobUpload(upload(BLOB_A, 'party-a', { member: 'liaison' }));
      await blobs.recordBlobUpload(upload(BLOB_B, 'party-a'));
      expect(await blobs.listBlobUploads(BLOB_A)).toEqual([upload(BLOB_A, 'party-a'), byB]);
      expect(await blobs.listBlobUploads(NEVER_LISTED)).toEqual([]);
    });

    it('counts each organisation’s bytes once per file, whoever else uploaded it', async () => {
      expect(await blobs.readEvidenceUsage('party-a')).toBe(0);
      await blobs.recordBlobUpload(upload(BLOB_A, 'party-a', { size: 100 }));
      await blobs.recordBlobUpload(upload(BLOB_A, 'party-a', { size: 100, member: 'liaison' }));
      await blobs.recordBlobUpload(upload(BLOB_B, 'party-a', { size: 50 }));
      await blobs.recordBlobUpload(upload(BLOB_A, 'party-b', { size: 100 }));
      expect(await blobs.readEvidenceUsage('party-a')).toBe(150);
      expect(await blobs.readEvidenceUsage('party-b')).toBe(100);
    });

    it('refuses a first upload past the quota with quota_exceeded, recording nothing for the organisation', async () => {
      await blobs.recordBlobUpload(upload(BLOB_A, 'party-a', { size: 600 }), { quotaBytes: 1000 });
      const refused = await rejectionOf(
        blobs.recordBlobUpload(upload(BLOB_B, 'party-a', { size: 401 }), { quotaBytes: 1000 }),
      );
      expect(isStorageError(refused, 'quota_exceeded')).toBe(true);
      expect(await blobs.findBlobUpload(BLOB_B, 'party-a')).toBeUndefined();
      expect(await blobs.readEvidenceUsage('party-a')).toBe(600);

      // Exactly up to the quota is allowed; a repeat of bytes already uploaded costs nothing, even when full.
      await blobs.recordBlobUpload(upload(BLOB_C, 'party-a', { size: 400 }), { quotaBytes: 1000 });
      expect(
        await blobs.recordBlobUpload(upload(BLOB_A, 'party-a', { size: 600 }), { quotaBytes: 1000 }),
      ).toMatchObject({ created: false });
      expect(await blobs.readEvidenceUsage('party-a')).toBe(1000);
      // Another organisation's quota is its own.
      await blobs.recordBlobUpload(upload(BLOB_B, 'party-b', { size: 401 }), { quotaBytes: 1000 });
    });

    it('lets concurrent first uploads of one organisation on separate connections pass the quota no further', async () => {
      const connections = [database, test.connectAgain(), test.connectAgain(), test.connectAgain()];
      const outcomes = await Promise.allSettled(
        [BLOB_A, BLOB_B, BLOB_C, BLOB_D].map((sha256, i) =>
          createBlobRepository(connections[i]!).recordBlobUpload(upload(sha256, 'party-a', { size: 400 }), {
            quotaBytes: 1000,
          }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected')
          expect(isStorageError(outcome.reason, 'quota_exceeded')).toBe(true);
      }
      expect(await blobs.readEvidenceUsage('party-a')).toBe(800);
    });
  });

  describe('findEvidenceHolders', () => {
    it('names each file’s uploaders and the issuer and audience of the statements that list it', async () => {
      const genesis = genesisBatch();
      await log.commitBatch(genesis);
      await log.commitBatch(nextBatch(genesis, [report, response, finding]));
      await blobs.recordBlobUpload(upload(BLOB_A, 'party-a'));
      await blobs.recordBlobUpload(upload(BLOB_A, 'secretariat'));
      await blobs.recordBlobUpload(upload(NEVER_LISTED, 'party-b'));

      const holders = await log.findEvidenceHolders([BLOB_A, BLOB_B, NEVER_LISTED, BLOB_E, BLOB_A]);
      expect(holders.get(BLOB_A)?.uploaders).toEqual(['party-a', 'secretariat']);
      expect(holders.get(BLOB_A)?.listings).toEqual(
        expect.arrayContaining([
          { org: 'party-a', audience: restrictedToA },
          { org: 'party-a', audience: mechanismWide },
        ]),
      );
      expect(holders.get(BLOB_A)?.listings).toHaveLength(2);
      expect(holders.get(BLOB_B)).toEqual({
        uploaders: [],
        listings: expect.arrayContaining([
          { org: 'party-a', audience: restrictedToA },
          { org: 'party-b', audience: mechanismWide },
        ]) as unknown,
      });
      expect(holders.get(NEVER_LISTED)).toEqual({ uploaders: ['party-b'], listings: [] });
      expect(holders.has(BLOB_E)).toBe(false);
    });
  });

  describe('reads of evidence in the access log', () => {
    it('shows a copy kept for the uploading organisation in its log, not twice in the reader’s', async () => {
      const accessLog = createAccessLogRepository(database);
      const read = {
        time: new Date('2026-02-01T00:00:00.000Z'),
        org: 'party-b',
        member: 'liaison',
        action: 'evidence.read',
        targetDigest: undefined,
        resource: BLOB_A,
      };
      await accessLog.appendAccesses([read, { ...read, ownerOrg: 'party-a' }]);
      const ofA = await accessLog.listAccessByOrg('party-a', { limit: 10 });
      expect(ofA).toEqual([expect.objectContaining({ ...read, ownerOrg: 'party-a' })]);
      const ofB = await accessLog.listAccessByOrg('party-b', { limit: 10 });
      expect(ofB).toHaveLength(1);
      expect(ofB[0]).toEqual(expect.objectContaining(read));
      expect(ofB[0]).not.toHaveProperty('ownerOrg');
    });
  });
});
