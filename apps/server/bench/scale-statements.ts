// What the scale benchmark's log grows with: incident reports by the two parties' reporters, for the public and
// for the mechanism, and the alleged party's responses to earlier ones (which make every batch load records by
// reference). Every statement is a pure function of its number, so any worker signs any of them and can
// recompute the digest of the report a response refers to.
import { computeEnvelopeDigest, type Envelope } from '@jmm/core';
import {
  coarsenStatementForPublic,
  DEFAULT_SETTINGS,
  publicPrecisionOf,
  signStatement,
  TAXONOMY_VERSION,
  type Statement,
} from '@jmm/domain';
import { BENCH_ORIGIN, signerFor } from './bench-identities.ts';

export const REPORTERS_PER_PARTY = 10;
export const PARTIES = ['pa', 'pb'] as const;
/** Reporter members enrolled for the load (role `reporter`), `<party>/reporter<i>`. */
export const SCALE_REPORTERS: readonly string[] = PARTIES.flatMap((party) =>
  Array.from({ length: REPORTERS_PER_PARTY }, (_, i) => `${party}/reporter${i + 1}`),
);
/** Statement n is a response when n % RESPONSE_EVERY is 0 and a report RESPONSE_LAG earlier exists. */
const RESPONSE_EVERY = 10;
const RESPONSE_LAG = 4000;
export const SCALE_ADMIN1 = ['Kunar', 'Nangarhar', 'Khyber', 'Kurram', 'Zabul', 'Paktika'] as const;
const MECHANISM_TYPES = ['cross_border_fire', 'incursion'] as const;

/** Whether statement n is a response (else a report). */
function isResponse(n: number): boolean {
  return n % RESPONSE_EVERY === 0 && n >= RESPONSE_LAG && !isResponse(n - RESPONSE_LAG);
}

function reportStatement(n: number, issuedAt: string): Statement {
  const party = PARTIES[n % 2]!;
  const against = PARTIES[(n + 1) % 2]!;
  const reporter = `reporter${(Math.floor(n / 2) % REPORTERS_PER_PARTY) + 1}`;
  const day = new Date(Date.parse(issuedAt) - (n % 180) * 86_400_000).toISOString().slice(0, 10);
  const audience = n % 3 === 0 ? ({ kind: 'public' } as const) : ({ kind: 'mechanism' } as const);
  const statement: Statement = {
    jmm: 1,
    type: 'incident.report',
    mechanism: BENCH_ORIGIN,
    issuer: { org: party, member: reporter },
    issued_at: issuedAt,
    audience,
    refs: [],
    body: {
      kind: 'allegation',
      category: {
        taxonomy: TAXONOMY_VERSION,
        mechanism_type: MECHANISM_TYPES[n % MECHANISM_TYPES.length]!,
        event_type: 'explosions_remote_violence',
        sub_event_type: 'shelling_artillery_missile_attack',
      },
      time: { start: `${day}T00:00:00Z`, end: `${day}T00:00:00Z`, precision: 'day' },
      location: {
        lat: 31 + ((n * 7919) % 5000) / 1000,
        lon: 66 + ((n * 104_729) % 6000) / 1000,
        precision_m: 1000,
        admin1: SCALE_ADMIN1[n % SCALE_ADMIN1.length]!,
      },
      alleged_responsible: { actor: 'An artillery unit', party: against },
      narrative: `Benchmark report ${n}: shells landed near the crossing.`,
      evidence: [],
    },
  };
  return audience.kind === 'public'
    ? coarsenStatementForPublic(statement, publicPrecisionOf(DEFAULT_SETTINGS))
    : statement;
}

async function signReport(n: number, issuedAt: string): Promise<Envelope> {
  const statement = reportStatement(n, issuedAt);
  return signStatement(statement, await signerFor(`${statement.issuer.org}/${statement.issuer.member}`));
}

/** The signed statement number `n` of the load, as a request body. */
export async function signScaleStatement(n: number, issuedAt: string): Promise<string> {
  if (!isResponse(n)) return JSON.stringify(await signReport(n, issuedAt));
  const target = n - RESPONSE_LAG;
  const report = reportStatement(target, issuedAt);
  const against = report.type === 'incident.report' ? report.body.alleged_responsible!.party! : 'pb';
  const responder = `${against}/admin${(n % 10) + 1}`;
  const [org, member] = responder.split('/') as [string, string];
  const statement = {
    jmm: 1,
    type: 'incident.response',
    mechanism: BENCH_ORIGIN,
    issuer: { org, member },
    issued_at: issuedAt,
    audience: report.audience,
    refs: [{ rel: 'responds_to', digest: computeEnvelopeDigest(await signReport(target, issuedAt)) }],
    body: { position: 'dispute', narrative: `No such event (benchmark ${n}).`, evidence: [] },
  } as Statement;
  return JSON.stringify(await signStatement(statement, await signerFor(responder)));
}
