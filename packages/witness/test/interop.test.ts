// The witness against checkpoints and proofs built by independent implementations (issue 11):
// - transparency-dev/merkle's consistency vectors (Apache-2.0, packages/core/test/fixtures/merkle): each vector's
//   roots become two checkpoints signed by a test log, and its proof is sent as the add-checkpoint proof;
// - Sigsum tree heads and proofs from litewitness's test suite (ISC, test/fixtures/README.md): checkpoints
//   signed by sigsum-go, replayed in order with the answers litewitness gave them.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  CHECKPOINT_ROOT_HASH_LENGTH,
  computeNoteKeyHash,
  concatBytes,
  createCosignatureVerifier,
  createNoteSigner,
  createNoteVerifier,
  decodeBase64,
  decodeHex,
  encodeBase64,
  ed25519,
  formatAddCheckpointRequest,
  formatCheckpoint,
  formatVerifierKey,
  openCheckpoint,
  signCheckpoint,
  type NoteSigner,
} from '@jmm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWitnessKey, openWitness, type Witness } from '../src/index.ts';

const VECTORS = join(import.meta.dirname, '..', '..', 'core', 'test', 'fixtures', 'merkle', 'consistency');
const SIGSUM = join(import.meta.dirname, 'fixtures', 'litewitness-sigsum.json');
const KEY = generateWitnessKey('witness.example/interop');

let stateDir: string;
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'jmm-witness-interop-'));
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

async function listJson(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function decodeOrEmpty(text: unknown): Uint8Array {
  try {
    return decodeBase64(typeof text === 'string' ? text : '');
  } catch {
    return new Uint8Array(0);
  }
}

interface ConsistencyVector {
  name: string;
  size1: bigint;
  size2: bigint;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: Uint8Array[];
  /** The proof as the vector writes it, garbage included. */
  proofText: string[];
  wantErr: boolean;
}

async function readVectors(): Promise<ConsistencyVector[]> {
  const files = await listJson(VECTORS);
  return Promise.all(
    files.map(async (file) => {
      // Sizes may be 2^64 − 1: read them as BigInt, not as JSON numbers.
      const text = await readFile(file, 'utf8');
      const raw = JSON.parse(text.replace(/"(size[12])":\s*(\d+)/g, '"$1":"$2"')) as Record<string, unknown>;
      return {
        name: relative(VECTORS, file),
        size1: BigInt(raw.size1 as string),
        size2: BigInt(raw.size2 as string),
        root1: decodeOrEmpty(raw.root1),
        root2: decodeOrEmpty(raw.root2),
        proof: ((raw.proof ?? []) as string[]).map(decodeOrEmpty),
        proofText: (raw.proof ?? []) as string[],
        wantErr: raw.wantErr === true,
      };
    }),
  );
}

/** Only vectors whose roots can be checkpoints, from a size a witness can hold, make add-checkpoint requests. */
function isApplicable(vector: ConsistencyVector): boolean {
  return (
    vector.size1 > 0n &&
    vector.root1.length === CHECKPOINT_ROOT_HASH_LENGTH &&
    vector.root2.length === CHECKPOINT_ROOT_HASH_LENGTH
  );
}

/** What c2sp.org/tlog-witness says a witness at (size1, root1) answers to this vector's request. */
function expectedStatus(vector: ConsistencyVector): number {
  if (!vector.wantErr) return 200;
  // A zero-length "hash" is an empty line on the wire, which ends the proof early: what follows is no
  // checkpoint of a log the witness knows (its first line is a hash or empty).
  if (vector.proofText.includes('')) return 404;
  if (vector.size1 > vector.size2) return 400;
  if (vector.proof.length > 63 || vector.proof.some((hash) => hash.length !== 32)) return 400;
  if (vector.size1 === vector.size2 && encodeBase64(vector.root1) !== encodeBase64(vector.root2)) return 409;
  return 422;
}

describe('transparency-dev/merkle consistency vectors as add-checkpoint requests', async () => {
  const vectors = await readVectors();
  const applicable = vectors.filter(isApplicable);
  const seed = new Uint8Array(32).fill(5);
  const { publicKey } = await ed25519.createSigner(seed);
  // One log (origin and key) per vector, all watched by one witness.
  const origins = applicable.map((_, i) => `vectors.example/${i}`);
  let witness: Witness;
  const signers = new Map<string, NoteSigner>();

  beforeAll(async () => {
    for (const origin of origins) signers.set(origin, await createNoteSigner({ name: origin, seed }));
    witness = await openWitness({
      stateDir: join(stateDir, 'vectors'),
      signerKey: KEY.signerKey,
      logs: origins.map((origin) => ({ origin, verifierKey: formatVerifierKey(origin, publicKey) })),
    });
  });
  afterAll(() => witness.close());

  it('covers every positive vector but one whose roots are not hashes, and most negative ones', () => {
    expect(vectors.length).toBeGreaterThan(90);
    expect(applicable.filter((v) => !v.wantErr).length).toBe(vectors.filter((v) => !v.wantErr).length - 1);
    expect(applicable.filter((v) => v.wantErr).length).toBeGreaterThan(60);
  });

  it.each(applicable.map((vector, i) => [vector.name, i] as const))('%s', async (_, i) => {
    const vector = applicable[i]!;
    const origin = origins[i]!;
    const signer = signers.get(origin)!;
    const first = await signCheckpoint({ origin, treeSize: vector.size1, rootHash: vector.root1 }, signer);
    const seeded = await witness.addCheckpoint(
      formatAddCheckpointRequest({ oldSize: 0n, consistencyProof: [], checkpoint: first }),
    );
    expect(seeded.status).toBe(200);

    const second = await signCheckpoint({ origin, treeSize: vector.size2, rootHash: vector.root2 }, signer);
    // A proof a request cannot carry is written by hand, as a careless client would.
    const proofLines = vector.proofText.map((hash) => `${hash}\n`).join('');
    const body = `old ${vector.size1.toString()}\n${proofLines}\n${second}`;
    const answer = await witness.addCheckpoint(body);
    expect(answer.status).toBe(expectedStatus(vector));
    expect(witness.latestSize(origin)).toBe(answer.status === 200 ? vector.size2 : vector.size1);
  });
});

interface SigsumStep {
  desc: string;
  key_hash: string;
  size: number;
  root_hash: string;
  signature: string;
  old_size: number;
  node_hash: string[];
  want_status: number;
}

describe('litewitness Sigsum tree heads, signed by sigsum-go', async () => {
  const fixture = JSON.parse(await readFile(SIGSUM, 'utf8')) as {
    log_public_key: string;
    steps: SigsumStep[];
  };
  const publicKey = decodeHex(fixture.log_public_key);
  const origin = `sigsum.org/v1/tree/${fixture.steps[0]!.key_hash}`;
  const logKey = formatVerifierKey(origin, publicKey);
  let witness: Witness;

  beforeAll(async () => {
    witness = await openWitness({
      stateDir: join(stateDir, 'sigsum'),
      signerKey: KEY.signerKey,
      logs: [{ origin, verifierKey: logKey }],
    });
  });
  afterAll(() => witness.close());

  /** The Sigsum tree head as the signed checkpoint note it is. */
  function noteOf(step: SigsumStep): string {
    const stepOrigin = `sigsum.org/v1/tree/${step.key_hash}`;
    const text = formatCheckpoint({
      origin: stepOrigin,
      treeSize: BigInt(step.size),
      rootHash: decodeHex(step.root_hash),
    });
    const keyHash = computeNoteKeyHash(stepOrigin, 0x01, publicKey);
    return `${text}\n— ${stepOrigin} ${encodeBase64(concatBytes(keyHash, decodeHex(step.signature)))}\n`;
  }

  it('replays every step in order with the answers tlog-witness prescribes', async () => {
    for (const step of fixture.steps) {
      const note = noteOf(step);
      const body = formatAddCheckpointRequest({
        oldSize: BigInt(step.old_size),
        consistencyProof: step.node_hash.map((hash) => decodeHex(hash)),
        checkpoint: note,
      });
      const answer = await witness.addCheckpoint(body);
      expect({ step: step.desc, status: answer.status }).toEqual({
        step: step.desc,
        status: step.want_status,
      });
      if (answer.status === 200) {
        const opened = await openCheckpoint(`${note}${answer.body}`, createNoteVerifier(logKey), {
          origin,
          cosignatureVerifiers: [createCosignatureVerifier(witness.verifierKey)],
        });
        expect(opened.cosignatures).toHaveLength(1);
        expect(witness.latestSize(origin)).toBe(BigInt(step.size));
      }
      if (step.want_status === 409 && answer.contentType === 'text/x.tlog.size') {
        expect(answer.body).toBe(`${String(witness.latestSize(origin))}\n`);
      }
    }
    expect(witness.latestSize(origin)).toBe(5n);
  });
});
