import type { Ref } from '@jmm/domain';
import { sendExchange } from './demo-exchanges.ts';
import { draftFinding, type DemoCase } from './demo-findings.ts';
import type { DemoActor } from './demo-log.ts';
import { ACCESS_TEXTS, ADMIT_REASONS, CASE_NOTES, DECLINE_REASONS, synthetic } from './demo-phrases.ts';
import { planConcurrence } from './demo-publications.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, HOUR, iso, type DemoClaim, type DemoIncident, type DemoWorld } from './demo-world.ts';

/** What a case is about: allegations (one, or both sides' reports of one exchange of fire) or a claimed action. */
export type CaseSubjects =
  | { readonly incidents: readonly DemoIncident[]; readonly admit: boolean }
  | { readonly claim: DemoClaim; readonly admit: boolean };

const PARTY_OBSERVERS: readonly DemoActor[] = [
  { org: 'pk', member: 'liaison-1' },
  { org: 'af', member: 'liaison-1' },
];

/** The verification team decides whether to take up an allegation some days after it was reported. */
export async function considerAllegation(
  world: DemoWorld,
  random: DemoRandom,
  incident: DemoIncident,
): Promise<void> {
  if (incident.withdrawn || incident.hasCase) return;
  const militant = incident.template.category.mechanism_type === 'militant_presence';
  const likelihood = 0.45 + (incident.killed > 0 ? 0.3 : 0) - (militant ? 0.12 : 0);
  if (!random.chance(likelihood)) return;
  const weak = ['overflight', 'closure', 'seizure'].includes(incident.template.id);
  await openCase(world, random, { incidents: [incident], admit: !random.chance(weak ? 0.45 : 0.2) });
}

/** The verification team sometimes checks a party's claim that it acted (DESIGN.md §3 case.open subjects). */
export function reviewClaim(world: DemoWorld, claim: DemoClaim): void {
  const random = world.random.fork(`claim/${claim.digest}`);
  if (!random.chance(0.35)) return;
  world.timeline.after(random.between(2 * DAY, 8 * DAY), () =>
    openCase(world, random, { claim, admit: random.chance(0.85) }),
  );
}

/** A verifier approver admits or declines; an admitted case gets a team, deadlines and an investigation. */
export async function openCase(world: DemoWorld, random: DemoRandom, subjects: CaseSubjects): Promise<void> {
  const { log, timeline } = world;
  const refs: Ref[] =
    'claim' in subjects
      ? [{ rel: 'subject', digest: subjects.claim.digest }]
      : subjects.incidents.map((incident) => ({ rel: 'subject', digest: incident.digest }));
  const approver = world.approver(random);
  if ('incidents' in subjects) for (const incident of subjects.incidents) incident.hasCase = true;
  if (!subjects.admit) {
    await log.issue(
      approver,
      'case.open',
      { decision: 'decline', reason: synthetic(random.pick(DECLINE_REASONS)) },
      { refs },
    );
    return;
  }
  const joint = 'incidents' in subjects && subjects.incidents.length > 1;
  const analysts = random
    .sample(['analyst-1', 'analyst-2'], random.int(1, 2))
    .map((member) => ({ org: 'ver', member }));
  const observers = joint || random.chance(0.6) ? PARTY_OBSERVERS : [];
  const digest = await log.issue(
    approver,
    'case.open',
    {
      decision: 'admit',
      reason: synthetic(
        joint
          ? 'Both cells report the same exchange of fire: one case covers both allegations.'
          : random.pick(ADMIT_REASONS),
      ),
      team: { analysts, observers: [...observers] },
      mission_by: iso(timeline.now + random.between(5 * DAY, 14 * DAY)),
      finding_by: iso(timeline.now + random.between(25 * DAY, 45 * DAY)),
    },
    { refs },
  );
  const kase: DemoCase =
    'claim' in subjects
      ? {
          digest,
          kind: 'claim',
          analysts,
          observers,
          host: subjects.claim.party,
          accused: undefined,
          district: subjects.claim.district,
          noun: subjects.claim.noun,
          publicSubjects: [],
          accessDenied: false,
        }
      : caseOfIncidents(digest, joint, analysts, observers, subjects.incidents, random);
  if (kase.publicSubjects.length > 0 && random.chance(0.7))
    planAdmissionNotice(world, random.fork('notice'), kase);
  investigate(world, random, kase);
}

/**
 * The public learns that a public allegation was admitted only from a public statement (DESIGN.md §1.7): a
 * mediator releases a notice naming the case and the allegation, and a verifier approver concurs. The notice says
 * nothing the case statement says about people (its team), and places are at province level.
 */
function planAdmissionNotice(world: DemoWorld, random: DemoRandom, kase: DemoCase): void {
  world.timeline.after(random.between(DAY, 4 * DAY), async () => {
    const now = world.timeline.now;
    const release = await world.log.issue(
      world.mediator(random),
      'release',
      {
        title: `Admitted for verification: ${kase.noun} in ${kase.district.province}`,
        summary: synthetic(
          `The joint verification team has admitted the allegation of a ${kase.noun} in ${kase.district.province} and opened an investigation. Its finding will be summarised here when it is final. Places are given at province level only.`,
        ),
        period: { start: iso(now - DAY), end: iso(now) },
        admin1: [kase.district.province],
      },
      {
        audience: { kind: 'public' },
        refs: [kase.digest, ...kase.publicSubjects].map((digest) => ({ rel: 'summarises', digest })),
      },
    );
    planConcurrence(world, random, release, random.between(0.5 * DAY, 2 * DAY));
  });
}

function caseOfIncidents(
  digest: string,
  joint: boolean,
  analysts: readonly DemoActor[],
  observers: readonly DemoActor[],
  incidents: readonly DemoIncident[],
  random: DemoRandom,
): DemoCase {
  const site = random.pick(incidents);
  return {
    digest,
    kind: joint ? 'joint' : 'allegation',
    analysts,
    observers,
    host: site.district.side,
    accused: joint ? undefined : site.accused,
    district: site.district,
    noun: site.template.noun,
    publicSubjects: incidents.filter((incident) => incident.public).map((incident) => incident.digest),
    accessDenied: false,
  };
}

function investigate(world: DemoWorld, random: DemoRandom, kase: DemoCase): void {
  const { timeline, log } = world;
  const opened = timeline.now;
  const findingDelay = random.between(12 * DAY, 50 * DAY);
  const subject: Ref[] = [{ rel: 'subject', digest: kase.digest }];
  const notes = Array.from({ length: random.int(1, 2) }, () => random.between(DAY, findingDelay - DAY)).sort(
    (a, b) => a - b,
  );
  for (const delay of notes) {
    timeline.at(opened + delay, async () => {
      const author = random.chance(0.8) ? random.pick(kase.analysts) : world.approver(random);
      const evidence = random.chance(0.3)
        ? [world.log.evidence('field notes of the team', timeline.now - HOUR)]
        : [];
      await log.issue(
        author,
        'case.note',
        { text: synthetic(random.pick(CASE_NOTES)), evidence },
        { refs: subject, audience: { kind: 'orgs', orgs: ['ver'] } },
      );
    });
  }
  if (world.decide(`access/${kase.host}`, 0.2))
    planAccessProblem(world, random.fork('access'), kase, opened, findingDelay);
  if (random.chance(0.92)) {
    timeline.at(opened + findingDelay, () => draftFinding(world, random.fork('finding'), kase, undefined));
  }
}

/** The team asks the host party for access to the site; the host refuses or delays it. */
function planAccessProblem(
  world: DemoWorld,
  random: DemoRandom,
  kase: DemoCase,
  opened: number,
  window: number,
): void {
  const denied = random.chance(0.35);
  const requestAt = opened + random.between(0.5 * DAY, 2 * DAY);
  world.timeline.at(requestAt, async () => {
    await sendExchange(world, random, {
      from: world.approver(random),
      kind: 'action',
      priority: 'priority',
      recipients: [kase.host],
      subject: `Request for site access near ${kase.district.name}`,
      text: synthetic(
        `The verification team asks for access to the site of a reported ${kase.noun} near ${kase.district.name} (${kase.district.province}) within five days.`,
      ),
      refs: [{ rel: 'subject', digest: kase.digest }],
      outcome: denied ? 'declined' : 'information_provided',
    });
  });
  const reportAt =
    requestAt + random.between(2 * DAY, Math.max(2.5 * DAY, Math.min(8 * DAY, window - 2 * DAY)));
  world.timeline.at(reportAt, async () => {
    kase.accessDenied = denied;
    const kind = denied ? 'denied' : 'delayed';
    const delayHours = random.int(6, 96);
    await world.log.issue(
      random.pick(kase.analysts),
      'case.access_denied',
      {
        party: kase.host,
        kind,
        occurred_at: iso(world.timeline.now - random.between(HOUR, DAY)),
        ...(denied ? {} : { delay_hours: delayHours }),
        text: synthetic(random.pick(ACCESS_TEXTS[kind])),
      },
      { refs: [{ rel: 'subject', digest: kase.digest }] },
    );
  });
}
