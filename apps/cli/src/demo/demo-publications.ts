import { encodeBase64, encodeHex, encodeUtf8, sha256 } from '@jmm/core';
import type { MechanismState } from '@jmm/domain';
import { DEMO_ORIGIN } from './demo-members.ts';
import { synthetic } from './demo-phrases.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, DEMO_PARTIES, HOUR, iso, type DemoWorld } from './demo-world.ts';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface Month {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** The calendar months (UTC) that end within the demo period, clipped to its start. */
function listMonths(world: DemoWorld): Month[] {
  const months: Month[] = [];
  const first = new Date(world.timeline.start);
  for (let i = 0; ; i++) {
    const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1);
    const end = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i + 1, 1);
    if (end > world.timeline.end) break;
    const date = new Date(start);
    months.push({
      start: Math.max(start, world.timeline.start),
      end,
      name: `${MONTH_NAMES[date.getUTCMonth()]!} ${date.getUTCFullYear()}`,
    });
  }
  return months;
}

/**
 * Monthly publications: the mediators' verification bulletin (a release summarising the findings made final
 * in the month, public once a verifier approver concurs) and the secretariat's report, which names the
 * checkpoint its numbers were computed at (DESIGN.md §1.5).
 */
export function planPublications(world: DemoWorld): void {
  const random = world.random.fork('publications');
  listMonths(world).forEach((month, index) => {
    const story = random.fork(String(index));
    if (month.end - month.start >= 5 * DAY) {
      world.timeline.at(month.end + 2 * DAY + 9 * HOUR, () => publishReport(world, month));
    }
    world.timeline.at(month.end + story.between(3 * DAY, 5 * DAY), () =>
      publishBulletin(world, story, month, index),
    );
  });
}

async function publishBulletin(
  world: DemoWorld,
  random: DemoRandom,
  month: Month,
  index: number,
): Promise<void> {
  const findings = world.finalFindings
    .filter((f) => f.finalAt >= month.start && f.finalAt < month.end)
    .slice(0, 40);
  if (findings.length < 2) return;
  const confirmed = findings.filter((f) => f.determination === 'confirmed').length;
  const provinces = [...new Set(findings.map((f) => f.province))].sort().slice(0, 20);
  const release = await world.log.issue(
    { org: index % 2 === 0 ? 'med-a' : 'med-b', member: 'admin' },
    'release',
    {
      title: `Monthly verification bulletin: ${month.name}`,
      summary: synthetic(
        `In ${month.name} the joint verification team made ${findings.length} findings final, ${confirmed} of them confirming the event reported. Provinces: ${provinces.join(', ')}. Places are given at province level only.`,
      ),
      period: { start: iso(month.start), end: iso(month.end) },
      admin1: provinces,
    },
    { audience: { kind: 'public' }, refs: findings.map((f) => ({ rel: 'summarises', digest: f.digest })) },
  );
  world.timeline.after(random.between(0.5 * DAY, 2 * DAY), async () => {
    await world.log.issue(
      world.approver(random),
      'endorse',
      { position: 'concur' },
      // The concurrence publishes the release, so it is public itself.
      { audience: { kind: 'public' }, refs: [{ rel: 'endorses', digest: release }] },
    );
  });
}

const PER_PARTY_COUNTS = [
  'allegations_by',
  'allegations_against',
  'responses_by',
  'requests_received',
  'acknowledged_on_time',
  'access_denials',
  'attributed_confirmed',
] as const;

/**
 * A few counts for the month, computed from the workflow records in the log state at the report's checkpoint
 * (the mechanism's metric definitions live in @jmm/domain; these are the report's headline numbers).
 */
export function computeReportCounts(
  state: Readonly<MechanismState>,
  start: string,
  end: string,
): Record<string, number> {
  const within = (at: string | undefined) => at !== undefined && at >= start && at < end;
  const counts: Record<string, number> = {
    observations: 0,
    cases_admitted: 0,
    cases_declined: 0,
    findings_final: 0,
    exchanges_sent: 0,
  };
  for (const party of DEMO_PARTIES) {
    for (const key of PER_PARTY_COUNTS) counts[`${key}.${party}`] = 0;
  }
  const add = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  for (const record of state.records.values()) {
    if (record.kind === 'incident') {
      if (within(record.reportedAt)) {
        if (record.body.kind === 'observation') add('observations');
        else {
          add(`allegations_by.${record.org}`);
          const against = record.body.alleged_responsible?.party;
          if (against !== undefined) add(`allegations_against.${against}`);
        }
      }
      for (const response of record.responses) if (within(response.at)) add(`responses_by.${response.org}`);
    } else if (record.kind === 'exchange' && within(record.sentAt)) {
      add('exchanges_sent');
      for (const org of record.recipients) {
        add(`requests_received.${org}`);
        if (record.acks.some((ack) => ack.org === org && ack.at <= record.acknowledgeBy))
          add(`acknowledged_on_time.${org}`);
      }
    } else if (record.kind === 'case') {
      if (within(record.openedAt)) add(record.decision === 'admit' ? 'cases_admitted' : 'cases_declined');
      for (const denial of record.accessDenials) if (within(denial.at)) add(`access_denials.${denial.party}`);
    } else if (record.kind === 'finding' && within(record.finalAt)) {
      add('findings_final');
      if (
        record.determination === 'confirmed' &&
        record.attribution !== undefined &&
        record.attribution.degree !== 'not_attributable'
      ) {
        add(`attributed_confirmed.${record.attribution.party}`);
      }
    }
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The report's document: a small text rendering whose SHA-256 the statement carries. */
export function renderReport(
  title: string,
  start: string,
  end: string,
  treeSize: number,
  rootHash: string,
  metrics: Record<string, number>,
): string {
  return [
    '[SYNTHETIC] Synthetic demonstration data',
    title,
    `Mechanism: ${DEMO_ORIGIN}`,
    `Period: ${start} to ${end}`,
    `Computed at checkpoint: tree size ${treeSize}, root hash ${rootHash}`,
    '',
    ...Object.entries(metrics).map(([key, value]) => `${key}: ${value}`),
    '',
  ].join('\n');
}

async function publishReport(world: DemoWorld, month: Month): Promise<void> {
  const checkpoint = world.log.checkpoint;
  if (checkpoint === undefined) return;
  const start = iso(month.start);
  const end = iso(month.end);
  const treeSize = Number(checkpoint.treeSize);
  const rootHash = encodeBase64(checkpoint.rootHash);
  const title = `Monthly report: ${month.name} (synthetic demonstration)`;
  const metrics = computeReportCounts(world.log.state, start, end);
  const document = renderReport(title, start, end, treeSize, rootHash, metrics);
  await world.log.issue(
    { org: 'sec', member: 'admin' },
    'report.publish',
    {
      title,
      period: { start, end },
      checkpoint: { tree_size: treeSize, root_hash: rootHash },
      metrics,
      document: { sha256: encodeHex(sha256(encodeUtf8(document))), media_type: 'text/plain; charset=utf-8' },
    },
    { audience: { kind: 'public' } },
  );
}
