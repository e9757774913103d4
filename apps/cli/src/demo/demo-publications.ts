import { encodeBase64, encodeHex, encodeUtf8, sha256 } from '@jmm/core';
import { computeAudienceMetrics, listReportValues, resolveMetricPeriod } from '@jmm/domain';
import { DEMO_ORIGIN } from './demo-members.ts';
import { synthetic } from './demo-phrases.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, HOUR, iso, type DemoWorld } from './demo-world.ts';

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
 * A verifier approver concurs with `release` after `delay`: the concurrence publishes it (DESIGN.md §3), so it
 * is public itself.
 */
export function planConcurrence(world: DemoWorld, random: DemoRandom, release: string, delay: number): void {
  world.timeline.after(delay, async () => {
    await world.log.issue(
      world.approver(random),
      'endorse',
      { position: 'concur' },
      { audience: { kind: 'public' }, refs: [{ rel: 'endorses', digest: release }] },
    );
  });
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
  planConcurrence(world, random, release, random.between(0.5 * DAY, 2 * DAY));
}

/** Escapes text for an HTML element's content. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The report's document: a plain HTML table of its values, whose SHA-256 the statement carries. A stand-in
 * until the demo renders its reports with @jmm/report (issue 8).
 */
export function renderReport(
  title: string,
  start: string,
  end: string,
  treeSize: number,
  rootHash: string,
  metrics: Record<string, number>,
): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head><body>`,
    '<p><strong>[SYNTHETIC] Synthetic demonstration data</strong></p>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Mechanism: ${escapeHtml(DEMO_ORIGIN)}. Period: ${start} to ${end}.</p>`,
    `<p>Computed at checkpoint: tree size ${treeSize}, root hash ${escapeHtml(rootHash)}.</p>`,
    '<table><thead><tr><th scope="col">Metric</th><th scope="col">Value</th></tr></thead><tbody>',
    ...Object.entries(metrics).map(([key, value]) => `<tr><td>${escapeHtml(key)}</td><td>${value}</td></tr>`),
    '</tbody></table></body></html>',
    '',
  ].join('\n');
}

async function publishReport(world: DemoWorld, month: Month): Promise<void> {
  const checkpoint = world.log.checkpoint;
  if (checkpoint === undefined) return;
  // The calendar month (the demo's first month is clipped to its start, but a report covers the whole month).
  const period = resolveMetricPeriod('month', month.start);
  const treeSize = Number(checkpoint.treeSize);
  const rootHash = encodeBase64(checkpoint.rootHash);
  const title = `Monthly report: ${month.name} (synthetic demonstration)`;
  // The public metrics at the checkpoint, computed as validation recomputes them: the log refuses any other
  // numbers (statement-types/report-publish.ts), so the report carries no cell below the minimum size.
  const metrics = listReportValues(
    computeAudienceMetrics({
      statements: await world.log.readStatements(checkpoint.treeSize),
      audience: 'public',
      periodKind: 'month',
      periodAt: period.start,
    }),
  );
  const document = encodeUtf8(renderReport(title, period.start, period.end, treeSize, rootHash, metrics));
  // Uploaded before the report that lists it: the log refuses a report listing a document it does not store.
  await world.log.storeReportDocument(document);
  await world.log.issue(
    { org: 'sec', member: 'admin' },
    'report.publish',
    {
      title,
      period: { start: period.start, end: period.end },
      checkpoint: { tree_size: treeSize, root_hash: rootHash },
      metrics,
      documents: [{ sha256: encodeHex(sha256(document)), media_type: 'text/html', bytes: document.length }],
    },
    { audience: { kind: 'public' } },
  );
}
