import {
  coarsenRecordForPublic,
  FULL_VIEWER,
  listViewerRecords,
  NEW_MEMBER_TEMPLATE,
  PUBLIC_VIEWER,
  viewerOf,
  type MechanismViews,
  type WorkflowRecord,
} from '@jmm/domain';
import type { LogStorage } from '@jmm/log';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFoldRepository,
  createLogStorage,
  createWorkflowRepository,
  isStorageError,
  RECORD_SORTS,
  type StorageDatabase,
  type WorkflowKind,
  type WorkflowRepository,
} from '../src/index.ts';
import { digestOf, leafHash } from './support/log-fixtures.ts';
import { rejectionOf } from './support/rejection-of.ts';
import { TEST_DIALECTS, type TestDatabase } from './support/test-dialects.ts';
import {
  incidentReport,
  refTo,
  statementOf,
  workflowBatch,
  workflowGenesisBatch,
  type WorkflowTestBatch,
} from './support/workflow-fixtures.ts';

/** A small history: four incidents, two exchanges, a commitment, a case to a released finding. */
function workflowScenario() {
  const incA1 = incidentReport({
    reporter: 'party-a/admin',
    against: 'party-b',
    start: '2026-01-10T06:00:00Z',
    end: '2026-01-10T08:00:00Z',
    lat: 34.8,
    lon: 71.1,
    admin1: 'Kunar',
  });
  const incA2 = incidentReport({
    reporter: 'party-a/admin',
    against: 'party-b',
    start: '2026-01-20T00:00:00Z',
    lat: 35.2,
    lon: 71.5,
    admin1: 'Kunar',
    mechanismType: 'incursion',
    audience: { kind: 'orgs', orgs: ['party-a', 'verifier'] },
  });
  // Mixed timestamp forms on purpose: `…00.5Z` and `…00Z` must compare as times, not as text.
  const incB1 = incidentReport({
    reporter: 'party-b/admin',
    against: 'party-a',
    start: '2026-01-05T10:30:00.5Z',
    end: '2026-01-06T00:00:00Z',
    lat: 31.0,
    lon: 66.4,
    admin1: 'Zabul',
    audience: { kind: 'public' },
  });
  const obsV = incidentReport({
    reporter: 'verifier/v1',
    start: '2026-01-15T00:00:00Z',
    lat: 34.0,
    lon: 179.5,
    audience: { kind: 'public' },
  });
  const exchange = statementOf('exchange.request', 'party-a/admin', {
    kind: 'information',
    priority: 'routine',
    recipients: ['party-b'],
    subject: 'Shelling near the crossing',
    text: 'Please share what your units reported.',
  });
  const notice = statementOf(
    'exchange.request',
    'party-b/admin',
    {
      kind: 'notification',
      priority: 'routine',
      recipients: ['party-a', 'secretariat'],
      subject: 'Exercise announced',
      text: 'An exercise takes place next week.',
    },
    { audience: { kind: 'orgs', orgs: ['party-b', 'party-a'] } },
  );
  const commitment = statementOf(
    'commitment.propose',
    'mediator/m1',
    {
      title: 'No fire across the line',
      text: 'Both parties refrain from fire across the line.',
      obligated: ['party-a', 'party-b'],
      effective_from: '2026-02-01T00:00:00Z',
      indicators: [{ id: 'no-fire', kind: 'assessed', name: 'No fire', description: 'No confirmed fire.' }],
    },
    { audience: { kind: 'public' } },
  );
  const response = statementOf(
    'incident.response',
    'party-b/admin',
    { position: 'dispute', narrative: 'No unit fired that day.', evidence: [] },
    { refs: refTo('responds_to', incA1) },
  );
  const ack = statementOf('exchange.ack', 'party-b/admin', {}, { refs: refTo('responds_to', exchange) });
  const caseOpen = statementOf(
    'case.open',
    'verifier/v1',
    {
      decision: 'admit',
      reason: 'Credible and within the mandate.',
      team: { analysts: [{ org: 'verifier', member: 'v1' }], observers: [] },
      finding_by: '2026-03-01T00:00:00Z',
    },
    { refs: refTo('subject', incA1) },
  );
  const acceptA = statementOf(
    'commitment.accept',
    'party-a/admin',
    {},
    { refs: refTo('responds_to', commitment) },
  );
  const note = statementOf(
    'case.note',
    'verifier/v1',
    { text: 'Site visit planned.', evidence: [] },
    { refs: refTo('subject', caseOpen), audience: { kind: 'orgs', orgs: ['verifier'] } },
  );
  const finding = statementOf(
    'case.finding',
    'verifier/v1',
    {
      determination: 'confirmed',
      attribution: { party: 'party-b', degree: 'attributable' },
      source_reliability: 'B',
      information_credibility: 2,
      confidence: 'moderate',
      methods: ['imagery'],
      summary: 'Craters consistent with artillery fire from the west.',
      evidence: [],
    },
    {
      refs: refTo('subject', caseOpen),
      audience: { kind: 'orgs', orgs: ['verifier', 'party-a', 'mediator'] },
    },
  );
  const endorse1 = statementOf(
    'endorse',
    'verifier/v1',
    { position: 'concur' },
    { refs: refTo('endorses', finding) },
  );
  const endorse2 = statementOf(
    'endorse',
    'verifier/v2',
    { position: 'concur' },
    { refs: refTo('endorses', finding) },
  );
  const acceptB = statementOf(
    'commitment.accept',
    'party-b/admin',
    {},
    { refs: refTo('responds_to', commitment) },
  );
  const release = statementOf(
    'release',
    'mediator/m1',
    { title: 'Shelling confirmed', summary: 'The verification team confirmed shelling in Kunar.' },
    { refs: refTo('summarises', finding), audience: { kind: 'public' } },
  );
  const endorseRelease = statementOf(
    'endorse',
    'verifier/v2',
    { position: 'concur' },
    { refs: refTo('endorses', release), audience: { kind: 'public' } },
  );

  const groups = [
    {
      logTime: '2026-02-01T00:00:00.000Z',
      statements: [incA1, incA2, incB1, obsV, exchange, notice, commitment],
    },
    { logTime: '2026-02-02T00:00:00.000Z', statements: [response, ack, caseOpen, acceptA, note] },
    { logTime: '2026-02-03T12:00:00.000Z', statements: [finding, endorse1, endorse2, acceptB] },
    { logTime: '2026-02-05T00:00:00.000Z', statements: [release, endorseRelease] },
  ];
  const batches = [workflowGenesisBatch()];
  for (const group of groups) batches.push(workflowBatch(batches.at(-1)!, group.statements, group.logTime));
  const digests = Object.fromEntries(
    Object.entries({
      incA1,
      incA2,
      incB1,
      obsV,
      exchange,
      notice,
      commitment,
      response,
      ack,
      caseOpen,
      acceptA,
      note,
      finding,
      endorse1,
      endorse2,
      acceptB,
      release,
      endorseRelease,
    }).map(([name, statement]) => [name, digestOf(statement)]),
  );
  return { batches, groups, d: digests as Record<string, string> };
}

const READERS = [undefined, 'party-a', 'party-b', 'verifier', 'secretariat', 'mediator'];

/** Every shown record of every reader's fold: what the projections hold. */
function allViewerRecords(views: MechanismViews) {
  return listViewerRecords(views, (viewer) => views.viewers.get(viewer)!.records.keys());
}

/** The reader organisation of a viewer key (undefined for the public). */
function readerOf(viewer: string): string | undefined {
  return viewer.startsWith('@') ? undefined : viewer;
}
const KINDS: WorkflowKind[] = ['incident', 'exchange', 'claim', 'case', 'finding', 'commitment', 'release'];

async function workflowRows(database: StorageDatabase) {
  return {
    records: await database.db
      .selectFrom('workflow_records')
      .selectAll()
      .orderBy('viewer')
      .orderBy('digest')
      .execute(),
    orgs: await database.db
      .selectFrom('workflow_record_orgs')
      .selectAll()
      .orderBy('viewer')
      .orderBy('digest')
      .orderBy('role')
      .orderBy('org')
      .execute(),
  };
}

describe.each(TEST_DIALECTS)('workflow projection on $name', (dialect) => {
  let test: TestDatabase;
  let database: StorageDatabase;
  let log: LogStorage;
  let workflow: WorkflowRepository;
  let scenario: ReturnType<typeof workflowScenario>;

  const digestsOf = (records: readonly WorkflowRecord[]) => records.map((record) => record.digest);
  const listDigests = async (kind: WorkflowKind, reader: string | undefined, filter: object = {}) =>
    digestsOf((await workflow.listRecords(kind, { reader, filter, limit: 200 })).records);

  beforeEach(async () => {
    test = await dialect.createDatabase();
    database = test.database;
    log = createLogStorage(database);
    workflow = createWorkflowRepository(database);
    scenario = workflowScenario();
  });
  afterEach(async () => {
    await test.close();
  });

  async function commitThrough(last: number): Promise<void> {
    for (const batch of scenario.batches.slice(0, last + 1)) await log.commitBatch(batch);
  }

  describe('commitBatch', () => {
    it('upserts each record as it is after every batch', async () => {
      const { batches, d } = scenario;
      const statuses: string[] = [];
      await log.commitBatch(batches[0]!);
      for (const batch of batches.slice(1)) {
        await log.commitBatch(batch);
        const incident = await workflow.findRecord(d.incA1!, 'verifier');
        statuses.push(incident?.kind === 'incident' ? incident.status : 'missing');
      }
      expect(statuses).toEqual(['reported', 'under_investigation', 'finding_final', 'released']);
      for (const { viewer, record } of allViewerRecords(batches.at(-1)!.views)) {
        expect(await workflow.findRecord(record.digest, readerOf(viewer))).toEqual(record);
      }
      expect(await workflow.findRecord(d.note!, 'verifier')).toBeUndefined();
      expect(await workflow.findRecord(`sha256:${'0'.repeat(64)}`, 'verifier')).toBeUndefined();
    });

    it('writes the same rows however the log is batched', async () => {
      await commitThrough(scenario.batches.length - 1);
      const grouped = await workflowRows(database);

      const other = await dialect.createDatabase();
      try {
        const otherLog = createLogStorage(other.database);
        let batch = workflowGenesisBatch();
        await otherLog.commitBatch(batch);
        for (const group of scenario.groups) {
          for (const statement of group.statements) {
            batch = workflowBatch(batch, [statement], group.logTime);
            await otherLog.commitBatch(batch);
          }
        }
        expect(await workflowRows(other.database)).toEqual(grouped);
      } finally {
        await other.close();
      }
      expect(grouped.records).toHaveLength(allViewerRecords(scenario.batches.at(-1)!.views).length);
    });

    it('writes nothing of a batch that fails', async () => {
      await commitThrough(1);
      const before = await workflowRows(database);
      const second = scenario.batches[2]!;
      const narrower = { ...second, tiles: [{ level: 0, index: 0n, width: 1, data: leafHash(0n) }] };
      await rejectionOf(log.commitBatch(narrower));
      expect(await workflowRows(database)).toEqual(before);
    });
  });

  describe('listRecords', () => {
    beforeEach(async () => {
      await commitThrough(scenario.batches.length - 1);
    });

    it("lists exactly the records of the reader's own fold, for every kind and reader", async () => {
      const records = allViewerRecords(scenario.batches.at(-1)!.views);
      for (const kind of KINDS) {
        for (const reader of READERS) {
          const expected = records
            .filter(({ viewer, record }) => viewer === viewerOf(reader) && record.kind === kind)
            .map(({ record }) => record)
            .sort((a, b) => (a.index > b.index ? -1 : 1))
            .map((record) => record.digest);
          expect(await listDigests(kind, reader), `${kind} for ${reader ?? 'the public'}`).toEqual(expected);
        }
      }
    });

    it('keeps a restricted incident from the other party and the public', async () => {
      const { d } = scenario;
      expect(await listDigests('incident', 'party-a')).toContain(d.incA2);
      expect(await listDigests('incident', 'verifier')).toContain(d.incA2);
      expect(await listDigests('incident', 'party-b')).not.toContain(d.incA2);
      expect(await listDigests('incident', undefined)).toEqual([d.obsV, d.incB1]);
    });

    it('filters incidents', async () => {
      const { d } = scenario;
      const reader = 'verifier';
      expect(await listDigests('incident', reader, { allegedParty: 'party-b' })).toEqual([d.incA2, d.incA1]);
      expect(await listDigests('incident', reader, { org: 'party-b' })).toEqual([d.incB1]);
      expect(await listDigests('incident', reader, { mechanismType: 'incursion' })).toEqual([d.incA2]);
      expect(await listDigests('incident', reader, { incidentKind: 'observation' })).toEqual([d.obsV]);
      expect(await listDigests('incident', reader, { admin1: 'Zabul' })).toEqual([d.incB1]);
      expect(await listDigests('incident', reader, { status: ['released'] })).toEqual([d.incA1]);
      expect(await listDigests('incident', reader, { status: ['reported', 'released'] })).toHaveLength(4);
      expect(await listDigests('incident', reader, { status: [] })).toEqual([]);
      // The span of incB1 ends at 2026-01-06T00:00:00Z exactly: an overlap includes its ends.
      expect(
        await listDigests('incident', reader, {
          period: { from: '2026-01-06T00:00:00Z', to: '2026-01-10T06:00:00.000Z' },
        }),
      ).toEqual([d.incB1, d.incA1]);
      expect(await listDigests('incident', reader, { period: { from: '2026-01-16T00:00:00Z' } })).toEqual([
        d.incA2,
      ]);
      expect(
        await listDigests('incident', reader, { bbox: { west: 70, south: 34, east: 72, north: 36 } }),
      ).toEqual([d.incA2, d.incA1]);
      // Across the antimeridian: west > east.
      expect(
        await listDigests('incident', reader, { bbox: { west: 179, south: 33, east: -179, north: 35 } }),
      ).toEqual([d.obsV]);
      expect(
        await listDigests('incident', 'party-b', {
          allegedParty: 'party-b',
          mechanismType: 'cross_border_fire',
        }),
      ).toEqual([d.incA1]);
    });

    it('filters exchanges by status, requester, recipient and overdue at a log time', async () => {
      const { d } = scenario;
      const reader = 'party-a';
      expect(await listDigests('exchange', reader, { status: ['acknowledged'] })).toEqual([d.exchange]);
      expect(await listDigests('exchange', reader, { org: 'party-b' })).toEqual([d.notice]);
      expect(await listDigests('exchange', reader, { recipient: 'party-a' })).toEqual([d.notice]);
      expect(await listDigests('exchange', reader, { recipient: 'secretariat' })).toEqual([d.notice]);
      // The notice's acknowledgements were due at 2026-02-03T00:00Z; the request's reply is due 02-15.
      const at = (time: string, overdue: boolean) => ({ overdue: { at: time, overdue } });
      expect(await listDigests('exchange', reader, at('2026-02-03T00:00:00Z', true))).toEqual([]);
      expect(await listDigests('exchange', reader, at('2026-02-03T00:00:00.001Z', true))).toEqual([d.notice]);
      expect(await listDigests('exchange', reader, at('2026-02-10T00:00:00Z', false))).toEqual([d.exchange]);
      expect(await listDigests('exchange', reader, at('2026-02-16T00:00:00Z', true))).toEqual([
        d.notice,
        d.exchange,
      ]);
      // The secretariat is a recipient but not in the audience: it does not see the notice.
      expect(await listDigests('exchange', 'secretariat', { recipient: 'secretariat' })).toEqual([]);
    });

    it('filters cases, findings and commitments', async () => {
      const { d } = scenario;
      expect(await listDigests('case', 'verifier', { status: ['finding_final'] })).toEqual([d.caseOpen]);
      // party-b cannot read the finding, so in its fold the case is still open: no status from a hidden statement.
      expect(await listDigests('case', 'party-b', { status: ['finding_final'] })).toEqual([]);
      expect(await listDigests('case', 'party-b', { status: ['open'] })).toEqual([d.caseOpen]);
      expect(await listDigests('finding', 'party-a', { caseDigest: d.caseOpen, status: ['final'] })).toEqual([
        d.finding,
      ]);
      expect(await listDigests('finding', 'party-a', { attributedParty: 'party-b' })).toEqual([d.finding]);
      expect(await listDigests('finding', 'party-b')).toEqual([]);
      expect(
        await listDigests('commitment', 'party-a', { obligated: 'party-b', status: ['in_force'] }),
      ).toEqual([d.commitment]);
      // The acceptances are mechanism-only, so for the public the (public) commitment is still proposed.
      expect(await listDigests('commitment', undefined, { status: ['in_force'] })).toEqual([]);
      expect(await listDigests('commitment', undefined, { status: ['proposed'] })).toEqual([d.commitment]);
      expect(await listDigests('commitment', undefined, { obligated: 'verifier' })).toEqual([]);
      expect(await listDigests('release', undefined, { status: ['published'] })).toEqual([d.release]);
      expect(await listDigests('claim', 'verifier')).toEqual([]);
    });

    it('sorts by log index or by incident time', async () => {
      const { d } = scenario;
      const sorted = async (sort: (typeof RECORD_SORTS)[number]) =>
        digestsOf((await workflow.listRecords('incident', { reader: 'verifier', sort, limit: 10 })).records);
      expect(await sorted('newest')).toEqual([d.obsV, d.incB1, d.incA2, d.incA1]);
      expect(await sorted('oldest')).toEqual([d.incA1, d.incA2, d.incB1, d.obsV]);
      expect(await sorted('time_asc')).toEqual([d.incB1, d.incA1, d.obsV, d.incA2]);
      expect(await sorted('time_desc')).toEqual([d.incA2, d.obsV, d.incA1, d.incB1]);
    });

    it('pages through every sort without repeating or skipping a record', async () => {
      for (const sort of RECORD_SORTS) {
        for (const reader of READERS) {
          const all = await workflow.listRecords('incident', { reader, sort, limit: 200 });
          expect(all.nextCursor).toBeUndefined();
          const paged: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await workflow.listRecords('incident', { reader, sort, limit: 1, cursor });
            paged.push(...digestsOf(page.records));
            cursor = page.nextCursor;
          } while (cursor !== undefined);
          expect(paged, `${sort} for ${reader ?? 'the public'}`).toEqual(digestsOf(all.records));
        }
      }
    });

    it('refuses a bad limit, a cursor it did not issue for this list, and a filter time that is no time', async () => {
      const page = await workflow.listRecords('incident', { reader: 'verifier', sort: 'time_asc', limit: 1 });
      const bad = [
        workflow.listRecords('incident', { reader: 'verifier', limit: 0 }),
        workflow.listRecords('incident', { reader: 'verifier', limit: 201 }),
        workflow.listRecords('incident', { reader: 'verifier', limit: 1.5 }),
        workflow.listRecords('incident', { reader: 'verifier', limit: 1, cursor: page.nextCursor }),
        workflow.listRecords('exchange', {
          reader: 'verifier',
          sort: 'time_asc',
          limit: 1,
          cursor: page.nextCursor,
        }),
        workflow.listRecords('incident', { reader: 'verifier', limit: 1, cursor: 'not a cursor' }),
        workflow.listRecords('incident', { reader: 'verifier', limit: 1, cursor: 'eyJpIjoiMSJ9' }),
        workflow.listRecords('incident', { reader: 'verifier', limit: 1, cursor: `${page.nextCursor!}A` }),
      ];
      bad.push(
        workflow.listRecords('incident', {
          reader: 'verifier',
          limit: 1,
          filter: { period: { from: 'yesterday' } },
        }),
        workflow.listRecords('exchange', {
          reader: 'verifier',
          limit: 1,
          filter: { overdue: { at: 'now', overdue: true } },
        }),
      );
      for (const attempt of bad)
        expect(isStorageError(await rejectionOf(attempt), 'invalid_argument')).toBe(true);
    });
  });

  describe('pagination while the log grows', () => {
    it('continues after the last record seen when records are added and change', async () => {
      await commitThrough(2);
      const { d } = scenario;
      const first = await workflow.listRecords('incident', { reader: 'verifier', limit: 2 });
      expect(digestsOf(first.records)).toEqual([d.obsV, d.incB1]);

      const later = incidentReport({
        reporter: 'party-b/admin',
        against: 'party-a',
        start: '2026-02-02T00:00:00Z',
        lat: 31,
        lon: 66,
      });
      const answer = statementOf(
        'incident.response',
        'party-a/admin',
        { position: 'acknowledge', narrative: 'We are looking into it.', evidence: [] },
        { refs: refTo('responds_to', scenario.batches[1]!.entries[2]!.statement) },
      );
      await log.commitBatch(workflowBatch(scenario.batches[2]!, [later, answer], '2026-02-02T12:00:00.000Z'));

      const second = await workflow.listRecords('incident', {
        reader: 'verifier',
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(digestsOf(second.records)).toEqual([d.incA2, d.incA1]);
      expect(second.nextCursor).toBeUndefined();
      expect(await workflow.findRecord(d.incB1!, 'party-b')).toMatchObject({ status: 'responded' });
    });
  });

  describe('listTimeline', () => {
    beforeEach(async () => {
      await commitThrough(scenario.batches.length - 1);
    });

    const timelineOf = async (digest: string, reader: string | undefined) =>
      (await workflow.listTimeline(digest, reader))?.statements.map((statement) => statement.digest);

    it('lists every statement that refers to the record, through the case and finding, in index order', async () => {
      const { d } = scenario;
      const timeline = await workflow.listTimeline(d.incA1!, 'verifier');
      expect(timeline?.truncated).toBe(false);
      expect(timeline?.statements.map((s) => s.digest)).toEqual([
        d.incA1,
        d.response,
        d.caseOpen,
        d.note,
        d.finding,
        d.endorse1,
        d.endorse2,
        d.release,
        d.endorseRelease,
      ]);
      expect(timeline?.statements[1]).toEqual({
        digest: d.response,
        index: 8n,
        type: 'incident.response',
        org: 'party-b',
        logTime: '2026-02-02T00:00:00.000Z',
        audience: { kind: 'mechanism' },
      });
      const indexes = timeline!.statements.map((s) => s.index);
      expect([...indexes].sort((a, b) => (a < b ? -1 : 1))).toEqual(indexes);
    });

    it('shows a reader only what it may read, and no link through what it may not', async () => {
      const { d } = scenario;
      // party-a reads the finding but not the note.
      expect(await timelineOf(d.incA1!, 'party-a')).toEqual([
        d.incA1,
        d.response,
        d.caseOpen,
        d.finding,
        d.endorse1,
        d.endorse2,
        d.release,
        d.endorseRelease,
      ]);
      // party-b cannot read the finding, so the endorsements and release that hang on it are not its.
      expect(await timelineOf(d.incA1!, 'party-b')).toEqual([d.incA1, d.response, d.caseOpen]);
      expect(await timelineOf(d.incA1!, undefined)).toBeUndefined();
      expect(await timelineOf(d.incA2!, 'party-b')).toBeUndefined();
      expect(await timelineOf(d.release!, undefined)).toEqual([d.release, d.endorseRelease]);
      expect(await timelineOf(`sha256:${'1'.repeat(64)}`, 'verifier')).toBeUndefined();
    });
  });

  describe('filterReadable', () => {
    it('keeps the statements in the log that the reader may read', async () => {
      await commitThrough(scenario.batches.length - 1);
      const { d } = scenario;
      const digests = [d.note!, d.finding!, d.response!, d.release!, `sha256:${'2'.repeat(64)}`];
      expect(await workflow.filterReadable(digests, 'verifier')).toEqual(
        new Set([d.note, d.finding, d.response, d.release]),
      );
      expect(await workflow.filterReadable(digests, 'party-a')).toEqual(
        new Set([d.finding, d.response, d.release]),
      );
      expect(await workflow.filterReadable(digests, 'party-b')).toEqual(new Set([d.response, d.release]));
      expect(await workflow.filterReadable(digests, undefined)).toEqual(new Set([d.release]));
      expect(await workflow.filterReadable([], 'verifier')).toEqual(new Set());
    });
  });

  describe('the sequencer state a batch stores (issue 9)', () => {
    /**
     * Commits the genesis and a batch of one public incident, with that record in every stored fold and
     * `extra` (viewer states) beside it; resolves the batch, the incident's digest and its full-fold record.
     */
    async function commitOneIncident(
      extra: (batch: WorkflowTestBatch) => Partial<Parameters<LogStorage['commitBatch']>[0]> = () => ({}),
    ) {
      const genesis = workflowGenesisBatch();
      const incident = incidentReport({
        reporter: 'party-a/admin',
        against: 'party-b',
        start: '2026-01-10T00:00:00Z',
        lat: 34.81234,
        lon: 71.14321,
        audience: { kind: 'public' },
      });
      const first = workflowBatch(genesis, [incident], '2026-01-31T13:00:00.000Z');
      const digest = digestOf(incident);
      const record = first.views.full.records.get(digest)!;
      await log.commitBatch(genesis);
      await log.commitBatch({
        ...first,
        folds: [FULL_VIEWER, NEW_MEMBER_TEMPLATE, PUBLIC_VIEWER].map((viewer) => ({ viewer, record })),
        ...extra(first),
      });
      return { first, digest, record };
    }
    it('reads back viewer states and fold records, an organisation fold from its projection', async () => {
      const { first, digest, record } = await commitOneIncident((batch) => ({
        viewerStates: new Map([
          [FULL_VIEWER, batch.views.full],
          [PUBLIC_VIEWER, batch.views.viewers.get(PUBLIC_VIEWER)!],
        ]),
      }));

      const states = await log.readViewerStates();
      expect([...states.keys()].sort()).toEqual([FULL_VIEWER, PUBLIC_VIEWER].sort());
      expect(states.get(FULL_VIEWER)).toEqual({ ...first.views.full, records: new Map(), size: 0n });
      const missing = `sha256:${'0'.repeat(64)}`;
      const folds = await log.readFoldRecords(
        [FULL_VIEWER, PUBLIC_VIEWER, 'party-a', 'party-b'],
        [digest, missing],
      );
      expect(folds.get(FULL_VIEWER)).toEqual(new Map([[digest, record]]));
      expect(folds.get(PUBLIC_VIEWER)).toEqual(new Map([[digest, record]]));
      // An organisation's fold is its projection: the record as the batch's `records` listed it.
      expect(folds.get('party-a')).toEqual(
        new Map([[digest, first.views.viewers.get('party-a')!.records.get(digest)]]),
      );
    });

    it('scans a stored fold in one snapshot: checkpoint and state first, then each record of the kinds asked', async () => {
      const { first, digest, record } = await commitOneIncident((batch) => ({
        viewerStates: new Map([
          [FULL_VIEWER, batch.views.full],
          ['party-a', batch.views.viewers.get('party-a')!],
        ]),
      }));
      const folds = createFoldRepository(database);
      const scan = (viewer: string, kinds: readonly WorkflowRecord['kind'][]) =>
        folds.scanFoldSnapshot(viewer, kinds, (snapshot) => {
          const records: WorkflowRecord[] = [];
          return {
            addRecord: (added) => {
              records.push(added);
            },
            finish: () => ({ ...snapshot, records }),
          };
        });

      const full = await scan(FULL_VIEWER, ['incident', 'case']);
      expect(full?.checkpoint).toEqual(await log.readCheckpoint());
      expect(full?.state).toEqual({
        ...first.views.full,
        records: new Map(),
        size: full?.checkpoint.treeSize,
      });
      expect(full?.records).toEqual([record]);
      // An organisation's fold is its projection; kinds not asked for are not handed over.
      expect((await scan('party-a', ['incident']))?.records).toEqual([
        first.views.viewers.get('party-a')!.records.get(digest),
      ]);
      expect((await scan(FULL_VIEWER, ['case', 'finding']))?.records).toEqual([]);
      // No stored state for the viewer: nothing to scan.
      expect(await scan('party-b', ['incident'])).toBeUndefined();
    });

    it('starts an admitted organisation from the stored template and re-projects the public fold', async () => {
      const { first, digest, record } = await commitOneIncident();
      const second = workflowBatch(
        first,
        [incidentReport({ reporter: 'party-b/admin', start: '2026-01-11T00:00:00Z', lat: 31, lon: 66 })],
        '2026-01-31T14:00:00.000Z',
      );
      const precision = { locationMetres: 50_000, time: 'month' } as const;
      await log.commitBatch({ ...second, admitted: ['observer-x'], publicPrecision: precision });

      const folds = await log.readFoldRecords(['observer-x'], [digest]);
      expect(folds.get('observer-x')).toEqual(new Map([[digest, record]]));
      const row = await database.db
        .selectFrom('workflow_records')
        .select(['record'])
        .where('viewer', '=', PUBLIC_VIEWER)
        .where('digest', '=', digest)
        .executeTakeFirstOrThrow();
      const coarse = coarsenRecordForPublic(record, precision);
      expect(JSON.parse(row.record)).toMatchObject({
        body: { location: coarse.kind === 'incident' ? coarse.body.location : {} },
      });
      expect(coarse.kind === 'incident' && coarse.body.location.lat).not.toBe(34.81234);
    });
  });

  describe('storeReplayedState (a log sequenced before its state was stored)', () => {
    it('inserts missing projection rows and leaves existing rows alone', async () => {
      await commitThrough(scenario.batches.length - 1);
      const full = await workflowRows(database);
      const records = allViewerRecords(scenario.batches.at(-1)!.views);
      const log = createLogStorage(database);
      const checkpoint = (await log.readCheckpoint())!;

      const { d } = scenario;
      await database.db.deleteFrom('workflow_record_orgs').where('digest', '!=', d.incA2!).execute();
      await database.db.deleteFrom('workflow_records').where('digest', '!=', d.incA2!).execute();
      await sql`update workflow_records set status = 'kept' where digest = ${d.incA2!}`.execute(database.db);

      await log.storeReplayedState(checkpoint, new Map(), [], records);
      const after = await workflowRows(database);
      expect(after.orgs).toEqual(full.orgs);
      expect(after.records).toEqual(
        full.records.map((row) => (row.digest === d.incA2 ? { ...row, status: 'kept' } : row)),
      );
    });

    it('writes nothing once another writer moved the checkpoint on', async () => {
      await commitThrough(scenario.batches.length - 1);
      const log = createLogStorage(database);
      const checkpoint = (await log.readCheckpoint())!;
      await database.db.deleteFrom('workflow_record_orgs').execute();
      await database.db.deleteFrom('workflow_records').execute();
      const stale = { treeSize: checkpoint.treeSize - 1n, rootHash: checkpoint.rootHash };
      await expect(
        log.storeReplayedState(stale, new Map(), [], allViewerRecords(scenario.batches.at(-1)!.views)),
      ).rejects.toMatchObject({ code: 'checkpoint_conflict' });
      expect((await workflowRows(database)).records).toEqual([]);
    });
  });
});
