// Property test of the read side's one invariant (DESIGN.md §1.7, ADR 9): on SQLite and on PostgreSQL, after
// a random history whose statements have random audiences, every view the API gives a reader — incident lists
// (each status filter too), incident records, exchanges, cases, commitments, timelines and statement reads —
// equals what the test computes for that reader on its own: it picks the statements the reader may read with
// its own audience rule, folds them with the domain's `applyStatement`, and renders them with the view
// functions. A view built from the wrong statements (another reader's fold, the full state, a restricted
// amendment merged in) shows up as a difference.
import { computeKeyId, decodeBase64, decodeUtf8, type Envelope } from '@jmm/core';
import {
  applyStatement,
  coarsenRecordForPublic,
  computeMetrics,
  createMechanismState,
  DEFAULT_SETTINGS,
  INCIDENT_STATUSES,
  publicPrecisionOf,
  TAXONOMY_VERSION,
  type Audience,
  type CaseRecord,
  type MechanismState,
  type Role,
  type Statement,
  type StatementOf,
  type WorkflowRecord,
} from '@jmm/domain';
import { MAX_TIMELINE_DEPTH } from '@jmm/storage';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@jmm/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  toCase,
  toCommitment,
  toExchange,
  toFinding,
  toIncident,
  toIncidentListItem,
} from '../src/routes/record-views.ts';
import { createSeededRandom, type SeededRandom } from './crash/seeded-random.ts';
import { ORIGIN, publicKeyFor, startTestMechanism, type TestMechanism } from './test-mechanism.ts';

/** Statements attempted per history; some are refused (a random ref the issuer may not read, say). */
const STEPS = 160;
/** Organisations; the mediator is admitted halfway through the history. */
const ORGS = ['sec', 'pa', 'pb', 'ver', 'med'] as const;
type Org = (typeof ORGS)[number];
/** Readers: the public (undefined) and one member of each organisation. */
const READERS: readonly { org: Org | undefined; member: string | undefined }[] = [
  { org: undefined, member: undefined },
  { org: 'sec', member: 'sec/admin' },
  { org: 'pa', member: 'pa/liaison' },
  { org: 'pb', member: 'pb/liaison' },
  { org: 'ver', member: 'ver/ana' },
  { org: 'med', member: 'med/admin' },
];
const PRECISION = publicPrecisionOf(DEFAULT_SETTINGS);

interface Accepted {
  readonly statement: Statement;
  readonly digest: string;
  readonly keyId: string;
  readonly index: bigint;
  readonly logTime: string;
}

/** The test's own audience rule, written from DESIGN.md §1.7 rather than imported: what a reader's fold is of. */
function inAudience(reader: Org | undefined, statement: Statement): boolean {
  const { audience } = statement;
  if (audience.kind === 'public') return true;
  if (reader === undefined) return false;
  if (audience.kind === 'mechanism') return true;
  return statement.issuer.org === reader || audience.orgs.includes(reader);
}

/**
 * What a reader is served: its audience's statements, except that a release reaches the public only once a
 * verifier approver's public concurrence is in the log (DESIGN.md §3).
 */
function reads(history: History, reader: Org | undefined, accepted: Accepted): boolean {
  if (reader === undefined && accepted.statement.type === 'release')
    return history.concurred.has(accepted.digest);
  return inAudience(reader, accepted.statement);
}

/** One random history against one mechanism; `accepted` is what the log took, in log order. */
class History {
  readonly accepted: Accepted[] = [];
  /** Releases a verifier approver concurred with publicly. */
  readonly concurred = new Set<string>();
  refused = 0;
  mediatorAdmitted = false;
  private findingEndorsements = 0;

  constructor(
    readonly t: TestMechanism,
    private readonly random: SeededRandom,
  ) {}

  private pick<T>(items: readonly T[]): T {
    return items[this.random.integer(0, items.length - 1)]!;
  }

  private audienceFor(issuer: Org): Audience {
    const roll = this.random.next();
    if (roll < 0.3) return { kind: 'public' };
    if (roll < 0.55) return { kind: 'mechanism' };
    // A random non-empty set of organisations, which may or may not include the issuer's own.
    const orgs = ORGS.filter(
      (org) => org !== issuer && (org !== 'med' || this.mediatorAdmitted) && this.random.next() < 0.5,
    );
    if (orgs.length === 0 || this.random.next() < 0.3) orgs.push(issuer);
    return { kind: 'orgs', orgs };
  }

  private of(type: Statement['type']): Accepted[] {
    return this.accepted.filter((a) => a.statement.type === type);
  }

  async submit(statement: Statement): Promise<boolean> {
    const envelope: Envelope = await this.t.sign(statement);
    const response = await this.t.app.inject({
      method: 'POST',
      url: '/api/v1/statements',
      payload: envelope as object,
    });
    this.t.now += this.random.integer(1, 90) * 60_000;
    if (response.statusCode !== 201) {
      // A refusal must be a typed problem, never a crash.
      expect(response.statusCode, response.body).toBeLessThan(500);
      this.refused++;
      return false;
    }
    const {
      digest,
      index,
      log_time: logTime,
    } = response.json<{
      digest: string;
      index: number;
      log_time: string;
    }>();
    const signed = JSON.parse(decodeUtf8(decodeBase64(envelope.payload))) as Statement;
    const endorsed = signed.refs.find((ref) => ref.rel === 'endorses')?.digest;
    if (
      signed.type === 'endorse' &&
      signed.audience.kind === 'public' &&
      signed.body.position === 'concur' &&
      this.of('release').some((release) => release.digest === endorsed)
    )
      this.concurred.add(endorsed!);
    this.accepted.push({
      statement: signed,
      digest,
      keyId: envelope.signatures[0]!.keyid,
      index: BigInt(index),
      logTime,
    });
    return true;
  }

  async enrol(org: Org, member: string, roles: Role[]): Promise<void> {
    const ok = await this.submit(
      this.t.statement('member.enroll', `${org}/admin`, await this.t.enrolment(org, member, roles)),
    );
    expect(ok).toBe(true);
  }

  /** One random step: a statement of a random type, with random refs among what exists and a random audience. */
  async step(): Promise<void> {
    const { t } = this;
    const incidents = this.of('incident.report');
    const exchanges = this.of('exchange.request');
    const cases = this.of('case.open');
    const commitments = this.of('commitment.propose');
    const roll = this.random.integer(0, this.mediatorAdmitted ? 15 : 13);
    const party = this.pick(['pa', 'pb'] as const);
    const other = party === 'pa' ? 'pb' : 'pa';
    const time = new Date(t.now - 86_400_000).toISOString();
    if (roll <= 2 || incidents.length === 0) {
      const reporter = this.random.next() < 0.8 ? party : 'ver';
      const allegation = reporter !== 'ver' && this.random.next() < 0.7;
      await this.submit(
        t.statement(
          'incident.report',
          reporter === 'ver' ? 'ver/ana' : `${reporter}/reporter`,
          {
            kind: allegation ? 'allegation' : 'observation',
            category: {
              taxonomy: TAXONOMY_VERSION,
              mechanism_type: this.pick(['cross_border_fire', 'incursion', 'airspace_violation'] as const),
              event_type: 'explosions_remote_violence',
              sub_event_type: 'shelling_artillery_missile_attack',
            },
            time: { start: time, end: time, precision: 'exact' },
            location: {
              lat: 34 + this.random.next(),
              lon: 70 + this.random.next(),
              precision_m: 100,
              admin1: this.pick(['Kunar', 'Khyber', 'Nangarhar']),
              admin2: 'District',
            },
            ...(allegation ? { alleged_responsible: { actor: 'A unit', party: other } } : {}),
            narrative: `Report ${this.accepted.length}`,
            evidence: [],
          },
          { audience: this.audienceFor(reporter) },
        ),
      );
      return;
    }
    const incident = this.pick(incidents);
    const reporterOrg = incident.statement.issuer.org as Org;
    switch (roll) {
      case 3:
      case 4:
        await this.submit(
          t.statement(
            'incident.amend',
            reporterOrg === 'ver' ? 'ver/ana' : `${reporterOrg}/liaison`,
            {
              patch: {
                narrative: `Amended ${this.accepted.length}`,
                location: { lat: 34.5, lon: 70.5, precision_m: 50, admin1: 'Kunar', admin2: 'Precise' },
              },
              reason: 'Detail',
            },
            { audience: this.audienceFor(reporterOrg), refs: [{ rel: 'amends', digest: incident.digest }] },
          ),
        );
        return;
      case 5: {
        const responder = reporterOrg === 'pa' ? 'pb' : 'pa';
        const claims = this.random.next() < 0.3;
        await this.submit(
          t.statement(
            'incident.response',
            `${responder}/liaison`,
            {
              position: claims ? 'action_taken' : this.pick(['acknowledge', 'dispute'] as const),
              narrative: 'Our answer.',
              evidence: [],
              ...(claims ? { action: { description: 'We closed the camp.', against: 'site' as const } } : {}),
            },
            {
              audience: this.audienceFor(responder),
              refs: [{ rel: 'responds_to', digest: incident.digest }],
            },
          ),
        );
        return;
      }
      case 6:
        if (this.random.next() < 0.3) {
          await this.submit(
            t.statement(
              'incident.withdraw',
              reporterOrg === 'ver' ? 'ver/ana' : `${reporterOrg}/liaison`,
              { reason: 'In error' },
              {
                audience: this.audienceFor(reporterOrg),
                refs: [{ rel: 'withdraws', digest: incident.digest }],
              },
            ),
          );
        }
        return;
      case 7: {
        const sender = this.pick(['pa', 'pb', 'ver', 'sec'] as const);
        const recipient = this.pick(ORGS.filter((org) => org !== sender));
        await this.submit(
          t.statement(
            'exchange.request',
            sender === 'sec' || sender === 'ver' ? `${sender}/admin` : `${sender}/liaison`,
            {
              kind: 'information',
              priority: this.pick(['routine', 'priority'] as const),
              recipients: [recipient],
              subject: `Request ${this.accepted.length}`,
              text: 'Please tell us what you know.',
            },
            {
              audience: this.audienceFor(sender),
              ...(this.random.next() < 0.5 ? { refs: [{ rel: 'subject', digest: incident.digest }] } : {}),
            },
          ),
        );
        return;
      }
      case 8: {
        if (exchanges.length === 0) return;
        const exchange = this.pick(exchanges);
        const body = exchange.statement.body as { recipients: Org[] };
        const requester = exchange.statement.issuer.org as Org;
        const close = this.random.next() < 0.25;
        const actor = close ? requester : body.recipients[0]!;
        const issuer = actor === 'sec' || actor === 'ver' ? `${actor}/admin` : `${actor}/liaison`;
        const ref = { refs: [{ rel: 'responds_to' as const, digest: exchange.digest }] };
        const audience = { audience: this.audienceFor(actor) };
        if (close)
          await this.submit(
            t.statement('exchange.close', issuer, { satisfied: true }, { ...audience, ...ref }),
          );
        else if (this.random.next() < 0.5)
          await this.submit(t.statement('exchange.ack', issuer, {}, { ...audience, ...ref }));
        else
          await this.submit(
            t.statement(
              'exchange.reply',
              issuer,
              { outcome: 'no_action', text: 'Nothing found.', evidence: [] },
              { ...audience, ...ref },
            ),
          );
        return;
      }
      case 9: {
        const allegations = incidents.filter(
          (a) => (a.statement.body as { kind: string }).kind === 'allegation',
        );
        if (allegations.length === 0) return;
        const subject = this.pick(allegations);
        const admit = this.random.next() < 0.7;
        await this.submit(
          t.statement(
            'case.open',
            'ver/app1',
            admit
              ? {
                  decision: 'admit',
                  reason: 'Within the mandate.',
                  team: {
                    analysts: [{ org: 'ver', member: 'ana' }],
                    observers: this.random.next() < 0.5 ? [{ org: 'pa', member: 'liaison' }] : [],
                  },
                  finding_by: new Date(t.now + 30 * 86_400_000).toISOString(),
                }
              : { decision: 'decline', reason: 'Out of mandate.' },
            { audience: this.audienceFor('ver'), refs: [{ rel: 'subject', digest: subject.digest }] },
          ),
        );
        return;
      }
      case 10: {
        // Work goes on admitted cases (a declined one refuses it, which teaches the test nothing).
        const admitted = cases.filter((c) => (c.statement.body as { decision: string }).decision === 'admit');
        if (admitted.length === 0) return;
        const kase = this.pick(admitted);
        const ref = { rel: 'subject' as const, digest: kase.digest };
        const audience = this.audienceFor('ver');
        const what = this.random.integer(0, 2);
        if (what === 0)
          await this.submit(
            t.statement(
              'case.note',
              'ver/ana',
              { text: 'Site visit.', evidence: [] },
              { audience, refs: [ref] },
            ),
          );
        else if (what === 1)
          await this.submit(
            t.statement(
              'case.access_denied',
              'ver/ana',
              {
                party: this.pick(['pa', 'pb'] as const),
                kind: 'denied',
                occurred_at: time,
                text: 'Stopped.',
              },
              { audience, refs: [ref] },
            ),
          );
        else {
          const finding = await this.submit(
            t.statement(
              'case.finding',
              'ver/ana',
              {
                determination: 'inconclusive',
                source_reliability: 'C',
                information_credibility: 3,
                confidence: 'low',
                methods: ['documents'],
                summary: 'Not enough information.',
                evidence: [],
              },
              { audience, refs: [ref] },
            ),
          );
          if (finding) {
            const digest = this.accepted.at(-1)!.digest;
            await this.submit(
              t.statement(
                'endorse',
                'ver/app1',
                // Concurrences and dissents alternate, so every history has both.
                this.findingEndorsements++ % 2 === 0
                  ? { position: 'concur' }
                  : { position: 'dissent', text: 'The imagery is too coarse to tell.' },
                { audience: this.audienceFor('ver'), refs: [{ rel: 'endorses', digest }] },
              ),
            );
          }
        }
        return;
      }
      case 11:
        await this.submit(
          t.statement(
            'commitment.propose',
            'sec/admin',
            {
              title: `Commitment ${this.accepted.length}`,
              text: 'Staff the hotline.',
              obligated: this.random.next() < 0.5 ? ['pa', 'pb'] : [party],
              effective_from: time,
              indicators: [{ id: 'staffed', kind: 'assessed', name: 'Staffed', description: 'Always.' }],
            },
            { audience: this.audienceFor('sec') },
          ),
        );
        return;
      case 12:
      case 13: {
        if (commitments.length === 0) return;
        const commitment = this.pick(commitments);
        const ref = { rel: 'responds_to' as const, digest: commitment.digest };
        if (roll === 12 || this.random.next() < 0.5)
          await this.submit(
            t.statement(
              'commitment.accept',
              `${party}/liaison`,
              {},
              { audience: this.audienceFor(party), refs: [ref] },
            ),
          );
        else
          await this.submit(
            t.statement(
              'indicator.assessment',
              'ver/app1',
              {
                indicator: 'staffed',
                period: { start: time, end: new Date(t.now).toISOString() },
                status: 'met',
                rationale: 'Answered every call.',
              },
              { audience: this.audienceFor('ver'), refs: [{ rel: 'subject', digest: commitment.digest }] },
            ),
          );
        return;
      }
      case 14:
      case 15: {
        const releases = this.of('release');
        if (roll === 14 || releases.length === 0 || this.random.next() < 0.4) {
          // The mediator summarises statements it may read (some are not, and are refused).
          const summarised = [incident, ...this.accepted.slice(-3)]
            .filter((a, i, all) => all.findIndex((b) => b.digest === a.digest) === i)
            .filter(() => this.random.next() < 0.7);
          await this.submit(
            t.statement(
              'release',
              'med/admin',
              { title: `Release ${this.accepted.length}`, summary: 'What the parties agreed to say.' },
              {
                audience: { kind: 'public' },
                refs: (summarised.length > 0 ? summarised : [incident]).map((a) => ({
                  rel: 'summarises' as const,
                  digest: a.digest,
                })),
              },
            ),
          );
        } else {
          await this.submit(
            t.statement(
              'endorse',
              'ver/app1',
              { position: this.random.next() < 0.8 ? 'concur' : 'dissent' },
              {
                // A concurrence must be public (it publishes the release); some are not, and are refused.
                audience: this.random.next() < 0.6 ? { kind: 'public' } : this.audienceFor('ver'),
                refs: [{ rel: 'endorses', digest: this.pick(releases).digest }],
              },
            ),
          );
        }
        return;
      }
      default:
        return;
    }
  }

  /** The parties admit a mediator: a new organisation whose view starts mid-history. */
  async admitMediator(): Promise<void> {
    const { t } = this;
    expect(
      await this.submit(
        t.statement('org.admit', 'sec/admin', {
          org: {
            id: 'med',
            name: 'Mediator',
            kind: 'mediator',
            admins: [
              {
                member: 'admin',
                display_name: 'Mediator',
                roles: ['admin', 'approver'],
                public_key: await publicKeyFor('med/admin'),
              },
            ],
          },
          reason: 'A mediator joins the mechanism',
        }),
      ),
    ).toBe(true);
    const admission = this.accepted.at(-1)!.digest;
    for (const party of ['pa', 'pb'])
      expect(
        await this.submit(
          t.statement(
            'endorse',
            `${party}/admin`,
            { position: 'concur' },
            { refs: [{ rel: 'endorses', digest: admission }] },
          ),
        ),
      ).toBe(true);
    this.mediatorAdmitted = true;
  }

  async get(url: string, member: string | undefined): Promise<{ status: number; body: unknown }> {
    const response = await this.t.get(url, member);
    return { status: response.statusCode, body: response.json() };
  }

  /** A read that must succeed. */
  getJson<T>(url: string, member: string | undefined): Promise<T> {
    return this.t.getJson<T>(url, member);
  }
}

/** The reader's fold, computed by the test: `applyStatement` over exactly the statements it may read. */
function foldFor(history: History, reader: Org | undefined): MechanismState {
  const state = createMechanismState(ORIGIN);
  for (const accepted of history.accepted) {
    if (inAudience(reader, accepted.statement))
      applyStatement(state, accepted, (publicKey) => computeKeyId(decodeBase64(publicKey)));
  }
  return state;
}

/** A record as the reader is shown it: public records at the public precision. */
function shown<R extends WorkflowRecord>(record: R, reader: Org | undefined): R {
  return (reader === undefined ? coarsenRecordForPublic(record, PRECISION) : record) as R;
}

/** Newest first, as the lists' default sort. */
function recordsOf<K extends WorkflowRecord['kind']>(
  state: MechanismState,
  kind: K,
): Extract<WorkflowRecord, { kind: K }>[] {
  return [...state.records.values()]
    .filter((record): record is Extract<WorkflowRecord, { kind: K }> => record.kind === kind)
    .sort((a, b) => (a.index > b.index ? -1 : 1));
}

/** JSON as the API serialises it (undefined fields dropped). */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/**
 * The timeline the reader gets: readable statements reachable backwards over refs from the record, at most
 * MAX_TIMELINE_DEPTH refs away.
 */
function timelineOf(history: History, reader: Org | undefined, digest: string): string[] {
  const readable = history.accepted.filter((a) => reads(history, reader, a));
  const found = new Set([digest]);
  let frontier = [digest];
  for (let depth = 0; depth < MAX_TIMELINE_DEPTH && frontier.length > 0; depth++) {
    const next = readable
      .filter((a) => !found.has(a.digest) && a.statement.refs.some((ref) => frontier.includes(ref.digest)))
      .map((a) => a.digest);
    for (const d of next) found.add(d);
    frontier = next;
  }
  return readable.filter((a) => found.has(a.digest)).map((a) => a.digest);
}

let postgres: EmbeddedPostgresServer | undefined;

const DIALECTS = [
  { name: 'SQLite', seed: 0x71e_0001, databaseUrl: () => Promise.resolve(undefined) },
  {
    name: 'PostgreSQL',
    seed: 0x71e_0002,
    databaseUrl: async () => {
      postgres = await startEmbeddedPostgres();
      return postgres.createDatabase('jmm_views_property');
    },
  },
] as const;

afterAll(async () => {
  await postgres?.stop();
});

describe.each(DIALECTS.map((dialect) => [dialect.name, dialect] as const))(
  'views per reader on %s',
  (_name, dialect) => {
    let t: TestMechanism;
    let history: History;

    beforeAll(async () => {
      const databaseUrl = await dialect.databaseUrl();
      t = await startTestMechanism(databaseUrl === undefined ? {} : { databaseUrl });
      history = new History(t, createSeededRandom(dialect.seed));
      const genesis = t.mechanism.services.engine.mechanismState.genesisDigest!;
      const stored = await history.getJson<{ envelope: Envelope; index: number; log_time: string }>(
        `/statements/${genesis}`,
        undefined,
      );
      history.accepted.push({
        statement: JSON.parse(decodeUtf8(decodeBase64(stored.envelope.payload))) as Statement,
        digest: genesis,
        keyId: stored.envelope.signatures[0]!.keyid,
        index: BigInt(stored.index),
        logTime: stored.log_time,
      });
      for (const party of ['pa', 'pb'] as const) {
        await history.enrol(party, 'reporter', ['reporter']);
        await history.enrol(party, 'liaison', ['liaison']);
      }
      await history.enrol('ver', 'app1', ['approver']);
      await history.enrol('ver', 'ana', ['analyst']);
      for (let step = 0; step < STEPS; step++) {
        if (step === STEPS / 2) await history.admitMediator();
        await history.step();
      }
    });

    afterAll(async () => {
      await t.close();
    });

    it('ran a history with every audience that the log mostly accepted', () => {
      const workflow = history.accepted.filter((a) => a.statement.type !== 'member.enroll');
      expect(workflow.length).toBeGreaterThan(STEPS / 2);
      const kinds = new Set(workflow.map((a) => a.statement.audience.kind));
      expect([...kinds].sort()).toEqual(['mechanism', 'orgs', 'public']);
      // Statements some reader may not read exist, so a leak would have something to show.
      expect(workflow.some((a) => READERS.some((r) => !inAudience(r.org, a.statement)))).toBe(true);
      // Findings with endorsements exist, a dissent (with its reasons) among them.
      const findings = new Set(
        history.accepted.filter((a) => a.statement.type === 'case.finding').map((a) => a.digest),
      );
      const positions = history.accepted.flatMap(({ statement }) =>
        statement.type === 'endorse' && statement.refs.some((ref) => findings.has(ref.digest))
          ? [statement.body.position]
          : [],
      );
      expect(positions).toContain('dissent');
      // Releases both withheld from the public and published exist.
      const releases = history.accepted.filter((a) => a.statement.type === 'release');
      expect(releases.some((a) => history.concurred.has(a.digest))).toBe(true);
      expect(releases.some((a) => !history.concurred.has(a.digest))).toBe(true);
    });

    it.each(READERS.map((reader) => [reader.org ?? 'public', reader] as const))(
      'gives %s the incidents of its own fold, in every list filter and record',
      async (_label, reader) => {
        const fold = foldFor(history, reader.org);
        const forPublic = reader.org === undefined;
        const incidents = recordsOf(fold, 'incident').map((record) => shown(record, reader.org));
        const list = await history.getJson<{ records: unknown[] }>('/incidents?limit=200', reader.member);
        expect(list.records).toEqual(
          asJson(incidents.map((r) => toIncidentListItem(r, forPublic, fold.settings))),
        );
        for (const status of INCIDENT_STATUSES) {
          const filtered = await history.getJson<{ records: { digest: string }[] }>(
            `/incidents?limit=200&status=${status}`,
            reader.member,
          );
          expect(
            filtered.records.map((r) => r.digest),
            status,
          ).toEqual(incidents.filter((r) => r.status === status).map((r) => r.digest));
        }
        for (const admin1 of ['Kunar', 'Khyber']) {
          const filtered = await history.getJson<{ records: { digest: string }[] }>(
            `/incidents?limit=200&admin1=${admin1}`,
            reader.member,
          );
          expect(
            filtered.records.map((r) => r.digest),
            admin1,
          ).toEqual(incidents.filter((r) => r.body.location.admin1 === admin1).map((r) => r.digest));
        }
        // Every incident anyone reported: the reader's own fold's version, or not found.
        for (const { digest } of history.accepted.filter((a) => a.statement.type === 'incident.report')) {
          const record = fold.records.get(digest);
          const one = await history.get(`/incidents/${digest}`, reader.member);
          if (record === undefined) expect(one.status, digest).toBe(404);
          else
            expect(one.body, digest).toEqual(
              asJson(toIncident(shown(record as never, reader.org), forPublic, fold.settings)),
            );
        }
      },
    );

    it.each(READERS.map((reader) => [reader.org ?? 'public', reader] as const))(
      'gives %s the exchanges, cases and commitments of its own fold',
      async (_label, reader) => {
        const fold = foldFor(history, reader.org);
        const forPublic = reader.org === undefined;
        const exchanges = await history.getJson<{ records: unknown[]; as_of: string }>(
          '/exchanges?limit=200',
          reader.member,
        );
        expect(exchanges.records).toEqual(
          asJson(recordsOf(fold, 'exchange').map((r) => toExchange(r, exchanges.as_of, forPublic))),
        );
        const readable = new Set(
          history.accepted.filter((a) => reads(history, reader.org, a)).map((a) => a.digest),
        );
        const cases = await history.getJson<{ records: unknown[] }>('/cases?limit=200', reader.member);
        expect(cases.records).toEqual(
          asJson(recordsOf(fold, 'case').map((r: CaseRecord) => toCase(r, readable, forPublic))),
        );
        const commitments = await history.getJson<{ records: unknown[] }>(
          '/commitments?limit=200',
          reader.member,
        );
        expect(commitments.records).toEqual(asJson(recordsOf(fold, 'commitment').map(toCommitment)));
      },
    );

    it.each(READERS.map((reader) => [reader.org ?? 'public', reader] as const))(
      'gives %s the findings of its own fold, with what they and their endorsements say',
      async (_label, reader) => {
        const fold = foldFor(history, reader.org);
        const statementOf = (digest: string) => history.accepted.find((a) => a.digest === digest)!.statement;
        const expected = recordsOf(fold, 'finding').map((record) => {
          const finding = statementOf(record.digest) as StatementOf<'case.finding'>;
          const texts = new Map(
            record.endorsements.map((e) => [
              e.digest,
              (statementOf(e.digest) as StatementOf<'endorse'>).body.text,
            ]),
          );
          return toFinding(record, finding.body, texts, reader.org === undefined);
        });
        const findings = await history.getJson<{ records: unknown[] }>('/findings?limit=200', reader.member);
        expect(findings.records).toEqual(asJson(expected));
        for (const { digest } of history.accepted.filter((a) => a.statement.type === 'case.finding')) {
          const one = await history.get(`/findings/${digest}`, reader.member);
          const view = expected.find((f) => f.digest === digest);
          if (view === undefined) expect(one.status, digest).toBe(404);
          else expect(one.body, digest).toEqual(asJson(view));
        }
      },
    );

    it.each(READERS.map((reader) => [reader.org ?? 'public', reader] as const))(
      'gives %s the metrics of exactly the statements it may read',
      async (_label, reader) => {
        for (const period of ['week', 'month', 'quarter'] as const) {
          const metrics = await history.getJson<{ checkpoint: { log_time: string }; metrics: unknown }>(
            `/metrics?period=${period}`,
            reader.member,
          );
          const expected = computeMetrics({
            statements: history.accepted.filter((a) => inAudience(reader.org, a.statement)),
            settings: DEFAULT_SETTINGS,
            periodKind: period,
            asOf: metrics.checkpoint.log_time,
            publicMode: reader.org === undefined,
          });
          expect(metrics.metrics, period).toEqual(asJson(expected));
        }
      },
    );

    it.each(READERS.map((reader) => [reader.org ?? 'public', reader] as const))(
      'gives %s exactly the statements and timelines it may read',
      async (_label, reader) => {
        const fold = foldFor(history, reader.org);
        for (const accepted of history.accepted) {
          const one = await history.get(`/statements/${accepted.digest}`, reader.member);
          expect(one.status, accepted.statement.type).toBe(reads(history, reader.org, accepted) ? 200 : 404);
        }
        for (const record of recordsOf(fold, 'incident')) {
          const timeline = await history.getJson<{ statements: { digest: string; statement: unknown }[] }>(
            `/records/${record.digest}/timeline`,
            reader.member,
          );
          expect(timeline.statements.map((s) => s.digest)).toEqual(
            timelineOf(history, reader.org, record.digest),
          );
          // Each carries what it says, as signed; the public is not told who in an organisation signed it.
          for (const item of timeline.statements) {
            const { statement } = history.accepted.find((a) => a.digest === item.digest)!;
            expect(item.statement).toEqual({
              issuer: {
                org: statement.issuer.org,
                member: reader.org === undefined ? null : statement.issuer.member,
              },
              issued_at: statement.issued_at,
              audience: statement.audience,
              refs: statement.refs,
              body: asJson(statement.body),
            });
          }
        }
      },
    );
  },
);
