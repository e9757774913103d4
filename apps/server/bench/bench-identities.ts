// Who the benchmark's mechanism is made of. Every key is derived from its name, so that the load generator's
// workers, the process that creates the mechanism and every run (SQLite, PostgreSQL) agree on the same keys,
// and one pool of pre-signed statements is valid against each fresh mechanism.
import { ed25519, encodeBase64, encodeUtf8, sha256, type Ed25519Signer, type Envelope } from '@jmm/core';
import { DEFAULT_SETTINGS, signStatement, type OrgKind, type Role, type Statement } from '@jmm/domain';

export const BENCH_ORIGIN = 'jmm.example.org/server-bench';

/** Organisations of the genesis, each with one admin (`<org>/admin`). */
const GENESIS_ORGS: readonly { id: string; name: string; kind: OrgKind }[] = [
  { id: 'sec', name: 'Secretariat', kind: 'secretariat' },
  { id: 'pa', name: 'Party A', kind: 'party' },
  { id: 'pb', name: 'Party B', kind: 'party' },
  { id: 'ver', name: 'Verification team', kind: 'verifier' },
];

/** Admins enrolled after the genesis by their org's first admin; they sign the load, so many keys are in use. */
const ADMINS_PER_ORG = 10;
export const LOAD_SIGNERS: readonly string[] = ['pa', 'pb', 'ver'].flatMap((org) =>
  Array.from({ length: ADMINS_PER_ORG }, (_, i) => `${org}/admin${i + 1}`),
);

export function signerFor(name: string): Promise<Ed25519Signer> {
  return ed25519.createSigner(sha256(encodeUtf8(`server bench ${name}`)));
}

function issuerOf(name: string): { org: string; member: string } {
  const [org, member] = name.split('/') as [string, string];
  return { org, member };
}

/** The genesis, signed by the secretariat's admin; `issuedAt` is an RFC 3339 time near the log's clock. */
export async function signBenchGenesis(logVerifierKey: string, issuedAt: string): Promise<Envelope> {
  const orgs = await Promise.all(
    GENESIS_ORGS.map(async (org) => ({
      ...org,
      admins: [
        {
          member: 'admin',
          display_name: 'Administrator',
          roles: ['admin' as const],
          public_key: encodeBase64((await signerFor(`${org.id}/admin`)).publicKey),
        },
      ],
    })),
  );
  return signStatement(
    {
      jmm: 1,
      type: 'mechanism.genesis',
      mechanism: BENCH_ORIGIN,
      issuer: { org: 'sec', member: 'admin' },
      issued_at: issuedAt,
      audience: { kind: 'public' },
      refs: [],
      body: {
        origin: BENCH_ORIGIN,
        name: 'Server benchmark mechanism',
        log_vkey: logVerifierKey,
        orgs,
        settings: DEFAULT_SETTINGS,
      },
    },
    await signerFor('sec/admin'),
  );
}

/** A public `member.enroll` by `issuer` ("org/member") of `member` with `publicKey` (base64) and `roles`. */
export function formatEnrollment(
  issuer: string,
  member: string,
  publicKey: string,
  roles: Role[],
  issuedAt: string,
): Statement {
  return {
    jmm: 1,
    type: 'member.enroll',
    mechanism: BENCH_ORIGIN,
    issuer: issuerOf(issuer),
    issued_at: issuedAt,
    audience: { kind: 'public' },
    refs: [],
    body: { member, display_name: `Officer ${member}`, roles, public_key: publicKey },
  };
}

/** The enrolments of LOAD_SIGNERS, each signed by its org's genesis admin. */
export async function signLoadSignerEnrollments(issuedAt: string): Promise<Envelope[]> {
  return Promise.all(
    LOAD_SIGNERS.map(async (name) => {
      const { org, member } = issuerOf(name);
      const publicKey = encodeBase64((await signerFor(name)).publicKey);
      return signStatement(
        formatEnrollment(`${org}/admin`, member, publicKey, ['admin'], issuedAt),
        await signerFor(`${org}/admin`),
      );
    }),
  );
}
