// `jmm rebuild` as a property (DESIGN.md §1.1: the log is the truth): random valid histories are sequenced by a
// real mechanism on SQLite and on PostgreSQL, replayed into a fresh database, and every log-derived table and the
// replayed mechanism state must come out identical. A small model of the mechanism picks, at every step, only
// statements that are valid in its current state, signed with the real keys of an enrolled cast; a statement
// the mechanism refuses is a failure (of the model or of the product), so the suite also checks the rules.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  computeKeyId,
  decodeBase64,
  decodeUtf8,
  ed25519,
  encodeBase64,
  encodeHex,
  encodeUtf8,
  sha256,
  type Ed25519Signer,
  type Envelope,
} from '@jmm/core';
import {
  applyStatementToViews,
  createMechanismViews,
  FULL_VIEWER,
  parseStatement,
  type MechanismState,
  ACLED_EVENT_TYPES,
  allowedAudiencesOf,
  canOrgRead,
  coarsenStatementForPublic,
  computeAudienceMetrics,
  DEFAULT_SETTINGS,
  ENDORSEMENT_RULES,
  INDICATOR_METRICS,
  listReportValues,
  MECHANISM_TYPES,
  publicPrecisionOf,
  resolveMetricPeriod,
  ROLES,
  satisfiesRule,
  signStatement,
  STATEMENT_RULES,
  TAXONOMY_VERSION,
  type AcledEventType,
  type Audience,
  type Indicator,
  type OrgKind,
  type Ref,
  type Role,
  type Statement,
  type StatementOf,
  type StatementType,
} from '@jmm/domain';
import { LogEngine, type LogEngineOptions } from '@jmm/log';
import {
  createCosignatureRepository,
  createLogStorage,
  createPostgresDatabase,
  createSqliteDatabase,
  type StorageDatabase,
} from '@jmm/storage';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@jmm/storage/testing';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initializeMechanism,
  openMechanism,
  type OpenMechanism,
  parseServerConfig,
  readMechanismFiles,
  rebuildMechanism,
  type RebuildTarget,
  type ServerConfig,
} from '@jmm/mechanism';

const ORIGIN = 'jmm.example.org/rebuild-test';
const START = Date.parse('2026-03-01T00:00:00.000Z');
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const RUNS_PER_DIALECT = 12;
/** Tables the server writes beside the log, which a rebuild does not (and must not) reproduce. */
const NOT_LOG_DERIVED = new Set([
  'sessions',
  'auth_challenges',
  'access_log',
  'blobs',
  'blob_uploads',
  'org_evidence_usage',
  'sequencer_lease',
]);

// ---------------------------------------------------------------------------------------------------------------
// Keys, a deterministic random source, and the live mechanism.

const signers = new Map<string, Promise<Ed25519Signer>>();
function signerFor(name: string): Promise<Ed25519Signer> {
  let signer = signers.get(name);
  if (signer === undefined) {
    signer = ed25519.createSigner(sha256(encodeUtf8(`rebuild test ${name}`)));
    signers.set(name, signer);
  }
  return signer;
}
async function publicKeyOf(name: string): Promise<string> {
  return encodeBase64((await signerFor(name)).publicKey);
}

/** mulberry32: every choice of a step comes from the step's seed, so fast-check can replay and shrink. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(0, items.length - 1)]!;
  }
  subset<T>(items: readonly T[], min: number, max: number): T[] {
    const pool = [...items];
    const count = Math.min(pool.length, this.int(min, max));
    const chosen: T[] = [];
    while (chosen.length < count) chosen.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
    return chosen;
  }
  hex(bytes: number): string {
    return Array.from({ length: bytes * 2 }, () => '0123456789abcdef'[this.int(0, 15)]).join('');
  }
}

const iso = (millis: number) => new Date(millis).toISOString();

interface Dialect {
  readonly name: string;
  /** The live mechanism's database URL (undefined: SQLite in its data directory). */
  liveDatabaseUrl(): Promise<string | undefined>;
  rebuildTarget(dataDir: string): Promise<RebuildTarget>;
  open(target: RebuildTarget): StorageDatabase;
}

let postgres: EmbeddedPostgresServer | undefined;
let databases = 0;
const DIALECTS: readonly Dialect[] = [
  {
    name: 'SQLite',
    liveDatabaseUrl: () => Promise.resolve(undefined),
    rebuildTarget: (dataDir) => Promise.resolve({ sqlitePath: join(dataDir, 'rebuilt.sqlite') }),
    open: (target) => createSqliteDatabase({ path: 'sqlitePath' in target ? target.sqlitePath : '' }),
  },
  {
    name: 'PostgreSQL',
    liveDatabaseUrl: () => postgres!.createDatabase(`live_${(databases += 1)}`),
    rebuildTarget: async () => ({
      databaseUrl: await postgres!.createDatabase(`rebuilt_${(databases += 1)}`),
    }),
    open: (target) =>
      createPostgresDatabase({
        connectionString: 'databaseUrl' in target ? target.databaseUrl : '',
        poolSize: 2,
      }),
  },
];

interface Live {
  readonly config: ServerConfig;
  readonly mechanism: OpenMechanism;
  readonly dataDir: string;
  now: number;
  treeSize(): bigint;
  close(): Promise<void>;
}

const GENESIS_ORGS: readonly { id: string; kind: OrgKind; name: string }[] = [
  { id: 'sec', kind: 'secretariat', name: 'Secretariat' },
  { id: 'pa', kind: 'party', name: 'Party A' },
  { id: 'pb', kind: 'party', name: 'Party B' },
  { id: 'ver', kind: 'verifier', name: 'Verification team' },
  { id: 'med', kind: 'mediator', name: 'Mediators' },
];

async function startLive(dialect: Dialect): Promise<Live> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jmm-rebuild-test-'));
  const config = parseServerConfig(
    { data: dataDir, 'log-level': 'silent', 'database-url': await dialect.liveDatabaseUrl() },
    {},
  );
  const clock = { now: START };
  await initializeMechanism(config, {
    origin: ORIGIN,
    clock: () => clock.now,
    signGenesis: async (logVerifierKey) =>
      signStatement(
        {
          jmm: 1,
          type: 'mechanism.genesis',
          mechanism: ORIGIN,
          issuer: { org: 'sec', member: 'admin' },
          issued_at: iso(START),
          audience: { kind: 'public' },
          refs: [],
          body: {
            origin: ORIGIN,
            name: 'Rebuild test mechanism',
            log_vkey: logVerifierKey,
            orgs: await Promise.all(
              GENESIS_ORGS.map(async ({ id, kind, name }) => ({
                id,
                kind,
                name,
                admins: [
                  {
                    member: 'admin',
                    display_name: 'Administrator',
                    roles: ['admin'],
                    public_key: await publicKeyOf(`${id}/admin`),
                  },
                ],
              })),
            ),
            settings: DEFAULT_SETTINGS,
          },
        },
        await signerFor('sec/admin'),
      ),
  });
  const mechanism = await openMechanism(config, {
    clock: () => clock.now,
    randomBytes: (length) => new Uint8Array(randomBytes(length)),
  });
  return {
    config,
    mechanism,
    dataDir,
    get now() {
      return clock.now;
    },
    set now(value: number) {
      clock.now = value;
    },
    treeSize: () => mechanism.services.engine.latestCheckpoint?.treeSize ?? 0n,
    close: async () => {
      await mechanism.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The model: what the mechanism holds, as far as choosing a valid next statement needs to know.

interface ModelMember {
  readonly org: string;
  readonly member: string;
  readonly roles: readonly Role[];
  /** The signer's name for signerFor. */
  readonly signer: string;
  /** Cast members are never revoked, so that every workflow stays reachable. */
  readonly cast: boolean;
  active: boolean;
  keyRevoked: boolean;
}

interface Sealed {
  readonly digest: string;
  readonly type: StatementType;
  readonly org: string;
  readonly audience: Audience;
  readonly envelope: Envelope;
}
interface Incident extends Sealed {
  readonly kind: 'allegation' | 'observation';
  readonly alleged: string | undefined;
  withdrawn: boolean;
  cased: boolean;
}
interface Claim extends Sealed {
  cased: boolean;
}
interface Exchange extends Sealed {
  readonly recipients: readonly string[];
  readonly acked: Set<string>;
  readonly replied: Set<string>;
  closed: boolean;
}
interface Case extends Sealed {
  readonly analysts: readonly ModelMember[];
  readonly observers: readonly ModelMember[];
  open: boolean;
}
interface Finding extends Sealed {
  readonly kase: Case;
  /** Latest position of each counting endorser (the finding's org's approvers), by member key. */
  readonly positions: Map<string, 'concur' | 'dissent'>;
  final: boolean;
}
interface Commitment extends Sealed {
  readonly obligated: readonly string[];
  readonly indicators: readonly string[];
  readonly accepted: Set<string>;
  withdrawn: boolean;
}
interface Release extends Sealed {
  published: boolean;
}
interface PendingChange extends Sealed {
  readonly positions: Map<string, 'concur' | 'dissent'>;
  /** For org.admit: the organisation and its admin, effective when every party concurs. */
  readonly admits: { readonly id: string; readonly kind: OrgKind } | undefined;
}

class Model {
  readonly orgs = new Map<string, OrgKind>(GENESIS_ORGS.map(({ id, kind }) => [id, kind]));
  readonly members: ModelMember[] = GENESIS_ORGS.map(({ id }) => castMember(id, 'admin', ['admin']));
  readonly sealed: Sealed[] = [];
  readonly incidents: Incident[] = [];
  readonly claims: Claim[] = [];
  readonly exchanges: Exchange[] = [];
  readonly cases: Case[] = [];
  readonly findings: Finding[] = [];
  readonly commitments: Commitment[] = [];
  readonly releases: Release[] = [];
  readonly pending: PendingChange[] = [];
  readonly typeCounts = new Map<string, number>();
  /** State changes reached (a finding made final, a change in effect…), to check the histories go deep. */
  readonly milestones = new Set<string>();
  private counter = 0;

  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }
  kindOf(org: string): OrgKind {
    return this.orgs.get(org)!;
  }
  parties(): string[] {
    return [...this.orgs].filter(([, kind]) => kind === 'party').map(([id]) => id);
  }
  /** Members who can sign now and whose org kind and roles STATEMENT_RULES allows to issue `type`. */
  issuers(type: StatementType): ModelMember[] {
    return this.members.filter(
      (m) => m.active && !m.keyRevoked && satisfiesRule(STATEMENT_RULES[type], this.kindOf(m.org), m.roles),
    );
  }
  /** Members who may endorse a statement of `target` type, by both tables. */
  endorsers(target: StatementType): ModelMember[] {
    const rule = ENDORSEMENT_RULES[target]!;
    return this.issuers('endorse').filter((m) => satisfiesRule(rule, this.kindOf(m.org), m.roles));
  }
  seal(digest: string, statement: Statement, envelope: Envelope): Sealed {
    const sealed = {
      digest,
      type: statement.type,
      org: statement.issuer.org,
      audience: statement.audience,
      envelope,
    };
    this.sealed.push(sealed);
    this.typeCounts.set(statement.type, (this.typeCounts.get(statement.type) ?? 0) + 1);
    return sealed;
  }
}

function castMember(org: string, member: string, roles: readonly Role[]): ModelMember {
  return { org, member, roles, signer: `${org}/${member}`, cast: true, active: true, keyRevoked: false };
}

/** The cast enrolled right after the genesis, in one burst (so in one or a few batches). */
const CAST: readonly (readonly [string, string, readonly Role[]])[] = [
  ['pa', 'reporter', ['reporter']],
  ['pa', 'liaison', ['liaison']],
  ['pb', 'reporter', ['reporter']],
  ['pb', 'liaison', ['liaison', 'viewer']],
  ['ver', 'analyst1', ['analyst']],
  ['ver', 'analyst2', ['analyst', 'reporter']],
  ['ver', 'approver1', ['approver']],
  ['ver', 'approver2', ['approver']],
  ['med', 'approver', ['approver']],
  ['sec', 'approver', ['approver']],
];

const reads = (sealed: Sealed, org: string) => canOrgRead(sealed.audience, sealed.org, org);
const memberKey = (m: ModelMember) => `${m.org}/${m.member}`;

// ---------------------------------------------------------------------------------------------------------------
// Actions: each plans statements valid in the model's current state and says how the model changes once they
// are sequenced. Statements of one plan are independent of each other and are submitted at once, so that the
// engine groups them into batches as it would under load.

interface Planned {
  readonly statement: Statement;
  readonly signer: string;
  readonly accepted: (sealed: Sealed) => void;
}
interface Step {
  readonly rng: Rng;
  readonly model: Model;
  readonly live: Live;
}
interface Action {
  readonly name: string;
  readonly weight: number;
  plan(step: Step): Promise<Planned[] | undefined> | Planned[] | undefined;
}

function statementFrom<T extends StatementType>(
  { rng, live, model }: Step,
  type: T,
  issuer: ModelMember,
  body: StatementOf<T>['body'],
  options: { audience?: Audience; refs?: Ref[]; endorsed?: StatementType } = {},
): Statement {
  // Public statements are signed at the public precision, as a careful client signs them.
  return coarsenStatementForPublic(
    {
      jmm: 1,
      type,
      mechanism: ORIGIN,
      issuer: { org: issuer.org, member: issuer.member },
      // Within the mechanism's 600 s tolerance of log time, on either side.
      issued_at: iso(live.now + rng.int(-300, 300) * 1000),
      audience:
        options.audience ??
        allowedAudience(
          randomAudience(rng, [...model.orgs.keys()]),
          allowedAudiencesOf(type, options.endorsed),
        ),
      refs: options.refs ?? [],
      body,
    } as Statement,
    publicPrecisionOf(DEFAULT_SETTINGS),
  );
}

/**
 * `audience`, or where the type does not allow it (AUDIENCE_RULES: membership, rule changes and their
 * endorsements are public) the mechanism, or else the public.
 */
function allowedAudience(audience: Audience, allowed: readonly Audience['kind'][]): Audience {
  if (allowed.includes(audience.kind)) return audience;
  return allowed.includes('mechanism') ? { kind: 'mechanism' } : { kind: 'public' };
}

function randomAudience(rng: Rng, orgs: readonly string[]): Audience {
  const roll = rng.next();
  if (roll < 0.3) return { kind: 'public' };
  if (roll < 0.6) return { kind: 'mechanism' };
  return { kind: 'orgs', orgs: rng.subset(orgs, 1, 3) };
}

function planned(statement: Statement, issuer: ModelMember, accepted: (sealed: Sealed) => void): Planned {
  return { statement, signer: issuer.signer, accepted };
}

function evidence(rng: Rng) {
  return {
    sha256: rng.hex(32),
    media_type: rng.pick(['image/jpeg', 'application/pdf']),
    size: rng.int(1, 1e6),
  };
}

function location(rng: Rng) {
  return {
    lat: rng.int(290_000, 360_000) / 10_000,
    lon: rng.int(620_000, 740_000) / 10_000,
    precision_m: rng.int(10, 50_000),
    ...(rng.chance(0.5)
      ? { admin1: rng.pick(['Khyber Pakhtunkhwa', 'Balochistan', 'Kunar', 'Nangarhar']) }
      : {}),
  };
}

function estimate(rng: Rng) {
  const low = rng.int(0, 5);
  const best = low + rng.int(0, 5);
  return { low, best, high: best + rng.int(0, 5) };
}

function category(rng: Rng) {
  const eventType = rng.pick(Object.keys(ACLED_EVENT_TYPES) as AcledEventType[]);
  return {
    taxonomy: TAXONOMY_VERSION as typeof TAXONOMY_VERSION,
    mechanism_type: rng.pick(MECHANISM_TYPES),
    event_type: eventType,
    sub_event_type: rng.pick(ACLED_EVENT_TYPES[eventType]),
  };
}

function claimedAction(rng: Rng, now: number) {
  return {
    description: 'Patrols increased along the crossing',
    against: rng.pick(['group', 'site', 'individuals', 'other'] as const),
    ...(rng.chance(0.5) ? { taken_at: iso(now - rng.int(1, 48) * HOUR) } : {}),
  };
}

function reportIncident(step: Step): Planned | undefined {
  const { rng, model, live } = step;
  const issuer = rng.pick(model.issuers('incident.report'));
  const against = model.parties().filter((party) => party !== issuer.org);
  const kind = rng.chance(0.7) ? 'allegation' : 'observation';
  const party = kind === 'allegation' || rng.chance(0.4) ? rng.pick(against) : undefined;
  const start = live.now - rng.int(1, 72) * HOUR;
  const body = {
    kind,
    category: category(rng),
    time: {
      start: iso(start),
      end: iso(start + rng.int(0, 6) * HOUR),
      precision: rng.pick(['exact', 'day'] as const),
    },
    location: location(rng),
    ...(rng.chance(0.5) ? { casualties: { killed: estimate(rng), injured: estimate(rng) } } : {}),
    ...(party !== undefined || rng.chance(0.3)
      ? { alleged_responsible: { actor: 'An armed group', ...(party === undefined ? {} : { party }) } }
      : {}),
    narrative: `Report ${model.fresh('n')}: firing heard near the crossing.`,
    evidence: rng.chance(0.3) ? [evidence(rng)] : [],
  } as const;
  const statement = statementFrom(step, 'incident.report', issuer, body);
  return planned(statement, issuer, (sealed) => {
    model.incidents.push({ ...sealed, kind, alleged: party, withdrawn: false, cased: false });
  });
}

function requestExchange(step: Step): Planned {
  const { rng, model, live } = step;
  const issuer = rng.pick(model.issuers('exchange.request'));
  const priority = rng.pick(['routine', 'priority', 'flash'] as const);
  const defaults = DEFAULT_SETTINGS.deadlines[priority];
  const acknowledgeHours = rng.int(1, 4 * defaults.acknowledge_hours);
  const respondHours = rng.int(acknowledgeHours, 4 * defaults.respond_hours);
  const recipients = rng.subset(
    [...model.orgs.keys()].filter((org) => org !== issuer.org),
    1,
    3,
  );
  const statement = statementFrom(step, 'exchange.request', issuer, {
    kind: rng.pick(['information', 'action', 'notification'] as const),
    priority,
    recipients,
    subject: 'Movement near the border post',
    text: 'Please confirm the movement reported overnight.',
    ...(rng.chance(0.3)
      ? {
          acknowledge_by: iso(live.now + acknowledgeHours * HOUR),
          respond_by: iso(live.now + respondHours * HOUR),
        }
      : {}),
  });
  return planned(statement, issuer, (sealed) => {
    model.exchanges.push({ ...sealed, recipients, acked: new Set(), replied: new Set(), closed: false });
  });
}

/** Every (record, issuer) pair an action could use, so that one choice picks among all valid ones. */
function pairs<R>(
  records: readonly R[],
  issuers: readonly ModelMember[],
  valid: (record: R, m: ModelMember) => boolean,
) {
  return records.flatMap((record) =>
    issuers.filter((m) => valid(record, m)).map((m) => [record, m] as const),
  );
}

function endorsement(
  step: Step,
  target: Sealed,
  issuer: ModelMember,
  accepted: (position: 'concur' | 'dissent') => void,
) {
  const position: 'concur' | 'dissent' = step.rng.chance(0.8) ? 'concur' : 'dissent';
  const body =
    position === 'concur' ? { position } : { position, text: 'The evidence does not support this.' };
  const statement = statementFrom(step, 'endorse', issuer, body, {
    // A concurrence publishes a release, so it is public itself (DESIGN.md §3).
    ...(target.type === 'release' && position === 'concur' ? { audience: { kind: 'public' } } : {}),
    refs: [{ rel: 'endorses', digest: target.digest }],
    endorsed: target.type,
  });
  return planned(statement, issuer, () => {
    accepted(position);
  });
}

const ACTIONS: readonly Action[] = [
  {
    name: 'enrol members',
    weight: 1,
    plan: async (step) => {
      const { rng, model } = step;
      return Promise.all(
        Array.from({ length: rng.int(1, 2) }, async () => {
          const issuer = rng.pick(model.issuers('member.enroll'));
          const member = model.fresh('m');
          const roles = rng.subset(ROLES, 1, 3);
          const signer = `${issuer.org}/${member}`;
          const body = {
            member,
            display_name: `Officer ${member}`,
            roles,
            public_key: await publicKeyOf(signer),
          };
          return planned(statementFrom(step, 'member.enroll', issuer, body), issuer, () => {
            model.members.push({
              org: issuer.org,
              member,
              roles,
              signer,
              cast: false,
              active: true,
              keyRevoked: false,
            });
          });
        }),
      );
    },
  },
  {
    name: 'revoke a member or a key',
    weight: 1,
    plan: async (step) => {
      const { rng, model } = step;
      const options = pairs(
        model.members.filter((m) => !m.cast && m.active),
        model.issuers('member.revoke'),
        (target, admin) => admin.org === target.org && admin !== target,
      );
      if (options.length === 0) return undefined;
      const [target, admin] = rng.pick(options);
      const keyOnly = !target.keyRevoked && rng.chance(0.4);
      const keyId = computeKeyId((await signerFor(target.signer)).publicKey);
      const body = { member: target.member, reason: 'Left the post', ...(keyOnly ? { key_id: keyId } : {}) };
      return [
        planned(statementFrom(step, 'member.revoke', admin, body), admin, () => {
          target.keyRevoked = true;
          if (!keyOnly) target.active = false;
          model.milestones.add(keyOnly ? 'key revoked' : 'member revoked');
        }),
      ];
    },
  },
  {
    name: 'report incidents',
    weight: 2,
    plan: (step) => Array.from({ length: step.rng.int(1, 3) }, () => reportIncident(step)!),
  },
  {
    name: 'amend or withdraw a report',
    weight: 2,
    plan: (step) => {
      const { rng, model } = step;
      const withdraw = rng.chance(0.3);
      const type = withdraw ? 'incident.withdraw' : 'incident.amend';
      const options = pairs(
        model.incidents.filter((i) => !i.withdrawn),
        model.issuers(type),
        (incident, m) => m.org === incident.org,
      );
      if (options.length === 0) return undefined;
      const [incident, issuer] = rng.pick(options);
      if (withdraw) {
        const statement = statementFrom(
          step,
          'incident.withdraw',
          issuer,
          { reason: 'Filed in error' },
          {
            refs: [{ rel: 'withdraws', digest: incident.digest }],
          },
        );
        return [planned(statement, issuer, () => (incident.withdrawn = true))];
      }
      const patch = rng.pick([
        { narrative: 'Corrected: the firing lasted an hour.' },
        { location: { precision_m: rng.int(100, 5000) } },
        { casualties: { killed: estimate(rng) } },
        { evidence: [evidence(rng), evidence(rng)] },
      ]);
      const statement = statementFrom(
        step,
        'incident.amend',
        issuer,
        { patch, reason: 'New information' },
        {
          // A public amendment replaces a location whole at the public precision; this one refines it, so it
          // goes to the mechanism only.
          ...('location' in patch ? { audience: { kind: 'mechanism' } } : {}),
          refs: [{ rel: 'amends', digest: incident.digest }],
        },
      );
      return [planned(statement, issuer, () => undefined)];
    },
  },
  {
    name: 'respond to a report',
    weight: 3,
    plan: (step) => {
      const { rng, model, live } = step;
      const options = pairs(
        model.incidents.filter((i) => !i.withdrawn),
        model.issuers('incident.response'),
        (incident, m) =>
          m.org !== incident.org &&
          (incident.kind !== 'allegation' || incident.alleged === m.org) &&
          reads(incident, m.org),
      );
      if (options.length === 0) return undefined;
      const [incident, issuer] = rng.pick(options);
      const position = rng.pick([
        'acknowledge',
        'dispute',
        'partly_dispute',
        'information_requested',
        'action_taken',
      ] as const);
      const action =
        position === 'action_taken' || rng.chance(0.2) ? claimedAction(rng, live.now) : undefined;
      const body = {
        position,
        narrative: 'Our forces were not present.',
        evidence: rng.chance(0.3) ? [evidence(rng)] : [],
        ...(action === undefined ? {} : { action }),
      };
      const statement = statementFrom(step, 'incident.response', issuer, body, {
        refs: [{ rel: 'responds_to', digest: incident.digest }],
      });
      return [
        planned(statement, issuer, (sealed) => {
          if (action !== undefined) model.claims.push({ ...sealed, cased: false });
        }),
      ];
    },
  },
  {
    name: 'send requests',
    weight: 2,
    plan: (step) => Array.from({ length: step.rng.int(1, 2) }, () => requestExchange(step)),
  },
  {
    name: 'acknowledge, reply to or close an exchange',
    weight: 4,
    plan: (step) => {
      const { rng, model, live } = step;
      const type = rng.pick(['exchange.ack', 'exchange.reply', 'exchange.close'] as const);
      const options = pairs(
        model.exchanges.filter((e) => !e.closed),
        model.issuers(type),
        (exchange, m) =>
          type === 'exchange.close'
            ? m.org === exchange.org
            : exchange.recipients.includes(m.org) &&
              !(type === 'exchange.ack' ? exchange.acked : exchange.replied).has(m.org) &&
              reads(exchange, m.org),
      );
      if (options.length === 0) return undefined;
      const [exchange, issuer] = rng.pick(options);
      const refs: Ref[] = [{ rel: 'responds_to', digest: exchange.digest }];
      if (type === 'exchange.close') {
        const statement = statementFrom(step, type, issuer, { satisfied: rng.chance(0.5) }, { refs });
        return [planned(statement, issuer, () => (exchange.closed = true))];
      }
      if (type === 'exchange.ack') {
        const statement = statementFrom(step, type, issuer, rng.chance(0.5) ? { note: 'Received' } : {}, {
          refs,
        });
        return [planned(statement, issuer, () => exchange.acked.add(issuer.org))];
      }
      const outcome = rng.pick(['action_taken', 'no_action', 'information_provided', 'declined'] as const);
      const action = outcome === 'action_taken' || rng.chance(0.2) ? claimedAction(rng, live.now) : undefined;
      const body = {
        outcome,
        text: 'As requested.',
        evidence: [],
        ...(action === undefined ? {} : { action }),
      };
      const statement = statementFrom(step, type, issuer, body, { refs });
      return [
        planned(statement, issuer, (sealed) => {
          exchange.replied.add(issuer.org);
          if (action !== undefined) model.claims.push({ ...sealed, cased: false });
        }),
      ];
    },
  },
  {
    name: 'open a case (admit or decline)',
    weight: 3,
    plan: (step) => {
      const { rng, model, live } = step;
      const issuers = model.issuers('case.open');
      const subjects = [
        ...model.incidents.filter((i) => i.kind === 'allegation' && !i.withdrawn && !i.cased),
        ...model.claims.filter((c) => !c.cased),
      ];
      if (issuers.length === 0) return undefined;
      const issuer = rng.pick(issuers);
      const visible = subjects.filter((s) => reads(s, issuer.org));
      if (visible.length === 0) return undefined;
      const chosen = rng.subset(visible, 1, 2);
      const analysts = rng.subset(
        model.members.filter((m) => m.org === issuer.org && m.active && m.roles.includes('analyst')),
        1,
        2,
      );
      const admit = analysts.length > 0 && rng.chance(0.8);
      const observers = rng.subset(
        model.members.filter((m) => model.kindOf(m.org) === 'party' && m.active),
        0,
        3,
      );
      const findingBy = live.now + rng.int(5, 60) * DAY;
      const missionBy = rng.chance(0.5) ? { mission_by: iso(live.now + rng.int(1, 5 * 24) * HOUR) } : {};
      const body = admit
        ? {
            decision: 'admit' as const,
            reason: 'Admissible: a specific, located allegation.',
            team: {
              analysts: analysts.map(({ org, member }) => ({ org, member })),
              observers: observers.map(({ org, member }) => ({ org, member })),
            },
            ...missionBy,
            finding_by: iso(findingBy),
          }
        : { decision: 'decline' as const, reason: 'Outside the mechanism’s mandate.' };
      const refs = chosen.map((s): Ref => ({ rel: 'subject', digest: s.digest }));
      const statement = statementFrom(step, 'case.open', issuer, body, { refs });
      return [
        planned(statement, issuer, (sealed) => {
          for (const subject of chosen) subject.cased = true;
          model.milestones.add(admit ? 'case admitted' : 'case declined');
          if (chosen.some((subject) => model.claims.includes(subject))) model.milestones.add('claim cased');
          model.cases.push({
            ...sealed,
            analysts: admit ? analysts : [],
            observers: admit ? observers : [],
            open: admit,
          });
        }),
      ];
    },
  },
  {
    name: 'note, record an access denial or draft a finding',
    weight: 5,
    plan: (step) => {
      const { rng, model, live } = step;
      const type = rng.pick(['case.note', 'case.access_denied', 'case.finding', 'case.finding'] as const);
      const inTeam = (kase: Case, m: ModelMember) => kase.analysts.some((a) => memberKey(a) === memberKey(m));
      const options = pairs(
        model.cases.filter((c) => c.open),
        model.issuers(type),
        (kase, m) =>
          reads(kase, m.org) &&
          (inTeam(kase, m) ||
            (type !== 'case.finding' && m.org === kase.org && m.roles.includes('approver'))),
      );
      if (options.length === 0) return undefined;
      const [kase, issuer] = rng.pick(options);
      const refs: Ref[] = [{ rel: 'subject', digest: kase.digest }];
      if (type === 'case.note') {
        const body = {
          text: 'Visited the site; spoke to witnesses.',
          evidence: rng.chance(0.3) ? [evidence(rng)] : [],
        };
        return [planned(statementFrom(step, type, issuer, body, { refs }), issuer, () => undefined)];
      }
      if (type === 'case.access_denied') {
        const kind = rng.pick(['denied', 'delayed'] as const);
        const body = {
          party: rng.pick(model.parties()),
          kind,
          occurred_at: iso(live.now - rng.int(1, 48) * HOUR),
          ...(kind === 'delayed' ? { delay_hours: rng.int(1, 72) } : {}),
          text: 'The team was stopped at the checkpoint.',
        };
        return [planned(statementFrom(step, type, issuer, body, { refs }), issuer, () => undefined)];
      }
      const determination = rng.pick(['confirmed', 'not_confirmed', 'unfounded', 'inconclusive'] as const);
      const party = rng.pick(model.parties());
      const attribution =
        determination === 'confirmed' && rng.chance(0.7)
          ? {
              attribution: {
                party,
                degree: rng.pick(['attributable', 'largely_attributable', 'not_attributable'] as const),
              },
            }
          : rng.chance(0.2)
            ? { attribution: { party, degree: 'not_attributable' as const } }
            : {};
      const body = {
        determination,
        ...attribution,
        source_reliability: rng.pick(['A', 'B', 'C', 'D', 'E', 'F'] as const),
        information_credibility: rng.pick([1, 2, 3, 4, 5, 6] as const),
        confidence: rng.pick(['low', 'moderate', 'high'] as const),
        methods: rng.subset(['site_visit', 'witness_interviews', 'imagery', 'documents'] as const, 1, 3),
        summary: 'Craters consistent with artillery fire from the east.',
        evidence: rng.chance(0.5) ? [evidence(rng)] : [],
      };
      return [
        planned(statementFrom(step, type, issuer, body, { refs }), issuer, (sealed) => {
          model.findings.push({ ...sealed, kase, positions: new Map(), final: false });
        }),
      ];
    },
  },
  {
    name: 'endorse a finding',
    weight: 6,
    plan: (step) => {
      const { rng, model } = step;
      const options = pairs(
        // A draft of a case that already has its final finding is superseded: it takes no endorsements.
        model.findings.filter((f) => !f.final && f.kase.open),
        model.endorsers('case.finding'),
        (finding, m) =>
          reads(finding, m.org) &&
          ((m.org === finding.org && m.roles.includes('approver')) ||
            finding.kase.observers.some((o) => memberKey(o) === memberKey(m))),
      );
      if (options.length === 0) return undefined;
      const [finding, issuer] = rng.pick(options);
      return [
        endorsement(step, finding, issuer, (position) => {
          if (issuer.org !== finding.org || !issuer.roles.includes('approver')) return;
          finding.positions.set(memberKey(issuer), position);
          const concurring = [...finding.positions.values()].filter((p) => p === 'concur').length;
          if (concurring >= DEFAULT_SETTINGS.finding_quorum) {
            finding.final = true;
            finding.kase.open = false;
            model.milestones.add('finding final');
          }
        }),
      ];
    },
  },
  {
    name: 'propose a commitment',
    weight: 1,
    plan: (step) => {
      const { rng, model, live } = step;
      const issuer = rng.pick(model.issuers('commitment.propose'));
      const obligated = rng.subset(model.parties(), 1, 2);
      const indicators: Indicator[] = Array.from({ length: rng.int(1, 2) }, (_, i) =>
        rng.chance(0.5)
          ? {
              id: `i${i}`,
              kind: 'computed',
              name: 'Acknowledged on time',
              metric: rng.pick(INDICATOR_METRICS),
              comparator: rng.pick(['at_least', 'at_most'] as const),
              threshold: rng.int(0, 100),
              period: rng.pick(['month', 'quarter'] as const),
            }
          : {
              id: `i${i}`,
              kind: 'assessed',
              name: 'Hotline staffed',
              description: 'Staffed around the clock.',
            },
      );
      const from = live.now + rng.int(0, 10) * DAY;
      const body = {
        title: 'Hotline between the liaison cells',
        text: 'Each party staffs the hotline.',
        obligated,
        effective_from: iso(from),
        ...(rng.chance(0.5) ? { effective_to: iso(from + rng.int(30, 365) * DAY) } : {}),
        indicators,
      };
      return [
        planned(statementFrom(step, 'commitment.propose', issuer, body), issuer, (sealed) => {
          model.commitments.push({
            ...sealed,
            obligated,
            indicators: indicators.map((indicator) => indicator.id),
            accepted: new Set(),
            withdrawn: false,
          });
        }),
      ];
    },
  },
  {
    name: 'accept, withdraw, assess or endorse a commitment',
    weight: 5,
    plan: (step) => {
      const { rng, model, live } = step;
      const type = rng.pick([
        'commitment.accept',
        'commitment.withdraw',
        'indicator.assessment',
        'endorse',
      ] as const);
      const inForce = (c: Commitment) => c.accepted.size === c.obligated.length;
      const options = pairs(
        model.commitments.filter((c) => !c.withdrawn),
        type === 'endorse' ? model.endorsers('commitment.propose') : model.issuers(type),
        (c, m) =>
          reads(c, m.org) &&
          (type === 'commitment.accept'
            ? c.obligated.includes(m.org) && !c.accepted.has(m.org)
            : type === 'commitment.withdraw'
              ? m.org === c.org || c.obligated.includes(m.org)
              : type === 'indicator.assessment'
                ? inForce(c)
                : true),
      );
      if (options.length === 0) return undefined;
      const [commitment, issuer] = rng.pick(options);
      if (type === 'endorse') return [endorsement(step, commitment, issuer, () => undefined)];
      if (type === 'commitment.accept') {
        const refs: Ref[] = [{ rel: 'responds_to', digest: commitment.digest }];
        const statement = statementFrom(step, type, issuer, {}, { refs });
        return [
          planned(statement, issuer, () => {
            commitment.accepted.add(issuer.org);
            if (inForce(commitment)) model.milestones.add('commitment in force');
          }),
        ];
      }
      if (type === 'commitment.withdraw') {
        const refs: Ref[] = [{ rel: 'withdraws', digest: commitment.digest }];
        const statement = statementFrom(step, type, issuer, { reason: 'Superseded' }, { refs });
        return [planned(statement, issuer, () => (commitment.withdrawn = true))];
      }
      const start = live.now - rng.int(30, 90) * DAY;
      const body = {
        indicator: rng.pick(commitment.indicators),
        period: { start: iso(start), end: iso(start + 30 * DAY) },
        status: rng.pick(['met', 'partly_met', 'not_met', 'not_assessable'] as const),
        rationale: 'Calls were answered within the hour.',
      };
      const refs: Ref[] = [{ rel: 'subject', digest: commitment.digest }];
      return [planned(statementFrom(step, type, issuer, body, { refs }), issuer, () => undefined)];
    },
  },
  {
    name: 'release a summary, or endorse one',
    weight: 3,
    plan: (step) => {
      const { rng, model } = step;
      const pending = pairs(
        model.releases.filter((r) => !r.published),
        model.endorsers('release'),
        (release, m) => reads(release, m.org),
      );
      if (pending.length > 0 && rng.chance(0.6)) {
        const [release, issuer] = rng.pick(pending);
        return [
          endorsement(step, release, issuer, (position) => {
            if (position !== 'concur') return;
            release.published = true;
            model.milestones.add('release published');
          }),
        ];
      }
      const issuer = rng.pick(model.issuers('release'));
      const summarised = rng.subset(
        model.sealed.filter((s) => s.type !== 'mechanism.genesis' && reads(s, issuer.org)),
        1,
        3,
      );
      if (summarised.length === 0) return undefined;
      const body = {
        title: 'Summary of the month',
        summary: 'Two incidents were reported in the northern sector.',
        ...(rng.chance(0.5) ? { admin1: ['Kunar'] } : {}),
      };
      const refs = summarised.map((s): Ref => ({ rel: 'summarises', digest: s.digest }));
      const statement = statementFrom(step, 'release', issuer, body, { audience: { kind: 'public' }, refs });
      return [planned(statement, issuer, (sealed) => model.releases.push({ ...sealed, published: false }))];
    },
  },
  {
    name: 'propose an organisation or a settings change, or endorse one',
    weight: 2,
    plan: async (step) => {
      const { rng, model } = step;
      const endorsable = model.pending.flatMap((change) =>
        model
          .endorsers(change.type)
          .filter((m) => reads(change, m.org))
          .map((m) => [change, m] as const),
      );
      if (endorsable.length > 0 && rng.chance(0.7)) {
        const [change, issuer] = rng.pick(endorsable);
        return [
          endorsement(step, change, issuer, (position) => {
            change.positions.set(issuer.org, position);
            if (!model.parties().every((party) => change.positions.get(party) === 'concur')) return;
            model.pending.splice(model.pending.indexOf(change), 1);
            model.milestones.add(`${change.type} in effect`);
            if (change.admits === undefined) return;
            model.orgs.set(change.admits.id, change.admits.kind);
            model.members.push(castMember(change.admits.id, 'admin', ['admin']));
          }),
        ];
      }
      const issuer = rng.pick(model.issuers('org.admit'));
      if (rng.chance(0.5)) {
        // A finer public grid keeps every public statement the model writes valid (the 10 km grid is on the
        // 5 km one) and makes the change re-project the public's whole fold.
        const patch = rng.chance(0.3)
          ? { public_location_precision_m: 5000 }
          : { public_min_cell_size: rng.int(1, 100) };
        const statement = statementFrom(step, 'settings.change', issuer, {
          patch,
          reason: 'Agreed at the talks',
        });
        return [
          planned(statement, issuer, (sealed) =>
            model.pending.push({ ...sealed, positions: new Map(), admits: undefined }),
          ),
        ];
      }
      const id = model.fresh('org');
      const kind = rng.pick(['observer', 'mediator'] as const);
      const admin = {
        member: 'admin',
        display_name: 'Administrator',
        roles: ['admin' as Role],
        public_key: await publicKeyOf(`${id}/admin`),
      };
      const body = {
        org: { id, name: `Organisation ${id}`, kind, admins: [admin] },
        reason: 'Joins as agreed',
      };
      const statement = statementFrom(step, 'org.admit', issuer, body);
      return [
        planned(statement, issuer, (sealed) =>
          model.pending.push({ ...sealed, positions: new Map(), admits: { id, kind } }),
        ),
      ];
    },
  },
  {
    name: 'publish a report',
    weight: 0.5,
    plan: async (step) => {
      const { rng, model, live } = step;
      const issuer = rng.pick(model.issuers('report.publish'));
      const engine = live.mechanism.services.engine;
      // A report cites a checkpoint the log really served (the latest), and carries exactly the public metrics
      // of its calendar month there: the log refuses any other numbers.
      const checkpoint = engine.latestCheckpoint!;
      const month = resolveMetricPeriod('month', live.now);
      const statements = await engine.readStatements(checkpoint.treeSize);
      const metrics = listReportValues(
        computeAudienceMetrics({
          statements,
          audience: 'public',
          periodKind: 'month',
          periodAt: month.start,
        }),
      );
      // Its document is uploaded first: the log refuses a report listing one the server does not store.
      const bytes = encodeUtf8(`%PDF-1.7 report ${rng.hex(16)}`);
      const document = await live.mechanism.services.reportDocuments.writeBlob(Readable.from([bytes]));
      const body = {
        title: 'Monthly report',
        period: { start: month.start, end: month.end },
        checkpoint: { tree_size: Number(checkpoint.treeSize), root_hash: encodeBase64(checkpoint.rootHash) },
        metrics,
        documents: [
          { sha256: document.sha256, media_type: 'application/pdf' as const, bytes: document.size },
        ],
      };
      const statement = statementFrom(step, 'report.publish', issuer, body, { audience: { kind: 'public' } });
      return [planned(statement, issuer, () => undefined)];
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Running a history.

async function sequence(live: Live, model: Model, plan: readonly Planned[], context: string): Promise<void> {
  // A statement lists only files its organisation uploaded (or may read elsewhere): each issuer's organisation
  // uploads what it lists first. Only the records matter here; the rebuild reads them from the source.
  for (const { statement } of plan) {
    const body = statement.body as { evidence?: unknown; patch?: { evidence?: unknown } };
    const evidence = (statement.type === 'incident.amend' ? body.patch?.evidence : body.evidence) ?? [];
    for (const item of evidence as { sha256: string; media_type: string; size: number }[]) {
      await live.mechanism.services.blobs.recordBlobUpload({
        sha256: item.sha256,
        mediaType: item.media_type,
        size: item.size,
        org: statement.issuer.org,
        member: statement.issuer.member,
        uploadedAt: new Date(statement.issued_at),
      });
    }
  }
  const envelopes = await Promise.all(
    plan.map(async (p) => signStatement(p.statement, await signerFor(p.signer))),
  );
  const outcomes = await Promise.allSettled(
    envelopes.map((envelope) => live.mechanism.services.engine.submit(envelope)),
  );
  const results = outcomes.map((outcome, i) => {
    const { statement } = plan[i]!;
    if (outcome.status === 'fulfilled') return outcome.value;
    const error = outcome.reason as Error & { code?: string };
    throw new Error(
      `${context}: the mechanism refused a ${statement.type} by ${statement.issuer.org}/${statement.issuer.member} ` +
        `the model thought valid: ${error.code ?? ''} ${error.message}`,
    );
  });
  results.forEach((result, i) => {
    if (!result.duplicate) plan[i]!.accepted(model.seal(result.digest, plan[i]!.statement, envelopes[i]!));
  });
  // A step can plan a statement identical to an earlier one (same body, same time): the log holds it once, and
  // the model counts it once.
  for (const result of results.filter((r) => r.duplicate))
    expect(model.sealed.some((sealed) => sealed.digest === result.digest)).toBe(true);
}

async function runHistory(live: Live, seeds: readonly number[]): Promise<Model> {
  const model = new Model();
  const castPlan = await Promise.all(
    CAST.map(async ([org, member, roles]) => {
      const admin = model.members.find((m) => m.org === org && m.member === 'admin')!;
      const body = {
        member,
        display_name: `Cast ${member}`,
        roles: [...roles],
        public_key: await publicKeyOf(`${org}/${member}`),
      };
      const step = { rng: new Rng(1), model, live };
      return planned(
        statementFrom(step, 'member.enroll', admin, body, { audience: { kind: 'public' } }),
        admin,
        () => model.members.push(castMember(org, member, roles)),
      );
    }),
  );
  await sequence(live, model, castPlan, 'enrolling the cast');

  const totalWeight = ACTIONS.reduce((sum, action) => sum + action.weight, 0);
  for (const [index, seed] of seeds.entries()) {
    const rng = new Rng(seed);
    // Time moves on by nothing (two batches with one log time), minutes or hours.
    live.now += rng.pick([0, rng.int(1, 600), rng.int(600, 6 * 3600)]) * 1000;
    if (model.sealed.length > 0 && rng.chance(0.05)) {
      const again = rng.pick(model.sealed);
      const result = await live.mechanism.services.engine.submit(again.envelope);
      expect(result.duplicate).toBe(true);
      continue;
    }
    // Roulette over the actions; when the one drawn has nothing valid to do, draw again.
    for (let draw = 0; draw < 8; draw += 1) {
      let roll = rng.next() * totalWeight;
      const action = ACTIONS.find((candidate) => (roll -= candidate.weight) < 0) ?? ACTIONS[0]!;
      const plan = await action.plan({ rng, model, live });
      if (plan === undefined || plan.length === 0) continue;
      await sequence(live, model, plan, `step ${index} (${action.name})`);
      break;
    }
  }
  return model;
}

// ---------------------------------------------------------------------------------------------------------------
// Comparing databases.

function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes:${encodeHex(value)}`;
  if (typeof value === 'bigint') return `int:${value}`;
  return value;
}

/**
 * Every row of every log-derived table, listed from the database itself so that tables added by later
 * migrations are compared too, each table's rows in a canonical order (by their normalised contents).
 */
async function snapshotLogTables(database: StorageDatabase): Promise<Record<string, unknown[]>> {
  const tables = (await database.db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !NOT_LOG_DERIVED.has(name))
    .sort();
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await database.db.selectFrom(sql.table(table).as('t')).selectAll().execute();
    snapshot[table] = rows
      .map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, normalise(value)])))
      .map((row) => [JSON.stringify(row), row] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row);
  }
  return snapshot;
}

/**
 * Restart (issue 9): the state an engine reads from `database` when it opens, and the workflow records stored
 * for every fold, must be exactly what a replay of the whole log in memory gives.
 */
async function expectStoredStateEqualsReplay(
  database: StorageDatabase,
  files: { origin: string; logSigner: LogEngineOptions['logSigner'] },
): Promise<void> {
  const storage = createLogStorage(database);
  const checkpoint = (await storage.readCheckpoint())!;
  const views = createMechanismViews(files.origin);
  const keyIdOf = (publicKey: string) => computeKeyId(decodeBase64(publicKey));
  for (let next = 0n; next < checkpoint.treeSize;) {
    const page = await storage.readEnvelopes(next, 1000);
    for (const stored of page) {
      const envelope = JSON.parse(decodeUtf8(stored.envelope)) as Envelope;
      applyStatementToViews(
        views,
        {
          statement: parseStatement(decodeBase64(envelope.payload)),
          digest: `sha256:${encodeHex(sha256(stored.envelope))}`,
          keyId: envelope.signatures[0]!.keyid,
          index: stored.index,
          logTime: stored.logTime,
        },
        keyIdOf,
      );
    }
    next += BigInt(page.length);
  }
  const opened = await LogEngine.open({
    storage,
    origin: files.origin,
    logSigner: files.logSigner,
    clock: () => 0,
  });
  try {
    const withoutRecords = (state: MechanismState) => ({
      ...state,
      records: new Map(),
      size: checkpoint.treeSize,
    });
    expect(opened.mechanismState).toEqual(withoutRecords(views.full));
    for (const [viewer, state] of views.viewers)
      expect(opened.viewState(viewer), `state of ${viewer}`).toEqual(withoutRecords(state));
    const stored = await storage.readFoldRecords(
      [FULL_VIEWER, ...views.viewers.keys()],
      [...views.full.records.keys()],
    );
    expect(stored.get(FULL_VIEWER)).toEqual(views.full.records);
    for (const [viewer, state] of views.viewers)
      expect(stored.get(viewer), `records of ${viewer}`).toEqual(state.records);
  } finally {
    await opened.close();
  }
}

async function expectIdenticalRebuild(live: Live, dialect: Dialect): Promise<{ batches: number }> {
  const target = await dialect.rebuildTarget(live.dataDir);
  const summary = await rebuildMechanism(live.config, { into: target });
  const engine = live.mechanism.services.engine;
  expect(summary.treeSize).toBe(live.treeSize());
  const rebuilt = dialect.open(target);
  try {
    const [original, copy] = await Promise.all([
      snapshotLogTables(live.mechanism.database),
      snapshotLogTables(rebuilt),
    ]);
    expect(Object.keys(copy)).toEqual(Object.keys(original));
    for (const table of Object.keys(original)) expect(copy[table], `table ${table}`).toEqual(original[table]);
    expect(original.entries).toHaveLength(Number(live.treeSize()));

    const files = await readMechanismFiles(live.dataDir);
    const reopened = await LogEngine.open({
      storage: createLogStorage(rebuilt),
      origin: files.origin,
      logSigner: files.logSigner,
      clock: () => live.now,
    });
    expect(reopened.mechanismState).toEqual(engine.mechanismState);
    expect(reopened.latestCheckpoint).toEqual(engine.latestCheckpoint);
    await reopened.close();
    await expectStoredStateEqualsReplay(live.mechanism.database, files);
    await expectStoredStateEqualsReplay(rebuilt, files);
  } finally {
    await rebuilt.db.destroy();
  }
  return { batches: summary.batches };
}

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  postgres = await startEmbeddedPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describe.each(DIALECTS)('rebuildMechanism on $name', (dialect) => {
  it('reproduces every log-derived table and the mechanism state of random valid histories', async () => {
    const seen = new Map<string, number>();
    const milestones = new Set<string>();
    let multiEntryBatches = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 0x7fffffff }), { minLength: 20, maxLength: 80 }),
        async (seeds) => {
          const live = await startLive(dialect);
          try {
            const model = await runHistory(live, seeds);
            const { batches } = await expectIdenticalRebuild(live, dialect);
            if (BigInt(batches) < live.treeSize()) multiEntryBatches += 1;
            for (const [type, count] of model.typeCounts) seen.set(type, (seen.get(type) ?? 0) + count);
            for (const milestone of model.milestones) milestones.add(milestone);
          } finally {
            await live.close();
          }
        },
      ),
      // endOnFailure: a failing history is reported as found; shrinking one (each step a full rebuild on two
      // databases) would outlast any timeout.
      { numRuns: RUNS_PER_DIALECT, endOnFailure: true },
    );
    // The histories must actually exercise the workflows and group commits, or the property says little.
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining([
        'member.enroll',
        'incident.report',
        'exchange.request',
        'case.open',
        'endorse',
      ]),
    );
    expect(seen.size).toBeGreaterThanOrEqual(15);
    expect(multiEntryBatches).toBeGreaterThan(0);
    // Many histories, each sequenced and rebuilt with durable commits: generous on a loaded 2-core CI machine.
  }, 600_000);

  it('carries the witnesses’ cosignatures over, so the rebuilt history stays witnessed', async () => {
    const live = await startLive(dialect);
    try {
      await runHistory(live, [9, 10, 11]);
      const checkpoint = live.mechanism.services.engine.latestCheckpoint!;
      // Storage keeps what the witnessing job verified; the row's bytes are what the rebuild must copy.
      await createCosignatureRepository(live.mechanism.database).saveCosignature({
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        witnessOrg: 'pa',
        witnessName: 'witness.pa.example',
        keyHash: new Uint8Array([1, 2, 3, 4]),
        timestamp: 1_780_000_000n,
        signatureLine: '— witness.pa.example AQIDBA==\n',
      });
      await expectIdenticalRebuild(live, dialect);
    } finally {
      await live.close();
    }
  });

  it('refuses a target that is not empty, and leaves it alone', async () => {
    const live = await startLive(dialect);
    try {
      await runHistory(live, [1, 2, 3]);
      const target = await dialect.rebuildTarget(live.dataDir);
      await rebuildMechanism(live.config, { into: target });
      await expect(rebuildMechanism(live.config, { into: target })).rejects.toMatchObject({
        name: 'MechanismError',
        code: 'invalid_request',
        detail: { reason: 'target_not_empty' },
      });
      const rebuilt = dialect.open(target);
      try {
        expect(await snapshotLogTables(rebuilt)).toEqual(await snapshotLogTables(live.mechanism.database));
      } finally {
        await rebuilt.db.destroy();
      }
    } finally {
      await live.close();
    }
  });

  it.each([
    {
      what: 'an entry whose log time was moved',
      tamper: sql`update entries set log_time = '2026-02-28T23:59:00.000Z' where idx = 2`,
      names: 'entry 2',
    },
    {
      what: 'an entry whose leaf data was replaced',
      tamper: sql`update entries set entry = (select e.entry from entries e where e.idx = 4) where idx = 3`,
      names: 'entry 3',
    },
    {
      what: 'a published checkpoint whose note was altered',
      tamper: sql`update checkpoint_history set note = note || 'x'
        where tree_size = (select min(h.tree_size) from checkpoint_history h where h.tree_size > 1)`,
      names: 'checkpoint at tree size',
    },
  ])('reports a log that does not reproduce: $what', async ({ tamper, names }) => {
    const live = await startLive(dialect);
    try {
      await runHistory(live, [4, 5, 6, 7, 8]);
      await tamper.execute(live.mechanism.database.db);
      const target = await dialect.rebuildTarget(live.dataDir);
      await expect(rebuildMechanism(live.config, { into: target })).rejects.toMatchObject({
        name: 'LogError',
        code: 'storage_corrupt',
        message: expect.stringContaining(names) as unknown,
      });
    } finally {
      await live.close();
    }
  });
});
