import { REPORT_AUDIENCES, resolveMetricPeriod } from '@jmm/domain';
import { collectReportInput, describeReportPeriod, prepareReport, type PreparedReport } from '@jmm/report';
import { DEMO_ORIGIN } from './demo-members.ts';
import { synthetic } from './demo-phrases.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, HOUR, iso, type DemoWorld } from './demo-world.ts';

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
    months.push({
      start: Math.max(start, world.timeline.start),
      end,
      name: describeReportPeriod('month', new Date(start).toISOString()),
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
 * in the month, public once a verifier approver concurs) and the secretariat's public and mechanism reports,
 * which name the checkpoint their numbers were computed at (DESIGN.md §1.5).
 */
export function planPublications(world: DemoWorld): void {
  const random = world.random.fork('publications');
  listMonths(world).forEach((month, index) => {
    const story = random.fork(String(index));
    if (month.end - month.start >= 5 * DAY) {
      world.timeline.at(month.end + 2 * DAY + 9 * HOUR, () => publishReports(world, month));
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

/**
 * The secretariat's monthly reports (issue 8): a public one and, beside it, one for the whole mechanism, both
 * computed at the same checkpoint, rendered as HTML and PDF with @jmm/report as `jmm report` renders them,
 * uploaded, then published with `report.publish`. Their values are the audience's metrics at the checkpoint,
 * computed as validation recomputes them: the log refuses any other numbers
 * (statement-types/report-publish.ts), so a public report carries no cell below the minimum size.
 */
async function publishReports(world: DemoWorld, month: Month): Promise<void> {
  const checkpoint = world.log.checkpoint;
  if (checkpoint === undefined) return;
  // The calendar month (the demo's first month is clipped to its start, but a report covers the whole month).
  const period = resolveMetricPeriod('month', month.start);
  const statements = await world.log.readStatements(checkpoint.treeSize);
  const { state } = world.log;
  const reports: PreparedReport[] = [];
  for (const audience of REPORT_AUDIENCES) {
    const input = collectReportInput({
      statements,
      state,
      checkpoint,
      audience,
      period,
      log: { origin: DEMO_ORIGIN, verifier_key: state.logVkey },
    });
    // Published two days after the month ends: complete, unless nothing was logged since before its end
    // (the latest checkpoint then predates it); the numbers are final all the same, as they stand.
    reports.push(await prepareReport(input, { partial: true }));
  }
  for (const report of reports) {
    // Uploaded before the report that lists them: the log refuses a report listing a document it does not store.
    await world.log.storeReportDocument(report.pdf);
    await world.log.storeReportDocument(report.html);
    await world.log.issue({ org: 'sec', member: 'admin' }, 'report.publish', report.body, {
      audience: { kind: report.model.audience },
    });
  }
}
