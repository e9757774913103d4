// Worker thread of presignEnrollments: signs one range of load statements, so that signing (≈ 0.1 ms each) is
// spread over every core before the timed window and costs the server nothing during it.
import { encodeBase64, encodeUtf8, sha256, type Ed25519Signer } from '@jmm/core';
import { signStatement } from '@jmm/domain';
import { parentPort, workerData } from 'node:worker_threads';
import { formatEnrollment, LOAD_SIGNERS, signerFor } from './bench-identities.ts';
import type { TsWorkerData } from './start-ts-worker.ts';

export interface PresignInput {
  readonly from: number;
  readonly count: number;
  readonly issuedAt: string;
}

const { input } = workerData as TsWorkerData<PresignInput>;
const signers = new Map<string, Ed25519Signer>();
for (const name of LOAD_SIGNERS) signers.set(name, await signerFor(name));

const bodies: string[] = [];
for (let n = input.from; n < input.from + input.count; n++) {
  const issuer = LOAD_SIGNERS[n % LOAD_SIGNERS.length]!;
  // A fresh member with a fresh key each time: enrolling a key twice is a state conflict. The enrolled key is
  // only hashed by the server (its key id), so a derived 32-byte value serves as well as a generated key pair.
  const publicKey = encodeBase64(sha256(encodeUtf8(`server bench load key ${n}`)));
  const statement = formatEnrollment(issuer, `load-${n}`, publicKey, ['reporter'], input.issuedAt);
  bodies.push(JSON.stringify(await signStatement(statement, signers.get(issuer)!)));
}
parentPort!.postMessage(bodies);
