import { computeKeyId, ed25519, encodeBase64 } from '@jmm/core';
import type { Ref } from '@jmm/domain';
import type { DemoActor } from './demo-log.ts';
import { DEMO_ADMITTED_ORG, DEMO_KEY_ROTATIONS, DEMO_ORGS, deriveDemoSeed } from './demo-members.ts';
import { synthetic } from './demo-phrases.ts';
import type { DemoRandom } from './demo-random.ts';
import { DAY, DEMO_PARTIES, HOUR, otherParty, type DemoWorld } from './demo-world.ts';

/**
 * Endorsements of an admission or a settings change are public, as the change is (AUDIENCE_RULES): anyone can
 * see that every party concurred. Membership statements get their public audience from DemoLog's default.
 */
const PUBLIC = { kind: 'public' } as const;

/**
 * The mechanism's own housekeeping over the six months: routine key rotations (a new key enrolled, the old
 * one revoked), an observer delegation admitted once both parties concur (one dissents first and concurs a
 * week later), and a settings change both parties endorse.
 */
export function planGovernance(world: DemoWorld): void {
  const random = world.random.fork('governance');
  for (const rotation of DEMO_KEY_ROTATIONS) {
    world.timeline.at(world.timeline.start + rotation.day * DAY + random.between(0, DAY), () =>
      rotateKey(world, rotation.org, rotation.member),
    );
  }
  world.timeline.at(world.timeline.start + 58 * DAY + random.between(0, 2 * DAY), () =>
    admitObservers(world, random.fork('admit')),
  );
  world.timeline.at(world.timeline.start + 95 * DAY + random.between(0, 2 * DAY), () =>
    changeSettings(world, random.fork('settings')),
  );
}

async function rotateKey(world: DemoWorld, org: string, member: string): Promise<void> {
  const definition = DEMO_ORGS.find((o) => o.id === org)?.members.find((m) => m.member === member);
  if (definition === undefined) return;
  const oldKey = await ed25519.createSigner(deriveDemoSeed(world.demoSeed, org, member));
  const seed = deriveDemoSeed(world.demoSeed, org, member, 2);
  const newKey = await ed25519.createSigner(seed);
  const admin: DemoActor = { org, member: 'admin' };
  await world.log.issue(admin, 'member.enroll', {
    member,
    display_name: definition.displayName,
    roles: [...definition.roles],
    public_key: encodeBase64(newKey.publicKey),
  });
  world.log.useSigner({ org, member }, newKey);
  world.enrolledKeys.push({
    org,
    member,
    displayName: definition.displayName,
    roles: definition.roles,
    seed,
  });
  world.timeline.after(5 * 60 * 1000, async () => {
    await world.log.issue(admin, 'member.revoke', {
      member,
      key_id: computeKeyId(oldKey.publicKey),
      reason: synthetic('Scheduled key rotation'),
    });
  });
}

async function admitObservers(world: DemoWorld, random: DemoRandom): Promise<void> {
  const org = DEMO_ADMITTED_ORG;
  const [adminMember, ...others] = org.members;
  if (adminMember === undefined) return;
  const seedOf = (member: string) => deriveDemoSeed(world.demoSeed, org.id, member);
  const admin = await ed25519.createSigner(seedOf(adminMember.member));
  const digest = await world.log.issue({ org: 'sec', member: 'admin' }, 'org.admit', {
    org: {
      id: org.id,
      name: org.name,
      kind: org.kind,
      admins: [
        {
          member: adminMember.member,
          display_name: adminMember.displayName,
          roles: [...adminMember.roles],
          public_key: encodeBase64(admin.publicKey),
        },
      ],
    },
    reason: synthetic(
      'Both parties asked at the liaison meeting for a regional observer delegation to follow the mechanism',
    ),
  });
  const endorses: Ref[] = [{ rel: 'endorses', digest }];
  const first = random.pick(DEMO_PARTIES);
  const second = otherParty(first);
  world.timeline.after(random.between(1 * DAY, 3 * DAY), async () => {
    await world.log.issue(
      { org: first, member: 'admin' },
      'endorse',
      { position: 'concur' },
      { audience: PUBLIC, refs: endorses },
    );
  });
  world.timeline.after(random.between(3 * DAY + HOUR, 4 * DAY), async () => {
    await world.log.issue(
      { org: second, member: 'admin' },
      'endorse',
      {
        position: 'dissent',
        text: synthetic('We ask that the delegation’s access to restricted statements be set out first.'),
      },
      { audience: PUBLIC, refs: endorses },
    );
  });
  world.timeline.after(random.between(9 * DAY, 12 * DAY), async () => {
    // The second party's latest position replaces its dissent: with both concurring, the admission takes effect.
    await world.log.issue(
      { org: second, member: 'admin' },
      'endorse',
      { position: 'concur' },
      { audience: PUBLIC, refs: endorses },
    );
    world.log.useSigner({ org: org.id, member: adminMember.member }, admin);
    world.enrolledKeys.push({ ...describe(adminMember), org: org.id, seed: seedOf(adminMember.member) });
    world.timeline.after(random.between(HOUR, DAY), async () => {
      for (const member of others) {
        const signer = await ed25519.createSigner(seedOf(member.member));
        await world.log.issue({ org: org.id, member: adminMember.member }, 'member.enroll', {
          member: member.member,
          display_name: member.displayName,
          roles: [...member.roles],
          public_key: encodeBase64(signer.publicKey),
        });
        world.log.useSigner({ org: org.id, member: member.member }, signer);
        world.enrolledKeys.push({ ...describe(member), org: org.id, seed: seedOf(member.member) });
      }
    });
  });
}

function describe(member: (typeof DEMO_ADMITTED_ORG.members)[number]) {
  return { member: member.member, displayName: member.displayName, roles: member.roles };
}

async function changeSettings(world: DemoWorld, random: DemoRandom): Promise<void> {
  const digest = await world.log.issue({ org: 'sec', member: 'admin' }, 'settings.change', {
    patch: { issued_at_tolerance_seconds: 900 },
    reason: synthetic('Allow for poor connectivity at border posts when statements are signed in the field'),
  });
  for (const party of DEMO_PARTIES) {
    world.timeline.after(random.between(HOUR, 4 * DAY), async () => {
      await world.log.issue(
        world.liaison(party, random),
        'endorse',
        { position: 'concur' },
        { audience: PUBLIC, refs: [{ rel: 'endorses', digest }] },
      );
    });
  }
}
