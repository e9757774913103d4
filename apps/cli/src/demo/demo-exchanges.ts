import type { Audience, ExchangePriority, Ref, StatementOf } from '@jmm/domain';
import type { DemoActor } from './demo-log.ts';
import { CLOSE_NOTES, REPLY_TEXTS, synthetic } from './demo-phrases.ts';
import { listDemoDistricts, pickDemoLocation, type DemoDistrict } from './demo-places.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, DEMO_PARTIES, HOUR, iso, otherParty, type DemoParty, type DemoWorld } from './demo-world.ts';

type ReplyOutcome = StatementOf<'exchange.reply'>['body']['outcome'];
type RequestKind = StatementOf<'exchange.request'>['body']['kind'];

/** A request to send: who asks whom for what, and optionally how every recipient will answer. */
export interface ExchangeSpec {
  readonly from: DemoActor;
  readonly kind: RequestKind;
  readonly priority: ExchangePriority;
  readonly recipients: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly refs?: readonly Ref[];
  readonly audience?: Audience;
  /** Where a claimed action would have taken place (for replies that say action was taken). */
  readonly district?: DemoDistrict;
  readonly outcome?: ReplyOutcome;
  /** What every recipient's reply says (a stock phrase for the outcome otherwise). */
  readonly replyText?: string;
}

const NEVER_ACKNOWLEDGED = 0.05;
const NEVER_REPLIED = 0.07;

const OUTCOMES: Readonly<Record<RequestKind, readonly (readonly [ReplyOutcome, number])[]>> = {
  information: [
    ['information_provided', 75],
    ['no_action', 13],
    ['declined', 12],
  ],
  action: [
    ['action_taken', 55],
    ['no_action', 25],
    ['declined', 20],
  ],
  notification: [],
};

/**
 * Sends an exchange request now and plans what follows (DESIGN.md §6: sent → acknowledged → replied → closed):
 * each recipient acknowledges and replies on time, late or never, as likely as the recipient's punctuality at
 * this point of the scenario; the requester closes once every answer is in (satisfied or not), or gives up on
 * an unanswered request after its deadline — or leaves it open and overdue.
 */
export async function sendExchange(
  world: DemoWorld,
  random: DemoRandom,
  spec: ExchangeSpec,
): Promise<string> {
  const { timeline, log } = world;
  const sentAt = timeline.now;
  const audience = spec.audience ?? { kind: 'mechanism' };
  const digest = await log.issue(
    spec.from,
    'exchange.request',
    {
      kind: spec.kind,
      priority: spec.priority,
      recipients: [...spec.recipients],
      subject: spec.subject,
      text: spec.text,
    },
    { audience, ...(spec.refs === undefined ? {} : { refs: spec.refs }) },
  );
  const windows = world.deadlines(spec.priority);
  const respondsTo: Ref[] = [{ rel: 'responds_to', digest }];
  const state = { closed: false, outcomes: [] as ReplyOutcome[] };
  let lastAnswer = 0;
  let unanswered = false;

  for (const recipient of spec.recipients) {
    const ackDelay = world.planAnswer(recipient, 'ack', windows.acknowledge, NEVER_ACKNOWLEDGED, random);
    let replyDelay =
      spec.kind === 'notification'
        ? undefined
        : world.planAnswer(recipient, 'reply', windows.respond, NEVER_REPLIED, random);
    if (replyDelay !== undefined && ackDelay !== undefined && replyDelay < ackDelay + 10 * 60 * 1000) {
      replyDelay = ackDelay + random.between(10 * 60 * 1000, 3 * HOUR);
    }
    const actor = world.liaison(recipient, random);
    if (ackDelay !== undefined) {
      timeline.at(sentAt + ackDelay, async () => {
        if (state.closed) return;
        const note = random.chance(0.5) ? { note: synthetic('Received; an answer will follow.') } : {};
        await log.issue(actor, 'exchange.ack', note, { audience, refs: respondsTo });
      });
    }
    if (replyDelay !== undefined) {
      timeline.at(sentAt + replyDelay, async () => {
        if (state.closed) return;
        const outcome =
          spec.outcome ?? world.choose(`outcome/${recipient}/${spec.kind}`, OUTCOMES[spec.kind]);
        state.outcomes.push(outcome);
        const district = spec.district ?? random.pick(listDemoDistricts(recipient === 'af' ? 'af' : 'pk'));
        const text = synthetic(spec.replyText ?? random.pick(REPLY_TEXTS[outcome]));
        const party = recipient === 'pk' || recipient === 'af' ? recipient : undefined;
        const action =
          outcome === 'action_taken'
            ? {
                action: {
                  description: text,
                  against: party !== undefined ? random.pick(['group', 'site'] as const) : ('other' as const),
                  taken_at: iso(world.timeline.now - random.between(HOUR, DAY)),
                  location: pickDemoLocation(random, world.geodata, district),
                },
              }
            : {};
        const reply = await log.issue(
          actor,
          'exchange.reply',
          { outcome, text, evidence: [], ...action },
          { audience, refs: respondsTo },
        );
        if (outcome === 'action_taken' && party !== undefined && audience.kind !== 'orgs') {
          world.reviewClaim({ digest: reply, party, district, noun: 'action claimed in reply to a request' });
        }
      });
    }
    const answered = spec.kind === 'notification' ? ackDelay : replyDelay;
    if (answered === undefined) unanswered = true;
    else lastAnswer = Math.max(lastAnswer, answered);
  }

  const close = async (satisfied: boolean, notes: readonly string[]) => {
    if (state.closed) return;
    state.closed = true;
    await log.issue(
      spec.from,
      'exchange.close',
      { satisfied, note: synthetic(random.pick(notes)) },
      { audience, refs: respondsTo },
    );
  };
  if (!unanswered && random.chance(spec.kind === 'notification' ? 0.4 : 0.8)) {
    timeline.at(sentAt + lastAnswer + random.between(0.3 * DAY, 5 * DAY), async () => {
      const good = state.outcomes.filter((o) => o === 'information_provided' || o === 'action_taken').length;
      const satisfied = random.chance(
        state.outcomes.length === 0 ? 0.9 : (0.15 + 0.7 * good) / state.outcomes.length,
      );
      await close(satisfied, satisfied ? CLOSE_NOTES.satisfied : CLOSE_NOTES.unsatisfied);
    });
  } else if (unanswered && random.chance(0.6)) {
    const deadline = spec.kind === 'notification' ? windows.acknowledge : windows.respond;
    timeline.at(sentAt + deadline + random.between(2 * DAY, 10 * DAY), () =>
      close(false, CLOSE_NOTES.unanswered),
    );
  }
  return digest;
}

interface LiaisonTemplate {
  readonly kind: RequestKind;
  readonly priority: ExchangePriority;
  readonly weight: number;
  /** Whose side of the border the request is about. */
  readonly side: 'sender' | 'recipient';
  readonly subject: (district: string) => string;
  readonly text: (place: string, date: string) => string;
}

/** The everyday traffic of the liaison channel, the same for both parties. */
const LIAISON_TEMPLATES: readonly LiaisonTemplate[] = [
  {
    kind: 'information',
    priority: 'routine',
    weight: 25,
    side: 'recipient',
    subject: (d) => `Request for information on armed movement near ${d}`,
    text: (p, date) => `Please share what is known about armed men seen moving near ${p} on ${date}.`,
  },
  {
    kind: 'information',
    priority: 'priority',
    weight: 15,
    side: 'recipient',
    subject: (d) => `Request for information on residents detained near ${d}`,
    text: (p, date) =>
      `Residents of border villages were reported detained near ${p} on ${date}. Please confirm and give their status.`,
  },
  {
    kind: 'action',
    priority: 'flash',
    weight: 8,
    side: 'sender',
    subject: (d) => `Request to stop firing toward ${d}`,
    text: (p, date) =>
      `Fire from across the border is landing near ${p} (${date}). Request that it stop immediately.`,
  },
  {
    kind: 'action',
    priority: 'priority',
    weight: 12,
    side: 'recipient',
    subject: (d) => `Request to act against an armed group near ${d}`,
    text: (p) =>
      `An armed group that attacks across the border is reported to operate near ${p}. Request action and a report of what was done.`,
  },
  {
    kind: 'action',
    priority: 'routine',
    weight: 8,
    side: 'recipient',
    subject: (d) => `Request to reopen the crossing serving ${d}`,
    text: (p, date) =>
      `The crossing serving ${p} has been closed since ${date}. Request that it reopen to traders and patients.`,
  },
  {
    kind: 'notification',
    priority: 'routine',
    weight: 16,
    side: 'sender',
    subject: (d) => `Notification of a planned live-fire exercise near ${d}`,
    text: (p, date) =>
      `A live-fire exercise will take place near ${p} from ${date}. No fire will be directed across the border.`,
  },
  {
    kind: 'notification',
    priority: 'priority',
    weight: 10,
    side: 'sender',
    subject: (d) => `Notification of a security operation near ${d}`,
    text: (p, date) => `A security operation against armed groups will take place near ${p} from ${date}.`,
  },
  {
    kind: 'notification',
    priority: 'flash',
    weight: 6,
    side: 'sender',
    subject: (d) => `Notification of a flight near the border at ${d}`,
    text: (p, date) =>
      `An aircraft will fly near the border at ${p} on ${date}; it will not cross the border.`,
  },
];

/** Mean liaison requests a party sends per day. */
const LIAISON_RATE_PER_DAY = 0.4;

/** Plans each party's routine liaison requests to the other party over the whole demo period. */
export function planLiaisonExchanges(world: DemoWorld): void {
  for (const party of DEMO_PARTIES) {
    const random = world.random.fork(`liaison/${party}`);
    let at = world.timeline.start + DAY;
    for (let index = 0; ; index++) {
      at += random.exponential(DAY / LIAISON_RATE_PER_DAY);
      const story = random.fork(String(index));
      if (!world.timeline.at(at, () => sendLiaisonRequest(world, story, party))) break;
    }
  }
}

async function sendLiaisonRequest(world: DemoWorld, random: DemoRandom, party: DemoParty): Promise<void> {
  const recipient = otherParty(party);
  const template = random.weighted(LIAISON_TEMPLATES.map((t) => [t, t.weight] as const));
  const district = random.pick(listDemoDistricts(template.side === 'sender' ? party : recipient));
  const place = `${district.name} (${district.province})`;
  const date = iso(world.timeline.now).slice(0, 10);
  const restricted = random.chance(0.3);
  await sendExchange(world, random, {
    from: world.liaison(party, random),
    kind: template.kind,
    priority: template.priority,
    recipients: [recipient],
    subject: template.subject(district.name),
    text: synthetic(template.text(place, date)),
    district,
    ...(restricted ? { audience: { kind: 'orgs', orgs: [party, recipient, 'sec'] } } : {}),
  });
}

/**
 * The mediators' monthly meeting notices to both parties, and the parties' occasional requests to a mediator
 * for a meeting on one sector.
 */
export function planMediatorMeetings(world: DemoWorld): void {
  const random = world.random.fork('meetings');
  for (let at = world.timeline.start + 8 * DAY, index = 0; at < world.timeline.end; at += 30 * DAY, index++) {
    const story = random.fork(String(index));
    const mediator = index % 2 === 0 ? 'med-a' : 'med-b';
    world.timeline.at(at + story.between(0, 2 * DAY), async () => {
      const date = iso(world.timeline.now + 7 * DAY).slice(0, 10);
      await sendExchange(world, story, {
        from: { org: mediator, member: 'admin' },
        kind: 'notification',
        priority: 'routine',
        recipients: ['pk', 'af'],
        subject: 'Notice of the monthly liaison meeting',
        text: synthetic(
          `The monthly liaison meeting will be held on ${date}. Each cell is asked to confirm its delegation.`,
        ),
      });
    });
    const party = story.pick(DEMO_PARTIES);
    world.timeline.at(at + story.between(10 * DAY, 20 * DAY), async () => {
      const district = story.pick(listDemoDistricts(party));
      await sendExchange(world, story.fork('ask'), {
        from: world.liaison(party, story),
        kind: 'action',
        priority: 'routine',
        recipients: [story.pick(['med-a', 'med-b'])],
        subject: `Request for a mediated meeting on the ${district.sector}`,
        text: synthetic(
          `The cell asks the mediators to convene both sides on recent events in the ${district.sector}.`,
        ),
        outcome: 'action_taken',
        replyText: `A meeting of both cells on the ${district.sector} has been convened for next week.`,
        district,
      });
    });
  }
}
