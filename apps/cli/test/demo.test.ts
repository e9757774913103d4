import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBase64, parseCheckpoint } from '@jmm/core';
import {
  applyStatement,
  createMechanismState,
  DEFAULT_SETTINGS,
  findFinePublicDetail,
  publicPrecisionOf,
  STATEMENT_TYPES,
  type Statement,
} from '@jmm/domain';
import type { SubmitResult } from '@jmm/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDemoSummary } from '../src/commands/demo-command.ts';
import {
  createDemoMechanism,
  DEMO_PERIOD_DAYS,
  type DemoSummary,
} from '../src/demo/create-demo-mechanism.ts';
import {
  DEMO_DISTRICTS,
  loadDemoGeodata,
  provinceContains,
  type DemoGeodata,
} from '../src/demo/demo-places.ts';
import { DemoRandom } from '../src/demo/demo-random.ts';
import { parseServerConfig } from '@jmm/mechanism';

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-03-15T12:34:56.789Z');
const SEED = 'demo-test-seed';
/** Free-text fields: every one the demo signs is marked synthetic. */
const TEXT_FIELDS = new Set(['narrative', 'text', 'summary', 'rationale', 'reason', 'note', 'description']);
/** Names of real armed groups that must never appear in demo data (a guard, not a complete list). */
const REAL_GROUP_NAMES = [
  'taliban',
  'ttp',
  'tehrik',
  'iskp',
  'islamic state',
  'daesh',
  'haqqani',
  'lashkar',
  'jaish',
];

interface DemoRun {
  readonly dataDir: string;
  readonly summary: DemoSummary;
  readonly statements: { readonly statement: Statement; readonly result: SubmitResult }[];
}

// The generated log is checked for content, not durability: a RAM disk (where there is one) spares the test
// thousands of fsyncs.
const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'jmm-demo-test-'));
let runs = 0;

async function generate(): Promise<DemoRun> {
  const statements: DemoRun['statements'] = [];
  const dataDir = join(scratch, `run-${runs++}`);
  const config = parseServerConfig({ data: dataDir }, {});
  const summary = await createDemoMechanism(config, {
    seed: SEED,
    now: NOW,
    onStatement: (statement, result) => statements.push({ statement, result }),
  });
  return { dataDir, summary, statements };
}

function textsOf(value: unknown, key = ''): { key: string; text: string }[] {
  if (typeof value === 'string') return TEXT_FIELDS.has(key) ? [{ key, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((item) => textsOf(item, key));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => textsOf(v, k));
  return [];
}

describe('the demonstration mechanism (jmm demo)', () => {
  let first: DemoRun;
  let second: DemoRun;
  let geodata: DemoGeodata;
  const of = <T extends Statement['type']>(type: T) =>
    first.statements.flatMap(({ statement }) =>
      statement.type === type ? [statement as Extract<Statement, { type: T }>] : [],
    );

  beforeAll(async () => {
    geodata = await loadDemoGeodata();
    first = await generate();
    second = await generate();
  }, 120_000);
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('given the same seed and now', () => {
    it('generates the same statements, in the same order, and the same log', () => {
      expect(second.statements.map(({ result }) => result.digest)).toEqual(
        first.statements.map(({ result }) => result.digest),
      );
      expect(second.summary.rootHash).toBe(first.summary.rootHash);
      expect(second.summary.counts).toEqual(first.summary.counts);
    });
  });

  it('sequences about 2,000 statements, none of them rejected', () => {
    const size = Number(first.summary.treeSize);
    expect(size).toBeGreaterThanOrEqual(1800);
    expect(size).toBeLessThanOrEqual(2500);
    // Every statement issued was sequenced (a rejection aborts the demo), each at the next index.
    expect(first.statements.map(({ result }) => Number(result.index))).toEqual([...Array(size).keys()]);
    expect(first.statements.every(({ result }) => !result.duplicate)).toBe(true);
  });

  it('covers every statement type of the domain', () => {
    for (const type of STATEMENT_TYPES) expect(first.summary.counts[type], type).toBeGreaterThan(0);
  });

  it('spans the six months ending at now, in log time, with issued_at equal to log time', () => {
    const times = first.statements.map(({ result }) => Date.parse(result.logTime));
    expect(times[0]).toBe(Math.floor(NOW / 1000) * 1000 - DEMO_PERIOD_DAYS * DAY);
    expect(times.at(-1)).toBeLessThanOrEqual(NOW);
    expect(times.at(-1)).toBeGreaterThan(NOW - 2 * DAY);
    expect(times.every((time, i) => i === 0 || time >= times[i - 1]!)).toBe(true);
    expect(first.statements.every(({ statement, result }) => statement.issued_at === result.logTime)).toBe(
      true,
    );
  });

  it('is balanced: both parties allege, answer late and miss deadlines alike', () => {
    const h = first.summary.highlights;
    const ratio = (a: number, b: number) => Math.max(a, b) / Math.max(1, Math.min(a, b));
    expect(ratio(h.allegationsBy.pk, h.allegationsBy.af)).toBeLessThan(1.3);
    for (const party of ['pk', 'af'] as const) {
      expect(h.acknowledgedLate[party], party).toBeGreaterThan(0);
      expect(h.repliedLate[party], party).toBeGreaterThan(0);
      expect(h.respondedLate[party], party).toBeGreaterThan(0);
      expect(h.accessProblems[party], party).toBeGreaterThan(0);
    }
    expect(ratio(h.acknowledgedLate.pk, h.acknowledgedLate.af)).toBeLessThan(1.6);
    expect(ratio(h.accessProblems.pk, h.accessProblems.af)).toBeLessThan(1.6);
  });

  it('misses exchange deadlines: late answers, obligations still overdue, requests closed unanswered', () => {
    const h = first.summary.highlights;
    expect(h.overdueAtEnd.pk + h.overdueAtEnd.af).toBeGreaterThan(0);
    expect(of('exchange.close').some((close) => close.body.note?.includes('No reply') === true)).toBe(true);
    const requests = of('exchange.request');
    expect(new Set(requests.map((request) => request.body.kind))).toEqual(
      new Set(['information', 'action', 'notification']),
    );
    expect(new Set(requests.map((request) => request.body.priority))).toEqual(
      new Set(['routine', 'priority', 'flash']),
    );
    expect(new Set(of('exchange.reply').map((reply) => reply.body.outcome))).toEqual(
      new Set(['action_taken', 'no_action', 'information_provided', 'declined']),
    );
    expect(new Set(of('exchange.close').map((close) => close.body.satisfied))).toEqual(
      new Set([true, false]),
    );
  });

  it('answers allegations with every position, and investigates some claimed actions', () => {
    expect(new Set(of('incident.response').map((response) => response.body.position))).toEqual(
      new Set(['acknowledge', 'dispute', 'partly_dispute', 'information_requested', 'action_taken']),
    );
    const claims = new Set(
      first.statements.flatMap(({ statement, result }) =>
        (statement.type === 'incident.response' || statement.type === 'exchange.reply') &&
        statement.body.action !== undefined
          ? [result.digest]
          : [],
      ),
    );
    expect(of('case.open').some((kase) => kase.refs.some((ref) => claims.has(ref.digest)))).toBe(true);
  });

  it('admits and declines cases, and records findings with every determination, dissent and quorum', () => {
    const h = first.summary.highlights;
    expect(h.casesDeclined).toBeGreaterThan(0);
    expect(
      of('case.open')
        .filter((kase) => kase.body.decision === 'decline')
        .every((kase) => kase.body.reason.length > 0),
    ).toBe(true);
    expect(of('case.open').some((kase) => kase.refs.length === 2)).toBe(true);
    expect(
      new Set(of('case.access_denied').map((denial) => `${denial.body.party}/${denial.body.kind}`)),
    ).toEqual(new Set(['pk/denied', 'pk/delayed', 'af/denied', 'af/delayed']));
    const findings = of('case.finding');
    expect(new Set(findings.map((finding) => finding.body.determination))).toEqual(
      new Set(['confirmed', 'not_confirmed', 'unfounded', 'inconclusive']),
    );
    expect(
      new Set(
        findings.flatMap((finding) =>
          finding.body.attribution === undefined ? [] : [finding.body.attribution.degree],
        ),
      ),
    ).toEqual(new Set(['attributable', 'largely_attributable', 'not_attributable']));
    expect(new Set(findings.map((finding) => finding.body.confidence))).toEqual(
      new Set(['low', 'moderate', 'high']),
    );
    expect(h.dissentingEndorsements).toBeGreaterThan(0);
    expect(of('endorse').some((e) => e.body.position === 'dissent' && e.issuer.org === 'ver')).toBe(true);
    expect(h.findingsFinal).toBeGreaterThan(h.findings / 2);
  });

  it('keeps and breaks commitments: accepted, one withdrawn, indicators met and missed', () => {
    const h = first.summary.highlights;
    expect(h.commitmentsInForce).toBe(3);
    expect(h.commitmentsWithdrawn).toBe(1);
    for (const party of ['pk', 'af'] as const) {
      expect(h.acknowledgementIndicator.met[party], party).toBeGreaterThan(0);
      expect(h.acknowledgementIndicator.missed[party], party).toBeGreaterThan(0);
    }
    expect(new Set(of('indicator.assessment').map((assessment) => assessment.body.status))).toEqual(
      new Set(['met', 'partly_met', 'not_met', 'not_assessable']),
    );
  });

  it('publishes releases endorsed by a verifier approver and monthly reports at real checkpoints', () => {
    // Releases older than the endorsement delay are public: a verifier approver concurred with each.
    const releases = first.statements.filter(({ statement }) => statement.type === 'release');
    expect(releases.length).toBeGreaterThan(0);
    const endorsed = new Set(
      of('endorse')
        .filter((e) => e.issuer.org === 'ver' && e.body.position === 'concur')
        .flatMap((e) => e.refs.map((ref) => ref.digest)),
    );
    for (const { result } of releases) {
      if (Date.parse(result.logTime) < NOW - 3 * DAY) expect(endorsed.has(result.digest)).toBe(true);
    }

    const roots = new Map(
      first.statements.map(({ result }) => {
        const checkpoint = parseCheckpoint(result.checkpoint.split('\n\n')[0]! + '\n');
        return [Number(checkpoint.treeSize), encodeBase64(checkpoint.rootHash)];
      }),
    );
    const reports = first.statements.filter(({ statement }) => statement.type === 'report.publish');
    expect(reports.length).toBeGreaterThanOrEqual(5);
    for (const { statement, result } of reports) {
      if (statement.type !== 'report.publish') continue;
      expect(statement.body.checkpoint.tree_size).toBeLessThanOrEqual(Number(result.index));
      expect(roots.get(statement.body.checkpoint.tree_size)).toBe(statement.body.checkpoint.root_hash);
      // Each document was stored before the report listing it (the log refuses one it does not store).
      for (const { sha256 } of statement.body.documents)
        expect(
          existsSync(join(first.dataDir, 'reports', 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256)),
        ).toBe(true);
    }
    // Each month has a public report and a mechanism one beside it, both rendered as PDF and HTML (issue 8).
    const audiencesByMonth = new Map<string, string[]>();
    for (const statement of of('report.publish')) {
      audiencesByMonth.set(statement.body.period.start, [
        ...(audiencesByMonth.get(statement.body.period.start) ?? []),
        statement.audience.kind,
      ]);
      expect(statement.body.documents.map((d) => d.media_type).sort()).toEqual([
        'application/pdf',
        'text/html',
      ]);
    }
    for (const audiences of audiencesByMonth.values())
      expect(audiences.sort()).toEqual(['mechanism', 'public']);
  });

  it('tells the public, in public statements, which public allegations were admitted and what was found', () => {
    // The public's view is the fold of public statements only (DESIGN.md §1.7): what it learns about a public
    // allegation beyond "reported" comes from releases that name the allegation, once a verifier concurs.
    const publicView = createMechanismState(first.summary.origin);
    for (const { statement, result } of first.statements) {
      if (statement.audience.kind !== 'public') continue;
      applyStatement(
        publicView,
        { statement, digest: result.digest, keyId: '', index: result.index, logTime: result.logTime },
        () => '',
      );
    }
    const incidents = [...publicView.records.values()].filter((record) => record.kind === 'incident');
    const released = incidents.filter((record) => record.status === 'released');
    expect(released.length).toBeGreaterThanOrEqual(10);
    const titles = of('release').map((release) => release.body.title);
    expect(titles.some((title) => title.startsWith('Admitted for verification'))).toBe(true);
    expect(titles.some((title) => title.startsWith('Verification summary'))).toBe(true);
  });

  it('marks every free text synthetic and names no real group', () => {
    const texts = first.statements.flatMap(({ statement }) => textsOf(statement.body));
    expect(texts.length).toBeGreaterThan(2000);
    expect(texts.filter(({ text }) => !text.includes('[SYNTHETIC]'))).toEqual([]);
    const everything = JSON.stringify(first.statements.map(({ statement }) => statement)).toLowerCase();
    for (const name of REAL_GROUP_NAMES) expect(everything).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('places incidents at coarsened points inside real border provinces', () => {
    const border = new Set([
      'Khyber Pakhtunkhwa',
      'Balochistan',
      'Kunar',
      'Nangarhar',
      'Khost',
      'Paktika',
      'Paktia',
      'Kandahar',
      'Helmand',
      'Nimruz',
      'Zabul',
    ]);
    for (const report of of('incident.report')) {
      const { lat, lon, admin1, precision_m } = report.body.location;
      expect(border.has(admin1 ?? '')).toBe(true);
      if (report.audience.kind === 'public') {
        // Public reports are signed at the public precision (10 km grid, no district): a grid point near a
        // border may fall just outside the province its admin1 names, so only the grid is checked.
        expect(findFinePublicDetail(report, publicPrecisionOf(DEFAULT_SETTINGS))).toBeUndefined();
        expect(report.body.location.admin2).toBeUndefined();
        expect(precision_m).toBeGreaterThanOrEqual(10_000);
      } else {
        expect(provinceContains(geodata, admin1!, lat, lon), `${lat},${lon} in ${admin1}`).toBe(true);
        expect(Math.round(lat * 100) / 100).toBe(lat);
        expect(precision_m).toBeGreaterThanOrEqual(1000);
      }
    }
  });

  it('stores every evidence file its statements cite', () => {
    const cited = new Set(
      first.statements.flatMap(({ statement }) =>
        'evidence' in statement.body ? statement.body.evidence.map((item) => item.sha256) : [],
      ),
    );
    expect(cited.size).toBeGreaterThan(0);
    for (const sha256 of cited) {
      expect(existsSync(join(first.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256))).toBe(
        true,
      );
    }
  });

  it('summarises the run per statement type', () => {
    const text = describeDemoSummary(first.summary, 12.3);
    for (const type of STATEMENT_TYPES) expect(text).toContain(type);
    expect(text).toContain('All data is synthetic.');
  });
});

describe('DEMO_DISTRICTS', () => {
  it('each lies inside its province in the reference geodata', async () => {
    const geodata = await loadDemoGeodata();
    for (const district of DEMO_DISTRICTS) {
      expect(provinceContains(geodata, district.province, district.lat, district.lon), district.name).toBe(
        true,
      );
    }
  });
});

describe('DemoRandom', () => {
  const draws = (random: DemoRandom) => Array.from({ length: 1000 }, () => random.next());

  it('gives the same sequence for the same label, and another for another label or fork', () => {
    const sequence = draws(new DemoRandom('x'));
    expect(draws(new DemoRandom('x'))).toEqual(sequence);
    expect(draws(new DemoRandom('y'))).not.toEqual(sequence);
    expect(draws(new DemoRandom('x').fork('a'))).not.toEqual(sequence);
  });

  it('draws uniformly from [0, 1)', () => {
    const sequence = draws(new DemoRandom('uniform'));
    expect(sequence.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = sequence.reduce((sum, value) => sum + value, 0) / sequence.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
