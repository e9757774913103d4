import { reviewClaim } from './demo-cases.ts';
import { planCommitments } from './demo-commitments.ts';
import { planLiaisonExchanges, planMediatorMeetings } from './demo-exchanges.ts';
import { planGovernance } from './demo-governance.ts';
import { summarizeDemoActivity, type DemoHighlights } from './demo-highlights.ts';
import { planFlareUps } from './demo-flare-ups.ts';
import { planAllegations } from './demo-incidents.ts';
import { planObservations } from './demo-observations.ts';
import type { DemoLog } from './demo-log.ts';
import { DEMO_SECTORS, type DemoGeodata } from './demo-places.ts';
import { planPublications } from './demo-publications.ts';
import type { DemoTimeline } from './demo-timeline.ts';
import { DemoWorld, iso, type DemoEnrolledKey } from './demo-world.ts';

export interface DemoActivityOptions {
  /** The demo seed: the same seed (and the same timeline) gives the same statements. */
  readonly demoSeed: string;
  /** The simulated clock, from the end of the enrolments to the demo's `now`. */
  readonly timeline: DemoTimeline;
  readonly log: DemoLog;
  readonly geodata: DemoGeodata;
}

export interface DemoActivity {
  /** Keys enrolled during the activity (rotations, the admitted organisation's members). */
  readonly enrolledKeys: readonly DemoEnrolledKey[];
  readonly highlights: DemoHighlights;
}

/**
 * Six months of synthetic activity (DESIGN.md §9), issued through `log` as the timeline advances:
 *
 * - both parties' allegations (with amendments, two withdrawals, and two flare-ups in which both report the
 *   same exchanges of fire), the verification team's observations, and the other side's responses;
 * - the liaison channel: information and action requests and notifications at every priority, acknowledged,
 *   answered and closed on time, late or never, as each party's punctuality varies over the months;
 * - cases admitted and declined, notes, access denied or delayed, findings with every determination, grading
 *   and attribution, endorsed with concurrence and dissent until the quorum makes them final;
 * - commitments proposed by the mediators, accepted, one withdrawn and replaced, with monthly assessments;
 * - releases of final findings and monthly reports that name a real checkpoint; key rotations, an admitted
 *   observer delegation and a settings change.
 */
export async function generateDemoActivity(options: DemoActivityOptions): Promise<DemoActivity> {
  const world = new DemoWorld(options.demoSeed, options.timeline, options.log, options.geodata);
  world.reviewClaim = (claim) => {
    reviewClaim(world, claim);
  };
  planGovernance(world);
  planCommitments(world);
  planAllegations(world);
  planFlareUps(world, DEMO_SECTORS);
  planObservations(world);
  planLiaisonExchanges(world);
  planMediatorMeetings(world);
  planPublications(world);
  await options.timeline.run();
  return {
    enrolledKeys: world.enrolledKeys,
    highlights: summarizeDemoActivity(await options.log.readFullState(), iso(options.timeline.end)),
  };
}
