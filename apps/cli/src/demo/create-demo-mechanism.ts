import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ed25519, encodeBase64, type Ed25519Signer } from '@jmm/core';
import { DEFAULT_SETTINGS, signStatement, type Statement } from '@jmm/domain';
import { initializeMechanism, openMechanism, writeNewFile, type ServerConfig } from '@jmm/server';
import { DEMO_NAME, DEMO_ORGS, DEMO_ORIGIN, deriveDemoSeed } from './demo-members.ts';

export const DEMO_KEYS_FILE = 'demo-keys.json';

export interface DemoSummary {
  readonly origin: string;
  readonly orgs: number;
  readonly members: number;
  readonly treeSize: bigint;
}

/**
 * Creates the demonstration mechanism in `config.dataDir`: the genesis with each organisation's admin, then
 * every other member enrolled by their organisation's admin, all signed with the demo keys and sequenced
 * through the real log. The demo keys are written to demo-keys.json (mode 0600) for "sign in as".
 */
export async function createDemoMechanism(
  config: ServerConfig,
  options: { seed: string; clock: () => number },
): Promise<DemoSummary> {
  const signers = new Map<string, Ed25519Signer>();
  for (const org of DEMO_ORGS) {
    for (const member of org.members) {
      signers.set(
        `${org.id}/${member.member}`,
        await ed25519.createSigner(deriveDemoSeed(options.seed, org.id, member.member)),
      );
    }
  }
  const signerOf = (org: string, member: string): Ed25519Signer => signers.get(`${org}/${member}`)!;
  const publicKeyOf = (org: string, member: string): string => encodeBase64(signerOf(org, member).publicKey);
  const issuedAt = () => new Date(options.clock()).toISOString();

  await initializeMechanism(config, {
    origin: DEMO_ORIGIN,
    clock: options.clock,
    signGenesis: (logVerifierKey) =>
      signStatement(
        {
          jmm: 1,
          type: 'mechanism.genesis',
          mechanism: DEMO_ORIGIN,
          issuer: { org: 'sec', member: 'admin' },
          issued_at: issuedAt(),
          audience: { kind: 'public' },
          refs: [],
          body: {
            origin: DEMO_ORIGIN,
            name: DEMO_NAME,
            log_vkey: logVerifierKey,
            orgs: DEMO_ORGS.map((org) => {
              const admin = org.members[0]!;
              return {
                id: org.id,
                name: org.name,
                kind: org.kind,
                admins: [
                  {
                    member: admin.member,
                    display_name: admin.displayName,
                    roles: [...admin.roles],
                    public_key: publicKeyOf(org.id, admin.member),
                  },
                ],
              };
            }),
            settings: { ...DEFAULT_SETTINGS, synthetic: true, mechanism_name: DEMO_NAME },
          },
        },
        signerOf('sec', 'admin'),
      ),
  });

  const mechanism = await openMechanism(config, {
    clock: options.clock,
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
  });
  try {
    const enrolments = DEMO_ORGS.flatMap((org) =>
      org.members.slice(1).map(async (member) => {
        const statement: Statement = {
          jmm: 1,
          type: 'member.enroll',
          mechanism: DEMO_ORIGIN,
          issuer: { org: org.id, member: 'admin' },
          issued_at: issuedAt(),
          audience: { kind: 'mechanism' },
          refs: [],
          body: {
            member: member.member,
            display_name: member.displayName,
            roles: [...member.roles],
            public_key: publicKeyOf(org.id, member.member),
          },
        };
        return mechanism.services.engine.submit(await signStatement(statement, signerOf(org.id, 'admin')));
      }),
    );
    await Promise.all(enrolments);
    const keys = DEMO_ORGS.flatMap((org) =>
      org.members.map((member) => ({
        org: org.id,
        member: member.member,
        display_name: member.displayName,
        roles: member.roles,
        seed: encodeBase64(deriveDemoSeed(options.seed, org.id, member.member)),
        public_key: publicKeyOf(org.id, member.member),
      })),
    );
    await writeNewFile(
      join(config.dataDir, DEMO_KEYS_FILE),
      `${JSON.stringify({ synthetic: true, seed: options.seed, keys }, null, 2)}\n`,
      0o600,
    );
    return {
      origin: DEMO_ORIGIN,
      orgs: DEMO_ORGS.length,
      members: keys.length,
      treeSize: mechanism.services.engine.latestCheckpoint?.treeSize ?? 0n,
    };
  } finally {
    await mechanism.close();
  }
}
