// Test support, not part of the package's API: a validated in-memory log that also keeps every statement as the
// metrics read it ({ statement, digest, index, logTime }), with builders for the workflow statements.
import { genesisStatement, MemoryLog, publicKeyFor } from '../../test/mechanism-fixture.ts';
import { coarsenStatementForPublic, publicPrecisionOf } from '../public-disclosure.ts';
import { DEFAULT_SETTINGS, type Settings } from '../settings.ts';
import type { Indicator } from '../statements/commitment.ts';
import type { IncidentReportBody } from '../statements/incident.ts';
import { statementSchema, type Audience, type Statement } from '../statements/statement.ts';
import { TAXONOMY_VERSION, type MechanismType } from '../taxonomy.ts';
import type { Role } from '../vocabulary.ts';
import { computeMetrics } from './compute-metrics.ts';
import type { MetricsStatement } from './metrics-context.ts';
import type { PeriodKind } from './metric-period.ts';
import type { MetricsResult } from './metrics-result.ts';

export const GENESIS_TIME = '2026-06-01T00:00:00Z';

const CAST: Readonly<Record<string, Readonly<Record<string, Role>>>> = {
  pa: { reporter: 'reporter', liaison: 'liaison' },
  pb: { reporter: 'reporter', liaison: 'liaison' },
  ver: { analyst: 'analyst', approver: 'approver', 'approver-2': 'approver' },
  med: { envoy: 'approver' },
};

/** Settings with short routine deadlines, so that test timelines stay readable. */
export const SHORT_DEADLINES: Settings = {
  ...DEFAULT_SETTINGS,
  deadlines: { ...DEFAULT_SETTINGS.deadlines, routine: { acknowledge_hours: 24, respond_hours: 48 } },
};

type Body<T extends Statement['type']> = Extract<Statement, { type: T }>['body'];

/** `time` plus `hours`, as RFC 3339. */
export function later(time: string, hours: number): string {
  return new Date(Date.parse(time) + hours * 3_600_000).toISOString();
}

export class MetricsLog {
  readonly log = new MemoryLog();
  readonly statements: MetricsStatement[] = [];

  constructor(readonly settings: Settings = DEFAULT_SETTINGS) {
    const genesis = genesisStatement();
    this.append({ ...genesis, issued_at: GENESIS_TIME, body: { ...genesis.body, settings } }, GENESIS_TIME);
    for (const [org, members] of Object.entries(CAST)) {
      for (const [member, role] of Object.entries(members)) {
        this.add('member.enroll', `${org}/admin`, GENESIS_TIME, {
          member,
          display_name: `Officer ${member}`,
          roles: [role],
          public_key: publicKeyFor(`${org}/${member}`),
        });
      }
    }
  }

  /** Validates (schema, then mechanism state) and sequences `statement` at `logTime`. */
  append(statement: Statement, logTime: string): string {
    statementSchema.parse(statement);
    const index = this.log.state.size;
    const digest = this.log.append(statement, undefined, logTime);
    this.statements.push({ statement, digest, index, logTime: new Date(logTime).toISOString() });
    return digest;
  }

  add<T extends Statement['type']>(
    type: T,
    issuer: string,
    logTime: string,
    body: Body<T>,
    extra: { audience?: Audience; refs?: Statement['refs'] } = {},
  ): string {
    // MemoryLog.statement's body type does not resolve for a generic T; the schema parse in append checks it.
    const statement = this.log.statement(type, issuer, body as never, { ...extra, issued_at: logTime });
    // Public statements are signed at the public precision, as a careful client signs them.
    return this.append(
      coarsenStatementForPublic(statement, publicPrecisionOf(this.log.state.settings)),
      logTime,
    );
  }

  report(
    logTime: string,
    options: {
      by?: string;
      against?: string;
      category?: MechanismType;
      audience?: Audience;
      kind?: 'allegation' | 'observation';
    } = {},
  ): string {
    const alleged = { actor: 'forces across the border', party: options.against ?? 'pb' };
    const body: IncidentReportBody = {
      kind: options.kind ?? 'allegation',
      category: {
        taxonomy: TAXONOMY_VERSION,
        mechanism_type: options.category ?? 'cross_border_fire',
        event_type: 'explosions_remote_violence',
        sub_event_type: 'shelling_artillery_missile_attack',
      },
      time: { start: '2026-05-31T10:00:00Z', end: '2026-05-31T11:00:00Z', precision: 'exact' },
      location: { lat: 34.1, lon: 71.1, precision_m: 1000 },
      ...(options.kind === 'observation' ? {} : { alleged_responsible: alleged }),
      narrative: '[SYNTHETIC] shelling reported near the border',
      evidence: [],
    };
    return this.add('incident.report', options.by ?? 'pa/reporter', logTime, body, {
      audience: options.audience ?? { kind: 'mechanism' },
    });
  }

  respond(logTime: string, incident: string, by = 'pb/liaison'): string {
    return this.add(
      'incident.response',
      by,
      logTime,
      { position: 'dispute', narrative: 'no such event', evidence: [] },
      { refs: [{ rel: 'responds_to', digest: incident }] },
    );
  }

  openCase(logTime: string, subjects: readonly string[], decision: 'admit' | 'decline' = 'admit'): string {
    const body: Body<'case.open'> =
      decision === 'admit'
        ? {
            decision,
            reason: 'credible',
            team: { analysts: [{ org: 'ver', member: 'analyst' }], observers: [] },
            finding_by: later(logTime, 60 * 24).replace('.000Z', 'Z'),
          }
        : { decision, reason: 'outside the mandate' };
    return this.add('case.open', 'ver/approver', logTime, body, {
      refs: subjects.map((digest) => ({ rel: 'subject' as const, digest })),
    });
  }

  note(logTime: string, kase: string): string {
    return this.add(
      'case.note',
      'ver/analyst',
      logTime,
      { text: 'site visit', evidence: [] },
      this.about(kase),
    );
  }

  accessDenied(logTime: string, kase: string, party: string, kind: 'denied' | 'delayed'): string {
    const body: Body<'case.access_denied'> = { party, kind, occurred_at: logTime, text: 'checkpoint closed' };
    return this.add('case.access_denied', 'ver/analyst', logTime, body, this.about(kase));
  }

  finding(
    logTime: string,
    kase: string,
    determination: Body<'case.finding'>['determination'],
    attribution?: Body<'case.finding'>['attribution'],
  ): string {
    const body: Body<'case.finding'> = {
      determination,
      ...(attribution === undefined ? {} : { attribution }),
      source_reliability: 'B',
      information_credibility: 2,
      confidence: 'moderate',
      methods: ['site_visit'],
      summary: '[SYNTHETIC] summary',
      evidence: [],
    };
    return this.add('case.finding', 'ver/analyst', logTime, body, this.about(kase));
  }

  /** Both verifier approvers concur (the default quorum is two): final at `logTime`. */
  finalise(logTime: string, finding: string): void {
    for (const approver of ['ver/approver', 'ver/approver-2']) {
      this.add(
        'endorse',
        approver,
        logTime,
        { position: 'concur' },
        { refs: [{ rel: 'endorses', digest: finding }] },
      );
    }
  }

  request(
    logTime: string,
    recipients: string[],
    options: Partial<Body<'exchange.request'>> & { from?: string } = {},
  ): string {
    const { from = 'pa/liaison', ...overrides } = options;
    const body: Body<'exchange.request'> = {
      kind: 'information',
      priority: 'routine',
      recipients,
      subject: 'movements near the crossing',
      text: 'please share what you know',
      ...overrides,
    };
    return this.add('exchange.request', from, logTime, body);
  }

  ack(logTime: string, exchange: string, by = 'pb/liaison'): string {
    return this.add('exchange.ack', by, logTime, {}, this.answering(exchange));
  }

  reply(logTime: string, exchange: string, by = 'pb/liaison'): string {
    const body: Body<'exchange.reply'> = {
      outcome: 'information_provided',
      text: 'see attached',
      evidence: [],
    };
    return this.add('exchange.reply', by, logTime, body, this.answering(exchange));
  }

  close(logTime: string, exchange: string, by = 'pa/liaison'): string {
    return this.add('exchange.close', by, logTime, { satisfied: true }, this.answering(exchange));
  }

  propose(logTime: string, indicators: Indicator[], obligated = ['pa', 'pb']): string {
    return this.add('commitment.propose', 'med/envoy', logTime, {
      title: 'Restraint along the border',
      text: 'The parties undertake to answer requests promptly.',
      obligated,
      effective_from: logTime,
      indicators,
    });
  }

  accept(logTime: string, commitment: string, by: string): string {
    return this.add('commitment.accept', by, logTime, {}, this.answering(commitment));
  }

  assess(
    logTime: string,
    commitment: string,
    indicator: string,
    period: { start: string; end: string },
    status: Body<'indicator.assessment'>['status'],
  ): string {
    return this.add(
      'indicator.assessment',
      'ver/approver',
      logTime,
      { indicator, period, status, rationale: 'observed' },
      this.about(commitment),
    );
  }

  /** The metrics as `computeMetrics` reports them for these statements. */
  metrics(
    asOf: string,
    periodKind: PeriodKind = 'month',
    options: { periodAt?: string; publicMode?: boolean; settings?: Settings } = {},
  ): MetricsResult {
    return computeMetrics({
      statements: this.statements,
      settings: options.settings ?? this.settings,
      periodKind,
      periodAt: options.periodAt,
      asOf,
      publicMode: options.publicMode ?? false,
    });
  }

  private about(digest: string) {
    return { refs: [{ rel: 'subject' as const, digest }] };
  }

  private answering(digest: string) {
    return { refs: [{ rel: 'responds_to' as const, digest }] };
  }
}

/** The row of `party` in a metric group. */
export function rowOf<R extends { readonly party: string }>(rows: readonly R[], party: string): R {
  const row = rows.find((candidate) => candidate.party === party);
  if (row === undefined) throw new Error(`no row for ${party}`);
  return row;
}
