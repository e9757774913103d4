import type { ExchangePriority, Role } from '@jmm/domain';
import type { IncidentTemplate } from './demo-incident-templates.ts';
import type { DemoActor, DemoLog } from './demo-log.ts';
import type { DemoDistrict, DemoGeodata, DemoSide } from './demo-places.ts';
import { DemoRandom } from './demo-random.ts';
import type { DemoTimeline } from './demo-timeline.ts';

export const HOUR = 3600 * 1000;
export const DAY = 24 * HOUR;

export type DemoParty = DemoSide;
export const DEMO_PARTIES: readonly DemoParty[] = ['pk', 'af'];

export function otherParty(party: DemoParty): DemoParty {
  return party === 'pk' ? 'af' : 'pk';
}

export const PARTY_ADJECTIVE: Readonly<Record<DemoParty, string>> = { pk: 'Pakistan', af: 'Afghanistan' };

/**
 * How often each party is late with an acknowledgement, reply or response, per sixth of the demo period.
 * Both parties start equally slow (which is what moves the mediators to propose a commitment on timely
 * answers), then answer on time except for one bad stretch each, at different times: both make and miss
 * deadlines, each misses the commitment's monthly indicator, and neither comes out systematically worse.
 */
const LATE_PROBABILITY: Readonly<Record<DemoParty, readonly number[]>> = {
  pk: [0.22, 0.05, 0.05, 0.4, 0.05, 0.05],
  af: [0.22, 0.05, 0.05, 0.05, 0.4, 0.05],
};
/** Mediators, the verification team and the secretariat answer on time nearly always. */
const NEUTRAL_LATE_PROBABILITY = 0.03;

/** An incident report the scenario issued, with what later stories need to know about it. */
export interface DemoIncident {
  readonly digest: string;
  readonly kind: 'allegation' | 'observation';
  readonly reporter: string;
  readonly accused: DemoParty | undefined;
  readonly template: IncidentTemplate;
  readonly district: DemoDistrict;
  readonly occurredAt: number;
  readonly reportedAt: number;
  readonly killed: number;
  /** Reported publicly: the public may learn what becomes of it, through releases that name it. */
  readonly public: boolean;
  withdrawn: boolean;
  hasCase: boolean;
}

/** A statement in which a party claims action taken (an incident.response or exchange.reply). */
export interface DemoClaim {
  readonly digest: string;
  readonly party: DemoParty;
  readonly district: DemoDistrict;
  /** What the claim is about, as a noun phrase for findings ("action claimed in reply to a request"). */
  readonly noun: string;
}

/** A finding that became final, for the mediators' releases. */
export interface DemoFinalFinding {
  readonly digest: string;
  readonly finalAt: number;
  readonly province: string;
  readonly noun: string;
  readonly determination: string;
}

/** A key the scenario enrolled after the genesis (a new member, or a rotated key): "sign in as" needs it. */
export interface DemoEnrolledKey {
  readonly org: string;
  readonly member: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly seed: Uint8Array;
}

/** Everything the scenario's stories share: the clock, the log, randomness, places and the cast. */
export class DemoWorld {
  readonly demoSeed: string;
  readonly random: DemoRandom;
  readonly timeline: DemoTimeline;
  readonly log: DemoLog;
  readonly geodata: DemoGeodata;
  readonly finalFindings: DemoFinalFinding[] = [];
  readonly enrolledKeys: DemoEnrolledKey[] = [];
  private readonly quotas = new Map<string, { taken: number; offset: number }>();
  private readonly rotations = new Map<string, number[]>();
  /** Set by the case stories: the verification team decides whether to investigate a claimed action. */
  reviewClaim: (claim: DemoClaim) => void = () => undefined;

  constructor(demoSeed: string, timeline: DemoTimeline, log: DemoLog, geodata: DemoGeodata) {
    this.demoSeed = demoSeed;
    this.random = new DemoRandom(`activity\n${demoSeed}`);
    this.timeline = timeline;
    this.log = log;
    this.geodata = geodata;
  }

  /** Which sixth of the demo period `at` falls in (0–5). */
  phaseOf(at: number): number {
    const span = this.timeline.end - this.timeline.start;
    return Math.min(5, Math.max(0, Math.floor(((at - this.timeline.start) / span) * 6)));
  }

  /** The probability that `org` answers late at `at` (see LATE_PROBABILITY). */
  lateProbability(org: string, at: number): number {
    const schedule = org === 'pk' || org === 'af' ? LATE_PROBABILITY[org] : undefined;
    return schedule?.[this.phaseOf(at)] ?? NEUTRAL_LATE_PROBABILITY;
  }

  /**
   * A yes/no decision that comes out yes for a `probability` share of the calls with the same `key`, to
   * within one at every point (a low-discrepancy sequence with a random phase), where independent coin
   * flips would let one party end up twice as late as the other by chance alone.
   */
  decide(key: string, probability: number): boolean {
    let quota = this.quotas.get(key);
    if (quota === undefined) {
      quota = { taken: 0, offset: this.random.fork(`quota/${key}`).next() };
      this.quotas.set(key, quota);
    }
    const before = Math.floor(quota.taken * probability + quota.offset);
    quota.taken += 1;
    return Math.floor(quota.taken * probability + quota.offset) > before;
  }

  /**
   * One of `choices` in proportion to the weights over the calls with the same `key` (smooth weighted
   * round-robin from a random starting point): both parties' answers, outcomes and findings then have the
   * same mix, rather than whatever mix chance gives a few dozen draws.
   */
  choose<T>(key: string, choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let current = this.rotations.get(key);
    if (current === undefined) {
      const random = this.random.fork(`rotation/${key}`);
      current = choices.map(([, weight]) => random.between(0, weight));
      this.rotations.set(key, current);
    }
    let best = 0;
    choices.forEach(([, weight], i) => {
      const credit = current[i]! + weight;
      current[i] = credit;
      if (credit > current[best]!) best = i;
    });
    current[best] = current[best]! - total;
    return choices[best]![0];
  }

  /**
   * When `org` meets an obligation of kind `what` that starts now with `window` to meet it: on time (within
   * the first `onTime` share of the window), late, or never (undefined); a delay from now. Lateness follows
   * LATE_PROBABILITY for the current sixth of the period.
   */
  planAnswer(
    org: string,
    what: string,
    window: number,
    neverProbability: number,
    random: DemoRandom,
    onTime = 0.9,
  ): number | undefined {
    const phase = this.phaseOf(this.timeline.now);
    if (this.decide(`${what}/never/${org}`, neverProbability)) return undefined;
    if (this.decide(`${what}/late/${org}/${phase}`, this.lateProbability(org, this.timeline.now))) {
      return window * random.between(1.1, 3);
    }
    return window * random.between(0.03, onTime);
  }

  /** The acknowledgement and response windows of a priority, in milliseconds, under the current settings. */
  deadlines(priority: ExchangePriority): { acknowledge: number; respond: number } {
    const hours = this.log.state.settings.deadlines[priority];
    return { acknowledge: hours.acknowledge_hours * HOUR, respond: hours.respond_hours * HOUR };
  }

  reporter(party: DemoParty, random: DemoRandom): DemoActor {
    return { org: party, member: random.pick(['reporter-1', 'reporter-2']) };
  }

  /** Who speaks for a party on the liaison channel: mostly its liaison officer, sometimes its administrator. */
  liaison(party: string, random: DemoRandom): DemoActor {
    if (party === 'pk' || party === 'af')
      return { org: party, member: random.chance(0.85) ? 'liaison-1' : 'admin' };
    if (party === 'ver') return this.approver(random);
    return { org: party, member: 'admin' };
  }

  analyst(random: DemoRandom): DemoActor {
    return { org: 'ver', member: random.pick(['analyst-1', 'analyst-2']) };
  }

  approver(random: DemoRandom): DemoActor {
    return { org: 'ver', member: random.pick(['approver-1', 'approver-2', 'approver-3']) };
  }

  mediator(random: DemoRandom): DemoActor {
    return { org: random.pick(['med-a', 'med-b']), member: 'admin' };
  }
}

/** An ISO timestamp (RFC 3339 UTC) of a simulated time. */
export function iso(at: number): string {
  return new Date(at).toISOString();
}
