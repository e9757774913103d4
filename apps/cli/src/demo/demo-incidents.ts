import type { Audience, StatementOf } from '@jmm/domain';
import { considerAllegation } from './demo-cases.ts';
import { sendExchange } from './demo-exchanges.ts';
import { INCIDENT_TEMPLATES, type IncidentTemplate } from './demo-incident-templates.ts';
import {
  ACTION_DESCRIPTIONS,
  AMENDMENT_REASONS,
  describeCasualties,
  RESPONSE_TEXTS,
  synthetic,
  WITHDRAWAL_REASONS,
} from './demo-phrases.ts';
import { listDemoDistricts, pickDemoLocation } from './demo-places.ts';
import type { DemoRandom } from './demo-random.ts';
import {
  DAY,
  DEMO_PARTIES,
  HOUR,
  iso,
  otherParty,
  type DemoIncident,
  type DemoParty,
  type DemoWorld,
} from './demo-world.ts';

type ReportBody = StatementOf<'incident.report'>['body'];
type Position = StatementOf<'incident.response'>['body']['position'];

/** Mean allegations each party files per day outside flare-ups. */
const ALLEGATION_RATE_PER_DAY = 0.55;
/** What a party's report may cite (stand-in files, see demo-evidence.ts). */
const EVIDENCE_KINDS = [
  'a photograph of the site',
  'a video recorded at the site',
  'a hospital record of the casualties',
  'a witness statement',
];

interface Casualties {
  readonly killed: number;
  readonly body: ReportBody['casualties'];
  readonly sentence: string;
}

function drawCasualties(random: DemoRandom, severity: IncidentTemplate['casualties']): Casualties {
  if (severity === 'none' || (severity === 'light' && random.chance(0.45))) {
    return { killed: 0, body: undefined, sentence: describeCasualties(0, 0, 0) };
  }
  const killed = severity === 'heavy' ? random.int(0, 7) : random.int(0, 2);
  const civilians = killed === 0 ? 0 : random.int(0, killed);
  const injured = random.int(killed === 0 ? 1 : 0, severity === 'heavy' ? 12 : 4);
  const estimate = (best: number, most = Infinity) => ({
    best,
    low: Math.max(0, best - random.int(0, 2)),
    high: Math.min(most, best + random.int(0, 3)),
  });
  const dead = estimate(killed);
  return {
    killed,
    body: { killed: dead, civilians_killed: estimate(civilians, dead.high), injured: estimate(injured) },
    sentence: describeCasualties(killed, civilians, injured),
  };
}

export function timeSpan(random: DemoRandom, occurredAt: number, reportedAt: number): ReportBody['time'] {
  if (random.chance(0.65)) {
    const end = Math.min(occurredAt + random.int(10, 180) * 60 * 1000, reportedAt);
    return { start: iso(occurredAt), end: iso(end), precision: 'exact' };
  }
  const dayStart = Math.floor(occurredAt / DAY) * DAY;
  return { start: iso(dayStart), end: iso(Math.min(dayStart + DAY - 1000, reportedAt)), precision: 'day' };
}

interface AllegationPlan {
  readonly party: DemoParty;
  readonly occurredAt: number;
  readonly template?: IncidentTemplate;
  readonly sector?: string;
  readonly withdraw?: boolean;
  /** Part of an exchange of fire both parties report: the joint case is opened elsewhere. */
  readonly mutual?: boolean;
}

/** Files an allegation now and plans its amendment, withdrawal, response and case decision. */
export async function fileAllegation(
  world: DemoWorld,
  random: DemoRandom,
  plan: AllegationPlan,
): Promise<DemoIncident> {
  const { timeline, log } = world;
  const reportedAt = timeline.now;
  const accused = otherParty(plan.party);
  const template = plan.template ?? random.weighted(INCIDENT_TEMPLATES.map((t) => [t, t.weight] as const));
  const district = random.pick(
    listDemoDistricts(template.site === 'reporter' ? plan.party : accused, plan.sector),
  );
  const location = pickDemoLocation(random, world.geodata, district);
  const casualties = drawCasualties(random, template.casualties);
  const evidence = random
    .sample(
      EVIDENCE_KINDS,
      random.weighted([
        [0, 40],
        [1, 35],
        [2, 20],
        [3, 5],
      ] as const),
    )
    .map((what, i) => world.log.evidence(what, plan.occurredAt + i * 600_000));
  const audience: Audience = random.chance(0.3) ? { kind: 'public' } : { kind: 'mechanism' };
  const body: ReportBody = {
    kind: 'allegation',
    category: template.category,
    time: timeSpan(random, plan.occurredAt, reportedAt),
    location,
    ...(casualties.body === undefined ? {} : { casualties: casualties.body }),
    alleged_responsible: { actor: random.pick(template.actors), party: accused },
    narrative: synthetic(
      `${template.describe(`${district.name} (${district.province})`)} ${casualties.sentence}`,
    ),
    evidence,
  };
  const digest = await log.issue(world.reporter(plan.party, random), 'incident.report', body, { audience });
  const incident: DemoIncident = {
    digest,
    kind: 'allegation',
    reporter: plan.party,
    accused,
    template,
    district,
    occurredAt: plan.occurredAt,
    reportedAt,
    killed: casualties.killed,
    public: audience.kind === 'public',
    withdrawn: false,
    hasCase: false,
  };

  if (random.chance(0.12))
    timeline.after(random.between(6 * HOUR, 5 * DAY), () => amend(world, random, incident, body));
  if (plan.withdraw === true) {
    timeline.after(random.between(1 * DAY, 4 * DAY), async () => {
      incident.withdrawn = true;
      await log.issue(
        { org: plan.party, member: 'liaison-1' },
        'incident.withdraw',
        { reason: synthetic(random.pick(WITHDRAWAL_REASONS)) },
        { refs: [{ rel: 'withdraws', digest }] },
      );
    });
  }
  // An allegation's response is due within the routine respond_hours (as the response metrics judge it);
  // a prompt party answers within the first half of that.
  const responseWindow = world.deadlines('routine').respond;
  const responseDelay = world.planAnswer(accused, 'response', responseWindow, 0.08, random, 0.45);
  if (responseDelay !== undefined) {
    timeline.after(responseDelay, () => respond(world, random, incident, audience));
  }
  if (plan.mutual !== true) {
    timeline.after(random.between(3 * DAY, 12 * DAY), () =>
      considerAllegation(world, random.fork('case'), incident),
    );
  }
  return incident;
}

async function amend(
  world: DemoWorld,
  random: DemoRandom,
  incident: DemoIncident,
  body: ReportBody,
): Promise<void> {
  if (incident.withdrawn) return;
  const kind = random.pick(['casualties', 'location', 'narrative'] as const);
  let patch: Record<string, unknown>;
  if (kind === 'casualties') {
    const killed = (body.casualties?.killed.best ?? 0) + random.int(0, 2);
    const injured = (body.casualties?.injured?.best ?? 0) + random.int(1, 3);
    patch = {
      casualties: {
        killed: { best: killed, low: killed, high: killed + 1 },
        injured: { best: injured, low: injured, high: injured + 2 },
      },
    };
  } else if (kind === 'location') {
    patch = { location: pickDemoLocation(random, world.geodata, incident.district) };
  } else {
    patch = {
      narrative: `${body.narrative} ${synthetic('Update: a second field report confirms the account.')}`,
    };
  }
  await world.log.issue(
    { org: incident.reporter, member: 'liaison-1' },
    'incident.amend',
    { patch, reason: synthetic(AMENDMENT_REASONS[kind]) },
    { refs: [{ rel: 'amends', digest: incident.digest }] },
  );
}

const POSITIONS: readonly (readonly [Position, number])[] = [
  ['acknowledge', 18],
  ['dispute', 32],
  ['partly_dispute', 18],
  ['information_requested', 14],
  ['action_taken', 18],
];

export async function respond(
  world: DemoWorld,
  random: DemoRandom,
  incident: DemoIncident,
  audience: Audience,
): Promise<void> {
  if (incident.withdrawn) return;
  const responder = incident.accused ?? incident.district.side;
  let position = world.choose(`position/${responder}`, POSITIONS);
  if (position === 'action_taken' && !incident.template.actionable) position = 'acknowledge';
  if (incident.kind === 'observation' && position === 'action_taken') position = 'information_requested';
  const against = random.pick(['group', 'site', 'individuals'] as const);
  const actionDistrict = random.pick(listDemoDistricts(responder, incident.district.sector));
  const action =
    position === 'action_taken'
      ? {
          action: {
            description: synthetic(random.pick(ACTION_DESCRIPTIONS[against])),
            against,
            taken_at: iso(Math.max(incident.reportedAt, world.timeline.now - random.between(HOUR, 2 * DAY))),
            location: pickDemoLocation(random, world.geodata, actionDistrict),
          },
        }
      : {};
  const digest = await world.log.issue(
    world.liaison(responder, random),
    'incident.response',
    { position, narrative: synthetic(random.pick(RESPONSE_TEXTS[position])), evidence: [], ...action },
    { audience, refs: [{ rel: 'responds_to', digest: incident.digest }] },
  );
  if (position === 'action_taken') {
    world.reviewClaim({
      digest,
      party: responder,
      district: actionDistrict,
      noun: `action claimed in response to a reported ${incident.template.noun}`,
    });
  }
  if (position === 'information_requested' && incident.reporter !== 'ver') {
    const date = iso(incident.occurredAt).slice(0, 10);
    world.timeline.after(random.between(HOUR, 6 * HOUR), async () => {
      await sendExchange(world, random.fork('information'), {
        from: world.liaison(responder, random),
        kind: 'information',
        priority: 'priority',
        recipients: [incident.reporter],
        subject: `Request for information on the ${incident.template.noun} reported near ${incident.district.name}`,
        text: synthetic(
          `Please provide coordinates, times and any imagery of the ${incident.template.noun} reported near ${incident.district.name} on ${date}.`,
        ),
        refs: [{ rel: 'subject', digest: incident.digest }],
        outcome: 'information_provided',
      });
    });
  }
}

/** Plans both parties' allegations over the demo period (a Poisson process each), with two withdrawals. */
export function planAllegations(world: DemoWorld): void {
  for (const party of DEMO_PARTIES) {
    const random = world.random.fork(`allegations/${party}`);
    const times: number[] = [];
    for (let at = world.timeline.start + DAY; ;) {
      at += random.exponential(DAY / ALLEGATION_RATE_PER_DAY);
      if (at > world.timeline.end) break;
      times.push(at);
    }
    // One report per party is withdrawn: a duplicate, or an event that turned out to be an accident.
    const withdrawn = random.int(Math.floor(times.length * 0.2), Math.floor(times.length * 0.7));
    times.forEach((occurredAt, index) => {
      const story = random.fork(String(index));
      world.timeline.at(occurredAt + story.between(HOUR, 30 * HOUR), async () => {
        await fileAllegation(world, story, { party, occurredAt, withdraw: index === withdrawn });
      });
    });
  }
}
