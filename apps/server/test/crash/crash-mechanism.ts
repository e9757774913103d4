// The mechanism the crash test kills: created once in the test process (as `jmm init` would), then served by
// child processes. Party admins sign the enrolments; every enrolled member gets a key of its own, because the
// mechanism refuses to enrol one public key twice.
import { ed25519, encodeBase64, encodeUtf8, sha256, type Envelope } from '@jmm/core';
import { DEFAULT_SETTINGS, signStatement, type Role } from '@jmm/domain';
import { publicKeyFor, signerFor } from '../test-mechanism.ts';
import { initializeMechanism, parseServerConfig } from '@jmm/mechanism';

const adminSigners = new Map<string, ReturnType<typeof signerFor>>();

export const CRASH_ORIGIN = 'jmm.example.org/crash-test';
/** The organisations whose admins submit: both parties. */
export const SUBMITTING_ORGS = ['pa', 'pb'] as const;

/** Creates the mechanism (log key, genesis) in the data directory or database that `flags` name. */
export async function createCrashMechanism(flags: Readonly<Record<string, string>>): Promise<void> {
  const admin = async (org: string) => ({
    member: 'admin',
    display_name: 'Administrator',
    roles: ['admin' as Role],
    public_key: await publicKeyFor(`${org}/admin`),
  });
  await initializeMechanism(parseServerConfig(flags, {}), {
    origin: CRASH_ORIGIN,
    // The child servers use the real clock, and issued_at must be near log time.
    signGenesis: async (logVerifierKey) =>
      signStatement(
        {
          jmm: 1,
          type: 'mechanism.genesis',
          mechanism: CRASH_ORIGIN,
          issuer: { org: 'sec', member: 'admin' },
          issued_at: new Date().toISOString(),
          audience: { kind: 'public' },
          refs: [],
          body: {
            origin: CRASH_ORIGIN,
            name: 'Crash test mechanism',
            log_vkey: logVerifierKey,
            orgs: [
              { id: 'sec', name: 'Secretariat', kind: 'secretariat', admins: [await admin('sec')] },
              { id: 'pa', name: 'Party A', kind: 'party', admins: [await admin('pa')] },
              { id: 'pb', name: 'Party B', kind: 'party', admins: [await admin('pb')] },
            ],
            settings: DEFAULT_SETTINGS,
          },
        },
        await signerFor('sec/admin'),
      ),
  });
}

/**
 * A `member.enroll` of `member` into `org`, signed by the org's admin. Public audience, so that anyone may
 * read it back without a session. The member's key is derived from its id: distinct ids, distinct keys.
 */
export async function signEnrolment(org: string, member: string): Promise<Envelope> {
  const memberKey = await ed25519.createSigner(sha256(encodeUtf8(`crash test member ${org}/${member}`)));
  return signStatement(
    {
      jmm: 1,
      type: 'member.enroll',
      mechanism: CRASH_ORIGIN,
      issuer: { org, member: 'admin' },
      issued_at: new Date().toISOString(),
      audience: { kind: 'public' },
      refs: [],
      body: {
        member,
        display_name: 'Crash test member',
        roles: ['reporter'],
        public_key: encodeBase64(memberKey.publicKey),
      },
    },
    await adminSignerOf(org),
  );
}

function adminSignerOf(org: string): ReturnType<typeof signerFor> {
  let signer = adminSigners.get(org);
  if (signer === undefined) {
    signer = signerFor(`${org}/admin`);
    adminSigners.set(org, signer);
  }
  return signer;
}
