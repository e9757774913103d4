// The all-cores Ed25519 verify bound (issue 11 benchmark): one worker thread per core, each verifying its share
// of the bundle's own statement signatures with node:crypto in a tight loop, started together. An audit cannot
// check signatures faster than this, so its statements per second are judged against it.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { decodeBase64, encodePae } from '@jmm/core';

/** One signature to verify: the SPKI DER public key, the DSSE PAE and the signature. */
interface VerifyCase {
  readonly key: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

export interface VerifyBound {
  readonly threads: number;
  readonly signatures: number;
  /** Verifications per second, all threads together (wall clock from start to the last thread's end). */
  readonly perSecond: number;
}

// DER prefix of SubjectPublicKeyInfo for id-Ed25519 (RFC 8410 §4).
const SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

// A plain script (no TypeScript loader needed): parse keys once, wait for "go", verify everything, report.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
const cases = workerData.cases.map(({ key, message, signature }) => {
  const id = Buffer.from(key).toString('hex');
  let object = keys.get(id);
  if (object === undefined) {
    object = createPublicKey({ key: Buffer.from(key), format: 'der', type: 'spki' });
    keys.set(id, object);
  }
  return { object, message, signature };
});
parentPort.once('message', () => {
  let valid = 0;
  for (const { object, message, signature } of cases) if (verify(null, message, object, signature)) valid += 1;
  parentPort.postMessage(valid);
});
parentPort.postMessage('ready');
`;

/** Reads up to `limit` signatures from the bundle's envelope files, with the keys `publicKeyOf` gives. */
async function readCases(
  dir: string,
  limit: number,
  publicKeyOf: (keyId: string) => Uint8Array | undefined,
): Promise<VerifyCase[]> {
  const cases: VerifyCase[] = [];
  for (let tile = 0; cases.length < limit; tile++) {
    const path = join(dir, 'envelopes', `${tile}.jsonl`);
    try {
      await access(path);
    } catch {
      break;
    }
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (cases.length >= limit) break;
      const { envelope } = JSON.parse(line) as {
        envelope: { payload: string; payloadType: string; signatures: { keyid: string; sig: string }[] };
      };
      const [signature] = envelope.signatures;
      const publicKey = signature === undefined ? undefined : publicKeyOf(signature.keyid);
      if (signature === undefined || publicKey === undefined) continue;
      cases.push({
        key: Uint8Array.from([...SPKI_PREFIX, ...publicKey]),
        message: encodePae(envelope.payloadType, decodeBase64(envelope.payload)),
        signature: decodeBase64(signature.sig),
      });
    }
  }
  return cases;
}

function firstMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** Measures the bound on `threads` threads over up to `limit` of the bundle's signatures. */
export async function measureVerifyBound(
  dir: string,
  threads: number,
  limit: number,
  publicKeyOf: (keyId: string) => Uint8Array | undefined,
): Promise<VerifyBound> {
  const cases = await readCases(dir, limit, publicKeyOf);
  const share = Math.ceil(cases.length / threads);
  const workers = Array.from(
    { length: threads },
    (_, i) =>
      new Worker(WORKER, { eval: true, workerData: { cases: cases.slice(i * share, (i + 1) * share) } }),
  );
  try {
    await Promise.all(workers.map((worker) => firstMessage<'ready'>(worker)));
    const done = workers.map((worker) => firstMessage<number>(worker));
    const start = performance.now();
    for (const worker of workers) worker.postMessage('go');
    const valid = (await Promise.all(done)).reduce((sum, n) => sum + n, 0);
    const seconds = (performance.now() - start) / 1000;
    if (valid !== cases.length)
      throw new Error(`${cases.length - valid} of the bundle's signatures do not verify`);
    return { threads, signatures: cases.length, perSecond: cases.length / seconds };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
