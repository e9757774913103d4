// A synthetic mechanism for the auditor's tests and benchmark: deterministic keys, a genesis, enrolments and
// statements signed exactly as a client signs them (@jmm/domain signStatement), and the log entry, digest and
// leaf hash the sequencer derives from each (packages/log/src/log-engine.ts `integrate`).
import {
  createNoteSigner,
  ed25519,
  encodeBase64,
  encodeHex,
  encodeUtf8,
  formatSignerKey,
  formatVerifierKey,
  hashLeaf,
  serializeEnvelope,
  sha256,
  type Ed25519Signer,
  type Envelope,
  type NoteSigner,
} from '@jmm/core';
import {
  coarsenStatementForPublic,
  createLogEntry,
  DEFAULT_SETTINGS,
  encodeLogEntry,
  publicPrecisionOf,
  signStatement,
  TAXONOMY_VERSION,
  type Audience,
  type Role,
  type Statement,
} from '@jmm/domain';

export const ORIGIN = 'jmm.example.org/audit-synthetic';
export const START = Date.parse('2026-06-01T00:00:00.000Z');
/** Entries per group commit (the engine's default maxBatch): one checkpoint, one log time each. */
export const DEFAULT_BATCH_SIZE = 512;

const PRECISION = publicPrecisionOf(DEFAULT_SETTINGS);
const signers = new Map<string, Promise<Ed25519Signer>>();

/** The Ed25519 key of `org/member`, derived from its name (deterministic across threads and runs). */
export function signerFor(name: string): Promise<Ed25519Signer> {
  let signer = signers.get(name);
  if (signer === undefined) {
    signer = ed25519.createSigner(sha256(encodeUtf8(`audit synthetic ${name}`)));
    signers.set(name, signer);
  }
  return signer;
}

export async function publicKeyFor(name: string): Promise<string> {
  return encodeBase64((await signerFor(name)).publicKey);
}

/** The log's checkpoint key and its C2SP verifier key (the auditor's trust root). */
export async function createLogKey(): Promise<{ signer: NoteSigner; vkey: string }> {
  const seed = sha256(encodeUtf8('audit synthetic log key'));
  const signer = await createNoteSigner(await formatSignerKey(ORIGIN, seed));
  const vkey = formatVerifierKey(ORIGIN, (await ed25519.createSigner(seed)).publicKey);
  return { signer, vkey };
}

/** The log time of entry `index`: one per group commit of `batchSize` entries, a second apart. */
export function logTimeOf(index: number, batchSize: number): string {
  return new Date(START + Math.floor(index / batchSize) * 1000).toISOString();
}

/** Party reporters who sign the bulk of the reports. */
export const REPORTERS = ['pa/reporter-1', 'pa/reporter-2', 'pb/reporter-1', 'pb/reporter-2'] as const;

/** A statement to log, and who signs it ("org/member"). */
export interface PlannedStatement {
  readonly statement: Statement;
  readonly signer: string;
}

function common(
  type: Statement['type'],
  issuer: string,
  issuedAt: string,
  audience: Audience = { kind: 'public' },
): Omit<Statement, 'type' | 'body'> & { type: Statement['type'] } {
  const [org, member] = issuer.split('/') as [string, string];
  return {
    jmm: 1,
    type,
    mechanism: ORIGIN,
    issuer: { org, member },
    issued_at: issuedAt,
    audience,
    refs: [],
  };
}

async function adminOf(org: string) {
  return {
    member: 'admin',
    display_name: 'Administrator',
    roles: ['admin' as Role],
    public_key: await publicKeyFor(`${org}/admin`),
  };
}

/** The genesis (public, issue 11): a secretariat, two parties and a verifier, each with one admin. */
export async function planGenesis(logVkey: string, issuedAt: string): Promise<PlannedStatement> {
  const statement = {
    ...common('mechanism.genesis', 'sec/admin', issuedAt),
    body: {
      origin: ORIGIN,
      name: 'Synthetic audit mechanism',
      log_vkey: logVkey,
      orgs: [
        { id: 'sec', name: 'Secretariat', kind: 'secretariat', admins: [await adminOf('sec')] },
        { id: 'pa', name: 'Party A', kind: 'party', admins: [await adminOf('pa')] },
        { id: 'pb', name: 'Party B', kind: 'party', admins: [await adminOf('pb')] },
        { id: 'ver', name: 'Verification team', kind: 'verifier', admins: [await adminOf('ver')] },
      ],
      settings: DEFAULT_SETTINGS,
    },
  } as Statement;
  return { statement, signer: 'sec/admin' };
}

/** A public member.enroll of `org/member` by its organisation's admin. */
export async function planEnrolment(
  name: string,
  roles: Role[],
  issuedAt: string,
): Promise<PlannedStatement> {
  const [org, member] = name.split('/') as [string, string];
  const statement = {
    ...common('member.enroll', `${org}/admin`, issuedAt),
    body: { member, display_name: `Officer ${member}`, roles, public_key: await publicKeyFor(name) },
  } as Statement;
  return { statement, signer: `${org}/admin` };
}

/** Report number `n` (distinct text, so a distinct digest), by `reporter`, with `audience`. */
export function planReport(
  n: number,
  reporter: string,
  issuedAt: string,
  audience: Audience = { kind: 'public' },
): PlannedStatement {
  const org = reporter.split('/')[0]!;
  const statement = {
    ...common('incident.report', reporter, issuedAt, audience),
    body: {
      kind: 'allegation',
      category: {
        taxonomy: TAXONOMY_VERSION,
        mechanism_type: 'cross_border_fire',
        event_type: 'explosions_remote_violence',
        sub_event_type: 'shelling_artillery_missile_attack',
      },
      time: { start: '2026-05-31T10:00:00Z', end: '2026-05-31T11:00:00Z', precision: 'exact' },
      location: {
        lat: 34 + (n % 97) / 100,
        lon: 71 + (n % 89) / 100,
        precision_m: 1000,
        admin1: 'Khyber Pakhtunkhwa',
      },
      alleged_responsible: { actor: 'forces across the border', party: org === 'pa' ? 'pb' : 'pa' },
      narrative: `[SYNTHETIC] report ${n}: shelling reported near the border crossing`,
      evidence: [],
    },
  } as Statement;
  return { statement, signer: reporter };
}

/** One statement as the sequencer logs it at `index` (DESIGN.md §3, §4). */
export interface LoggedStatement {
  readonly index: number;
  readonly statement: Statement;
  readonly digest: string;
  readonly logTime: string;
  /** The DSSE envelope, its fields in RFC 8785 order (so JSON.stringify writes its JCS form). */
  readonly envelope: Envelope;
  /** The envelope's JCS text: what is stored and hashed. */
  readonly envelopeText: string;
  /** Leaf data: the JCS log entry. */
  readonly entry: Uint8Array;
  readonly leafHash: Uint8Array;
}

/**
 * Signs a planned statement as a careful client does (public statements coarsened to the public precision
 * first) and derives what the log stores for it: the envelope's JCS bytes, their SHA-256 (the digest), the
 * log entry and its leaf hash.
 */
export async function logStatement(
  planned: PlannedStatement,
  index: number,
  logTime: string,
): Promise<LoggedStatement> {
  const statement = coarsenStatementForPublic(planned.statement, PRECISION);
  const signed = await signStatement(statement, await signerFor(planned.signer));
  const envelope: Envelope = {
    payload: signed.payload,
    payloadType: signed.payloadType,
    signatures: signed.signatures.map(({ keyid, sig }) => ({ keyid, sig })),
  };
  const envelopeText = serializeEnvelope(envelope);
  const digest = `sha256:${encodeHex(sha256(encodeUtf8(envelopeText)))}`;
  const entry = encodeLogEntry(createLogEntry(statement, digest, logTime));
  return { index, statement, digest, logTime, envelope, envelopeText, entry, leafHash: hashLeaf(entry) };
}
