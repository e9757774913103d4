// A mechanism with real Ed25519 keys for the engine's tests: seeds are derived from names, so runs repeat.
import {
  createNoteSigner,
  ed25519,
  encodeBase64,
  sha256,
  type Ed25519Signer,
  type Envelope,
  type NoteSigner,
  encodeUtf8,
} from '@jmm/core';
import { DEFAULT_SETTINGS, signStatement, type Statement } from '@jmm/domain';

export const ORIGIN = 'jmm.example.org/engine-test';
export const T0 = Date.parse('2026-06-01T00:00:00.000Z');

export function seedFor(name: string): Uint8Array {
  return sha256(encodeUtf8(`jmm test seed ${name}`));
}

export async function signerFor(name: string): Promise<Ed25519Signer> {
  return ed25519.createSigner(seedFor(name));
}

export async function logSigner(): Promise<NoteSigner> {
  return createNoteSigner({ name: ORIGIN, seed: seedFor('log') });
}

export async function publicKeyFor(name: string): Promise<string> {
  return encodeBase64((await signerFor(name)).publicKey);
}

export async function genesis(issuedAt = T0): Promise<Statement> {
  const admin = async (org: string) => ({
    member: 'admin',
    display_name: 'Administrator',
    roles: ['admin' as const],
    public_key: await publicKeyFor(`${org}/admin`),
  });
  return {
    jmm: 1,
    type: 'mechanism.genesis',
    mechanism: ORIGIN,
    issuer: { org: 'sec', member: 'admin' },
    issued_at: new Date(issuedAt).toISOString(),
    audience: { kind: 'public' },
    refs: [],
    body: {
      origin: ORIGIN,
      name: 'Engine test mechanism',
      log_vkey: 'unused+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      orgs: [
        { id: 'sec', name: 'Secretariat', kind: 'secretariat', admins: [await admin('sec')] },
        { id: 'pa', name: 'Party A', kind: 'party', admins: [await admin('pa')] },
        { id: 'pb', name: 'Party B', kind: 'party', admins: [await admin('pb')] },
      ],
      settings: DEFAULT_SETTINGS,
    },
  };
}

/** A public member.enroll by `org`'s admin for `member`, whose key is signerFor(`${org}/${member}`). */
export async function enrolment(
  org: string,
  member: string,
  issuedAt: number,
  roles: ('admin' | 'reporter')[] = ['reporter'],
): Promise<Statement> {
  return {
    jmm: 1,
    type: 'member.enroll',
    mechanism: ORIGIN,
    issuer: { org, member: 'admin' },
    issued_at: new Date(issuedAt).toISOString(),
    // Membership is public (AUDIENCE_RULES), so anyone can check who signed what.
    audience: { kind: 'public' },
    refs: [],
    body: {
      member,
      display_name: `Officer ${member}`,
      roles,
      public_key: await publicKeyFor(`${org}/${member}`),
    },
  };
}

export async function sign(
  statement: Statement,
  signerName = `${statement.issuer.org}/${statement.issuer.member}`,
): Promise<Envelope> {
  return signStatement(statement, await signerFor(signerName));
}
