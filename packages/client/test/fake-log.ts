// A log built in memory with @jmm/core's own functions, to feed the client answers as the server would make
// them (apps/server/src/routes/statements.routes.ts) and to tamper with them.
import {
  computeEnvelopeDigest,
  createNoteSigner,
  ed25519,
  encodeBase64,
  encodeUtf8,
  formatVerifierKey,
  generateInclusionProof,
  hashLeaf,
  computeRootHash,
  sha256,
  signCheckpoint,
  type Envelope,
} from '@jmm/core';
import { createLogEntry, encodeLogEntry, parseStatement, signStatement, type StatementOf } from '@jmm/domain';
import { decodeBase64 } from '@jmm/core';
import type { SubmissionAnswer } from '../src/sequenced-answer.ts';

export const TEST_ORIGIN = 'jmm.example.org/client-test';
export const LOG_TIME = '2026-06-01T10:00:00.000Z';

export async function testSigner(name: string) {
  return ed25519.createSigner(sha256(encodeUtf8(`client test ${name}`)));
}

export function incidentBody(): StatementOf<'incident.report'>['body'] {
  return {
    kind: 'allegation',
    category: {
      taxonomy: 'jmm-2026.1',
      mechanism_type: 'cross_border_fire',
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
    },
    time: { start: '2026-05-31T22:10:00Z', end: '2026-05-31T22:40:00Z', precision: 'exact' },
    location: { lat: 34.0151, lon: 71.5249, precision_m: 500, admin1: 'Khyber Pakhtunkhwa' },
    alleged_responsible: { actor: 'artillery unit', party: 'pb' },
    narrative: 'Shells landed near the crossing.',
    evidence: [],
  };
}

export function incidentStatement(): StatementOf<'incident.report'> {
  return {
    jmm: 1,
    type: 'incident.report',
    mechanism: TEST_ORIGIN,
    issuer: { org: 'pa', member: 'reporter' },
    issued_at: '2026-06-01T09:59:00Z',
    audience: { kind: 'mechanism' },
    refs: [],
    body: incidentBody(),
  };
}

export interface FakeLog {
  readonly origin: string;
  readonly vkey: string;
  /** Sequences `envelope` after `filler` other leaves (different ones for each `fork`) and answers as POST /api/v1/statements does. */
  append(envelope: Envelope): Promise<SubmissionAnswer>;
  /** A checkpoint note for the current tree, signed by the log, optionally with another root hash. */
  signCurrentCheckpoint(rootHash?: Uint8Array): Promise<string>;
}

export async function createFakeLog(
  options: { filler?: number; origin?: string; fork?: string } = {},
): Promise<FakeLog> {
  const origin = options.origin ?? TEST_ORIGIN;
  const seed = sha256(encodeUtf8(`client test log ${origin}`));
  const signer = await createNoteSigner({ name: origin, seed });
  const vkey = formatVerifierKey(origin, (await ed25519.createSigner(seed)).publicKey);
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < (options.filler ?? 5); i += 1)
    leaves.push(hashLeaf(encodeUtf8(`filler ${options.fork ?? ''} ${i}`)));
  const signCurrentCheckpoint = (rootHash = computeRootHash(leaves)) =>
    signCheckpoint({ origin, treeSize: BigInt(leaves.length), rootHash }, signer);
  return {
    origin,
    vkey,
    signCurrentCheckpoint,
    async append(envelope) {
      const digest = computeEnvelopeDigest(envelope);
      const statement = parseStatement(decodeBase64(envelope.payload));
      const entry = encodeLogEntry(createLogEntry(statement, digest, LOG_TIME));
      const index = leaves.length;
      leaves.push(hashLeaf(entry));
      const size = BigInt(leaves.length);
      return {
        digest,
        index,
        log_time: LOG_TIME,
        entry: encodeBase64(entry),
        inclusion_proof: generateInclusionProof(BigInt(index), size, leaves).map(encodeBase64),
        tree_size: leaves.length,
        checkpoint: await signCurrentCheckpoint(),
        duplicate: false,
      };
    },
  };
}

export async function signedIncident(): Promise<Envelope> {
  return signStatement(incidentStatement(), await testSigner('pa/reporter'));
}
