import type { Ref, StatementOf } from '@jmm/domain';
import type { DemoActor } from './demo-log.ts';
import {
  APPROVER_DISSENTS,
  CLAIM_DETERMINATION_TEXTS,
  DETERMINATION_TEXTS,
  OBSERVER_DISSENTS,
  synthetic,
} from './demo-phrases.ts';
import type { DemoDistrict } from './demo-places.ts';
import { planConcurrence } from './demo-publications.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, iso, PARTY_ADJECTIVE, type DemoParty, type DemoWorld } from './demo-world.ts';

type FindingBody = StatementOf<'case.finding'>['body'];
type Determination = FindingBody['determination'];
type Method = FindingBody['methods'][number];

/** An admitted case, as the investigation and the finding need it. */
export interface DemoCase {
  readonly digest: string;
  readonly kind: 'allegation' | 'joint' | 'claim';
  readonly analysts: readonly DemoActor[];
  readonly observers: readonly DemoActor[];
  /** The party on whose territory the team works (and who may deny it access). */
  readonly host: DemoParty;
  readonly accused: DemoParty | undefined;
  readonly district: DemoDistrict;
  readonly noun: string;
  /** The public allegations the case is about: releases about the case name them, so the public can follow. */
  readonly publicSubjects: readonly string[];
  accessDenied: boolean;
}

const METHODS: readonly Method[] = [
  'site_visit',
  'witness_interviews',
  'imagery',
  'forensics',
  'documents',
  'open_source',
  'party_information',
];

function drawDetermination(world: DemoWorld, kase: DemoCase): Determination {
  if (kase.kind === 'joint')
    return world.choose('determination/joint', [
      ['confirmed', 70],
      ['inconclusive', 30],
    ] as const);
  if (kase.kind === 'claim')
    return world.choose(`determination/claim/${kase.host}`, [
      ['confirmed', 50],
      ['not_confirmed', 30],
      ['inconclusive', 20],
    ] as const);
  return world.choose(`determination/${kase.accused ?? ''}`, [
    ['confirmed', 40],
    ['not_confirmed', 25],
    ['unfounded', 15],
    ['inconclusive', 20],
  ] as const);
}

function describeDetermination(kase: DemoCase, determination: Determination): string {
  return (kase.kind === 'claim' ? CLAIM_DETERMINATION_TEXTS : DETERMINATION_TEXTS)[determination];
}

function describeAttribution(attribution: FindingBody['attribution']): string {
  if (attribution === undefined) return '';
  const side = `the ${PARTY_ADJECTIVE[attribution.party as DemoParty]} side`;
  if (attribution.degree === 'attributable') return ` The team attributes it to ${side}.`;
  if (attribution.degree === 'largely_attributable')
    return ` The team finds it largely attributable to ${side}.`;
  return ' The team could not attribute it to either side.';
}

interface Endorsing {
  concurs: number;
  dissents: number;
  final: boolean;
}

/** An analyst of the team drafts the finding; approvers then concur or dissent until the quorum is reached. */
export async function draftFinding(
  world: DemoWorld,
  random: DemoRandom,
  kase: DemoCase,
  supersedes: string | undefined,
): Promise<void> {
  let determination = drawDetermination(world, kase);
  if (supersedes !== undefined && random.chance(0.5)) determination = 'inconclusive';
  const attribution: FindingBody['attribution'] =
    determination === 'confirmed' &&
    kase.kind === 'allegation' &&
    kase.accused !== undefined &&
    random.chance(0.85)
      ? {
          party: kase.accused,
          degree: world.choose(`attribution/${kase.accused}`, [
            ['attributable', 35],
            ['largely_attributable', 35],
            ['not_attributable', 30],
          ] as const),
        }
      : undefined;
  const methods = random.sample(kase.accessDenied ? METHODS.slice(1) : METHODS, random.int(1, 4));
  const confidence =
    supersedes !== undefined
      ? 'low'
      : random.weighted(
          determination === 'inconclusive'
            ? ([
                ['low', 70],
                ['moderate', 30],
              ] as const)
            : ([
                ['low', 15],
                ['moderate', 50],
                ['high', 35],
              ] as const),
        );
  const body: FindingBody = {
    determination,
    ...(attribution === undefined ? {} : { attribution }),
    source_reliability: random.weighted([
      ['A', 5],
      ['B', 30],
      ['C', 35],
      ['D', 15],
      ['E', 5],
      ['F', 10],
    ] as const),
    information_credibility: random.weighted([
      [1, 10],
      [2, 30],
      [3, 30],
      [4, 15],
      [5, 5],
      [6, 10],
    ] as const),
    confidence,
    methods,
    summary: synthetic(
      `${describeDetermination(kase, determination)}${describeAttribution(attribution)} Subject: ${kase.noun} near ${kase.district.name} (${kase.district.province}).${supersedes === undefined ? '' : ' This revised finding replaces the draft the approvers did not endorse.'}`,
    ),
    evidence: random.chance(0.5)
      ? [world.log.evidence('the team’s site report', world.timeline.now - DAY)]
      : [],
    reference_geodata_digest: world.geodata.digest,
  };
  const refs: Ref[] = [{ rel: 'subject', digest: kase.digest }];
  if (supersedes !== undefined) refs.push({ rel: 'supersedes', digest: supersedes });
  const digest = await world.log.issue(random.pick(kase.analysts), 'case.finding', body, { refs });
  planEndorsements(world, random.fork('endorse'), kase, digest, body, supersedes !== undefined);
}

function planEndorsements(
  world: DemoWorld,
  random: DemoRandom,
  kase: DemoCase,
  finding: string,
  body: FindingBody,
  revised: boolean,
): void {
  const { timeline, log } = world;
  const drafted = timeline.now;
  const state: Endorsing = { concurs: 0, dissents: 0, final: false };
  const endorses: Ref[] = [{ rel: 'endorses', digest: finding }];
  for (const observer of kase.observers) {
    if (!random.chance(0.7)) continue;
    const blamed = body.attribution?.party === observer.org && body.attribution.degree !== 'not_attributable';
    const dismissed =
      kase.kind === 'allegation' &&
      observer.org !== kase.accused &&
      ['unfounded', 'not_confirmed'].includes(body.determination);
    const dissent = random.chance(blamed || dismissed ? 0.7 : 0.15);
    timeline.at(drafted + random.between(0.3 * DAY, 2 * DAY), async () => {
      if (state.final) return;
      await log.issue(
        observer,
        'endorse',
        dissent
          ? { position: 'dissent', text: synthetic(random.pick(OBSERVER_DISSENTS)) }
          : { position: 'concur' },
        { refs: endorses },
      );
    });
  }
  const approvers = random.sample(['approver-1', 'approver-2', 'approver-3'], 3);
  const step = (k: number) => async (): Promise<void> => {
    if (state.final) return;
    const dissent = random.chance(revised ? 0.05 : ([0.14, 0.2, 0.25][k] ?? 0.2));
    await log.issue(
      { org: 'ver', member: approvers[k]! },
      'endorse',
      dissent
        ? { position: 'dissent', text: synthetic(random.pick(APPROVER_DISSENTS)) }
        : { position: 'concur' },
      { refs: endorses },
    );
    if (dissent) state.dissents += 1;
    else state.concurs += 1;
    if (state.concurs >= log.state.settings.finding_quorum) {
      state.final = true;
      world.finalFindings.push({
        digest: finding,
        finalAt: timeline.now,
        province: kase.district.province,
        noun: kase.noun,
        determination: body.determination,
      });
      if (random.chance(kase.publicSubjects.length > 0 ? 0.6 : 0.3))
        planRelease(world, random.fork('release'), finding, kase, body);
    } else if (k + 1 < approvers.length) {
      timeline.after(random.between(0.5 * DAY, 4 * DAY), step(k + 1));
    } else if (!revised) {
      timeline.after(random.between(5 * DAY, 12 * DAY), () =>
        draftFinding(world, random.fork('revision'), kase, finding),
      );
    }
  };
  timeline.at(drafted + random.between(2.5 * DAY, 6 * DAY), step(0));
}

/** A mediator publishes a coarsened summary of one final finding; a verifier approver concurs to release it. */
function planRelease(
  world: DemoWorld,
  random: DemoRandom,
  finding: string,
  kase: DemoCase,
  body: FindingBody,
): void {
  world.timeline.after(random.between(3 * DAY, 10 * DAY), async () => {
    const now = world.timeline.now;
    const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
    const release = await world.log.issue(
      world.mediator(random),
      'release',
      {
        title: `Verification summary: ${kase.noun} in ${kase.district.province}`,
        summary: synthetic(
          `The joint verification team has completed its finding on a reported ${kase.noun} in ${kase.district.province}. ${describeDetermination(kase, body.determination)}${describeAttribution(body.attribution)} Places are given at province level only.`,
        ),
        period: { start: iso(Math.min(monthStart, now - DAY)), end: iso(now) },
        admin1: [kase.district.province],
      },
      {
        audience: { kind: 'public' },
        refs: [finding, ...kase.publicSubjects].map((digest) => ({ rel: 'summarises', digest })),
      },
    );
    planConcurrence(world, random, release, random.between(DAY, 3 * DAY));
  });
}
