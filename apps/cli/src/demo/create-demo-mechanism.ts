import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  createNoteSigner,
  decodeHex,
  ed25519,
  encodeBase64,
  encodeUtf8,
  formatSignerKey,
  formatVerifierKey,
  sha256,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  type Ed25519Signer,
} from '@jmm/core';
import { DEFAULT_SETTINGS, type StatementType } from '@jmm/domain';
import { type AppServices } from '@jmm/server';
import { CliError } from '../cli-error.ts';
import { createMemberKey, writeMemberKeyFile } from '../member-key-file.ts';
import type { DemoHighlights } from './demo-highlights.ts';
import { DemoLog, type DemoEvidenceUpload, type StatementObserver } from './demo-log.ts';
import {
  DEMO_NAME,
  DEMO_ORGS,
  DEMO_ORIGIN,
  DEMO_PROFILES,
  deriveDemoLogSeed,
  deriveDemoSeed,
  type DemoMember,
} from './demo-members.ts';
import { loadDemoGeodata } from './demo-places.ts';
import { DemoTimeline } from './demo-timeline.ts';
import { DAY } from './demo-world.ts';
import { generateDemoActivity } from './generate-demo-activity.ts';
import { type MechanismFiles, openMechanism, type ServerConfig, writeNewFile } from '@jmm/mechanism';

export const DEMO_KEYS_FILE = 'demo-keys.json';

/** How far back the demo's activity starts: six months (26 weeks) before `now`. */
export const DEMO_PERIOD_DAYS = 182;

export interface DemoSummary {
  readonly origin: string;
  readonly orgs: number;
  readonly members: number;
  readonly treeSize: bigint;
  /** Root hash of the final checkpoint (base64): equal across runs with the same seed and `now`. */
  readonly rootHash: string;
  /** Log time of the first and last entries. */
  readonly period: { readonly start: string; readonly end: string };
  /** Statements sequenced, per type, in the order of the domain's statement types. */
  readonly counts: Readonly<Partial<Record<StatementType, number>>>;
  readonly highlights: DemoHighlights;
}

export interface DemoOptions {
  readonly seed: string;
  /** The demo's "today", in milliseconds since the epoch: the activity covers the six months before it. */
  readonly now: number;
  /** Sees every statement as it is sequenced (for tests). */
  readonly onStatement?: StatementObserver;
}

/**
 * The demo's data directory files, like `createMechanismFiles` but with the log key derived from the demo
 * seed (see deriveDemoLogSeed), so that the whole log — genesis included — is reproducible.
 */
async function createDemoMechanismFiles(dataDir: string, seed: string): Promise<MechanismFiles> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const logSeed = deriveDemoLogSeed(seed);
  const signerKey = await formatSignerKey(DEMO_ORIGIN, logSeed);
  const logVerifierKey = formatVerifierKey(DEMO_ORIGIN, (await ed25519.createSigner(logSeed)).publicKey);
  try {
    // The file names of apps/server's mechanism-files.ts (LOG_KEY_FILE, MECHANISM_FILE).
    await writeNewFile(join(dataDir, 'log.key'), `${signerKey}\n`, 0o600);
    await writeNewFile(
      join(dataDir, 'mechanism.json'),
      `${JSON.stringify({ origin: DEMO_ORIGIN, log_vkey: logVerifierKey }, null, 2)}\n`,
      0o644,
    );
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CliError('exists', `${dataDir} already holds a mechanism`, { cause });
    }
    throw cause;
  }
  return { origin: DEMO_ORIGIN, logVerifierKey, logSigner: await createNoteSigner(signerKey) };
}

/** A witness as the genesis settings list it: no URL, because the server runs it in-process. */
interface DemoWitness {
  readonly name: string;
  readonly vkey: string;
  readonly org: string;
}

/**
 * One witness per party and one for the verifier (issue 11, DESIGN.md §4), each with a key derived from the
 * demo seed (so the genesis, which lists their keys, stays reproducible) written to
 * `<data>/witnesses/<org>/witness.key` — the layout apps/server's open-local-witnesses.ts opens in-process
 * when `jmm serve` starts. Their state lives beside the key; their cosignatures carry real time.
 */
async function createDemoWitnesses(dataDir: string, seed: string): Promise<DemoWitness[]> {
  const witnesses: DemoWitness[] = [];
  for (const org of DEMO_ORGS.filter((each) => each.kind === 'party' || each.kind === 'verifier')) {
    const name = `${DEMO_ORIGIN.split('/')[0]!}/witness/${org.id}`;
    const witnessSeed = sha256(encodeUtf8(`jmm demo witness key v1\n${seed}\n${org.id}\n`));
    const signerKey = await formatSignerKey(name, witnessSeed, SIGNATURE_TYPE_COSIGNATURE_V1);
    const { publicKey } = await ed25519.createSigner(witnessSeed);
    const dir = join(dataDir, 'witnesses', org.id);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeNewFile(join(dir, 'witness.key'), `${signerKey}\n`, 0o600);
    witnesses.push({
      name,
      vkey: formatVerifierKey(name, publicKey, SIGNATURE_TYPE_COSIGNATURE_V1),
      org: org.id,
    });
  }
  return witnesses;
}

/**
 * Puts one of the demo's stand-in evidence files in the blob store and records its organisation's upload, at
 * the simulated time of the statement about to cite it, as a member's client would before submitting.
 */
async function storeDemoEvidence(services: AppServices, upload: DemoEvidenceUpload): Promise<void> {
  await services.blobStore.writeBlob(Readable.from([upload.bytes]), {
    expectedSha256: decodeHex(upload.sha256),
  });
  await services.blobs.recordBlobUpload({
    sha256: upload.sha256,
    mediaType: upload.mediaType,
    size: upload.bytes.length,
    org: upload.org,
    member: upload.member,
    uploadedAt: new Date(upload.at),
  });
}

/**
 * Creates the demonstration mechanism in `config.dataDir` (DESIGN.md §9): the genesis with each organisation's
 * admin, every other member enrolled by their organisation's admin, then six months of synthetic activity —
 * all signed with the demo keys and sequenced through the real log, whose clock is the demo's simulated clock
 * (log times run from `now` − 182 days to `now`). The engine used for generation is closed before returning;
 * a server opens its own, on the real clock. The current demo keys are written to demo-keys.json (mode 0600)
 * for "sign in as".
 */
export async function createDemoMechanism(config: ServerConfig, options: DemoOptions): Promise<DemoSummary> {
  const end = Math.floor(options.now / 1000) * 1000;
  const timeline = new DemoTimeline(end - DEMO_PERIOD_DAYS * DAY, end);
  const geodata = await loadDemoGeodata();
  const signers = new Map<string, Ed25519Signer>();
  const keys: { org: string; member: DemoMember; seed: Uint8Array }[] = [];
  for (const org of DEMO_ORGS) {
    for (const member of org.members) {
      const seed = deriveDemoSeed(options.seed, org.id, member.member);
      signers.set(`${org.id}/${member.member}`, await ed25519.createSigner(seed));
      keys.push({ org: org.id, member, seed });
    }
  }
  const publicKeyOf = (org: string, member: string): string =>
    encodeBase64(signers.get(`${org}/${member}`)!.publicKey);

  const files = await createDemoMechanismFiles(config.dataDir, options.seed);
  const witnesses = await createDemoWitnesses(config.dataDir, options.seed);
  const mechanism = await openMechanism(config, {
    clock: () => timeline.now,
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    files,
  });
  try {
    const log = new DemoLog(
      mechanism.services.engine,
      timeline,
      signers,
      (upload) => storeDemoEvidence(mechanism.services, upload),
      async (bytes) => {
        await mechanism.services.reportDocuments.writeBlob(Readable.from([bytes]));
      },
      options.onStatement,
    );
    await log.issue(
      { org: 'sec', member: 'admin' },
      'mechanism.genesis',
      {
        origin: DEMO_ORIGIN,
        name: DEMO_NAME,
        log_vkey: files.logVerifierKey,
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
        settings: {
          ...DEFAULT_SETTINGS,
          synthetic: true,
          mechanism_name: DEMO_NAME,
          reference_geodata_digest: geodata.digest,
          // Final once a witness of each party and the verifier has cosigned (/log/checkpoint serves those).
          witnesses,
          witness_policy: witnesses.map((witness) => witness.org),
        },
      },
      { audience: { kind: 'public' } },
    );
    // One at a time: concurrent submissions could be sequenced in either order, and the demo is reproducible.
    for (const org of DEMO_ORGS) {
      for (const member of org.members.slice(1)) {
        await log.issue({ org: org.id, member: 'admin' }, 'member.enroll', {
          member: member.member,
          display_name: member.displayName,
          roles: [...member.roles],
          public_key: publicKeyOf(org.id, member.member),
        });
      }
    }
    // A few members' display names, for mechanism readers only (never public: AUDIENCE_RULES).
    for (const profile of DEMO_PROFILES) {
      await log.issue({ org: profile.org, member: profile.by }, 'member.profile', {
        member: profile.member,
        display_name: profile.name,
      });
    }
    const activity = await generateDemoActivity({ demoSeed: options.seed, timeline, log, geodata });

    // The latest key of each member: rotated keys replace the first ones.
    const current = new Map(keys.map((key) => [`${key.org}/${key.member.member}`, key]));
    for (const key of activity.enrolledKeys) {
      current.set(`${key.org}/${key.member}`, {
        org: key.org,
        member: { member: key.member, displayName: key.displayName, roles: key.roles },
        seed: key.seed,
      });
    }
    const keyFile = await Promise.all(
      [...current.values()].map(async ({ org, member, seed }) => ({
        org,
        member: member.member,
        display_name: member.displayName,
        roles: member.roles,
        seed: encodeBase64(seed),
        public_key: encodeBase64((await ed25519.createSigner(seed)).publicKey),
      })),
    );
    await writeNewFile(
      join(config.dataDir, DEMO_KEYS_FILE),
      `${JSON.stringify({ synthetic: true, seed: options.seed, keys: keyFile }, null, 2)}\n`,
      0o600,
    );
    // The same keys as CLI key files (`keys/<org>-<member>.key`), so that `jmm verify --key`, `jmm submit --key`
    // and `jmm export --key` work on the demo as the README shows.
    for (const { org, member, seed } of current.values()) {
      await writeMemberKeyFile(
        join(config.dataDir, 'keys', `${org}-${member.member}.key`),
        await createMemberKey({ org, member: member.member }, seed),
      );
    }
    const { latestCheckpoint: checkpoint, mechanismState: state } = mechanism.services.engine;
    return {
      origin: DEMO_ORIGIN,
      orgs: state.orgs.size,
      members: [...state.members.values()].filter((member) => member.active).length,
      treeSize: checkpoint?.treeSize ?? 0n,
      rootHash: checkpoint === undefined ? '' : encodeBase64(checkpoint.rootHash),
      period: {
        start: new Date(timeline.start).toISOString(),
        end: checkpoint?.logTime ?? new Date(timeline.start).toISOString(),
      },
      counts: log.countsByType(),
      highlights: activity.highlights,
    };
  } finally {
    await mechanism.close();
  }
}
