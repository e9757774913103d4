import type { Indicator, Ref, StatementOf } from '@jmm/domain';
import { sendExchange } from './demo-exchanges.ts';
import type { DemoActor } from './demo-log.ts';
import { synthetic } from './demo-phrases.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, DEMO_PARTIES, iso, PARTY_ADJECTIVE, type DemoWorld } from './demo-world.ts';

type AssessmentStatus = StatementOf<'indicator.assessment'>['body']['status'];

interface CommitmentPlan {
  readonly proposer: DemoActor;
  readonly title: string;
  readonly text: string;
  readonly indicators: readonly Indicator[];
  readonly supersedes?: string;
  /** Accepted by only one party, then withdrawn by the proposer and replaced (returns the replacement's plan). */
  readonly replacedBy?: (withdrawn: string) => CommitmentPlan;
}

const ASSESSMENT_RATIONALES: Readonly<Record<AssessmentStatus, string>> = {
  met: 'Checked against the records and by spot checks during the month: met.',
  partly_met: 'Met for most of the month, with gaps the team recorded.',
  not_met: 'Not met: repeated gaps were recorded during the month.',
  not_assessable: 'The team could not gather enough information this month to assess the indicator.',
};

const timelyAnswers: CommitmentPlan = {
  proposer: { org: 'med-a', member: 'admin' },
  title: 'Timely answers on the liaison channel',
  text: synthetic(
    'Both cells undertake to acknowledge and answer requests on the liaison channel within the mechanism’s deadlines and to keep the liaison hotline staffed around the clock.',
  ),
  indicators: [
    {
      id: 'ack-on-time',
      kind: 'computed',
      name: 'Requests acknowledged on time',
      metric: 'exchange_acknowledged_on_time_share',
      comparator: 'at_least',
      threshold: 0.8,
      period: 'month',
    },
    {
      id: 'reply-on-time',
      kind: 'computed',
      name: 'Requests answered on time',
      metric: 'exchange_replied_on_time_share',
      comparator: 'at_least',
      threshold: 0.7,
      period: 'month',
    },
    {
      id: 'hotline',
      kind: 'assessed',
      name: 'Liaison hotline staffed around the clock',
      description: synthetic(
        'The verification team reviews the hotline log and places unannounced test calls each month.',
      ),
    },
  ],
};

const restraint: CommitmentPlan = {
  proposer: { org: 'med-b', member: 'admin' },
  title: 'Restraint near populated areas',
  text: synthetic(
    'Both sides undertake not to direct fire across the border toward populated areas and to refer every cross-border fire incident for joint verification.',
  ),
  indicators: [
    {
      id: 'attributed-attacks',
      kind: 'computed',
      name: 'Confirmed attacks attributed to the party',
      metric: 'confirmed_attacks_attributed',
      comparator: 'at_most',
      threshold: 2,
      period: 'month',
    },
    {
      id: 'joint-referral',
      kind: 'assessed',
      name: 'Cross-border fire referred for verification within 7 days',
      description: synthetic(
        'The verification team compares the dates of reports of cross-border fire with the dates of referral.',
      ),
    },
  ],
};

function siteAccess(threshold: number, revised: boolean): readonly Indicator[] {
  return [
    {
      id: 'access-denials',
      kind: 'computed',
      name: 'Denials of access to the verification team',
      metric: 'access_denials',
      comparator: 'at_most',
      threshold,
      period: 'quarter',
    },
    {
      id: 'site-access',
      kind: 'assessed',
      name: revised
        ? 'Site visits arranged within 10 days of request'
        : 'Site visits arranged within 5 days of request',
      description: synthetic(
        'The verification team records the days between each access request and the visit.',
      ),
    },
  ];
}

const access: CommitmentPlan = {
  proposer: { org: 'med-a', member: 'admin' },
  title: 'Access for the verification team',
  text: synthetic(
    'Both sides undertake to give the verification team access to incident sites within five days of a request.',
  ),
  indicators: siteAccess(1, false),
  replacedBy: (withdrawn) => ({
    proposer: { org: 'med-a', member: 'admin' },
    title: 'Access for the verification team (revised)',
    text: synthetic(
      'Both sides undertake to give the verification team access to incident sites within ten days of a request, and to explain any refusal in writing.',
    ),
    indicators: siteAccess(2, true),
    supersedes: withdrawn,
  }),
};

/**
 * The mediators' commitments (DESIGN.md §3, §6: proposed → in force → withdrawn): three undertakings accepted
 * by both parties, and one accepted by one party, withdrawn by its proposer and replaced by a revised text.
 * Verifier approvers assess the assessed indicators monthly; computed indicators are met or missed as the
 * parties' punctuality and the findings of the scenario make them.
 */
export function planCommitments(world: DemoWorld): void {
  const random = world.random.fork('commitments');
  const day = (n: number) => world.timeline.start + n * DAY + random.between(0, 3 * DAY);
  const consult = day(12);
  world.timeline.at(consult, async () => {
    await sendExchange(world, random.fork('consult'), {
      from: { org: 'med-a', member: 'admin' },
      kind: 'information',
      priority: 'routine',
      recipients: ['pk', 'af'],
      subject: 'Request for views on a draft commitment on timely answers',
      text: synthetic(
        'The mediators share a draft commitment on timely answers on the liaison channel and ask for views.',
      ),
    });
  });
  world.timeline.at(day(18), () => propose(world, random.fork('timely'), timelyAnswers));
  world.timeline.at(day(48), () => propose(world, random.fork('restraint'), restraint));
  world.timeline.at(day(78), () => propose(world, random.fork('access'), access));
}

async function propose(world: DemoWorld, random: DemoRandom, plan: CommitmentPlan): Promise<void> {
  const { log, timeline } = world;
  const refs: Ref[] = plan.supersedes === undefined ? [] : [{ rel: 'supersedes', digest: plan.supersedes }];
  const digest = await log.issue(
    plan.proposer,
    'commitment.propose',
    {
      title: plan.title,
      text: plan.text,
      obligated: [...DEMO_PARTIES],
      effective_from: iso(timeline.now + 7 * DAY),
      indicators: [...plan.indicators],
    },
    { audience: { kind: 'public' }, refs },
  );
  const about: Ref[] = [{ rel: 'endorses', digest }];
  const otherMediator = plan.proposer.org === 'med-a' ? 'med-b' : 'med-a';
  timeline.after(random.between(0.5 * DAY, 2 * DAY), async () => {
    await log.issue(
      { org: otherMediator, member: 'admin' },
      'endorse',
      { position: 'concur' },
      { refs: about },
    );
  });
  timeline.after(random.between(1 * DAY, 3 * DAY), async () => {
    await log.issue(world.approver(random), 'endorse', { position: 'concur' }, { refs: about });
  });
  const [first, second] = random.sample(DEMO_PARTIES, 2);
  const firstAt = random.between(1 * DAY, 4 * DAY);
  let accepted = 0;
  const accept = (party: string) => async () => {
    await log.issue(
      world.liaison(party, random),
      'commitment.accept',
      { note: synthetic(`Accepted by the ${PARTY_ADJECTIVE[party as 'pk' | 'af']} cell`) },
      { audience: { kind: 'public' }, refs: [{ rel: 'responds_to', digest }] },
    );
    accepted += 1;
    if (accepted === DEMO_PARTIES.length)
      planAssessments(world, random.fork('assess'), digest, plan.indicators);
  };
  timeline.after(firstAt, accept(first!));
  if (plan.replacedBy === undefined) {
    timeline.after(firstAt + random.between(1 * DAY, 5 * DAY), accept(second!));
    return;
  }
  const replacement = plan.replacedBy;
  timeline.after(firstAt + random.between(8 * DAY, 14 * DAY), async () => {
    await log.issue(
      plan.proposer,
      'commitment.withdraw',
      { reason: synthetic('Replaced by a revised text agreed at the monthly liaison meeting') },
      { audience: { kind: 'public' }, refs: [{ rel: 'withdraws', digest }] },
    );
    timeline.after(random.between(1 * DAY, 3 * DAY), () =>
      propose(world, random.fork('revised'), replacement(digest)),
    );
  });
}

/** Monthly assessments of a commitment's assessed indicators, from the month it came into force. */
function planAssessments(
  world: DemoWorld,
  random: DemoRandom,
  commitment: string,
  indicators: readonly Indicator[],
): void {
  const inForce = world.timeline.now;
  const assessed = indicators.filter((indicator) => indicator.kind === 'assessed');
  const date = new Date(inForce);
  for (let month = 0; ; month++) {
    const start = Math.max(inForce, Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + month, 1));
    const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + month + 1, 1);
    if (end > world.timeline.end) break;
    for (const indicator of assessed) {
      const status = world.choose('assessment', [
        ['met', 45],
        ['partly_met', 25],
        ['not_met', 20],
        ['not_assessable', 10],
      ] as const);
      world.timeline.at(end + random.between(3 * DAY, 8 * DAY), async () => {
        await world.log.issue(
          world.approver(random),
          'indicator.assessment',
          {
            indicator: indicator.id,
            period: { start: iso(start), end: iso(end) },
            status,
            rationale: synthetic(ASSESSMENT_RATIONALES[status]),
          },
          { audience: { kind: 'public' }, refs: [{ rel: 'subject', digest: commitment }] },
        );
      });
    }
  }
}
