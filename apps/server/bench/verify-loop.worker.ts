// Worker thread of measureVerifyBound: verifies in a tight synchronous loop on its own core once told to start,
// so that two of them measure what two cores can verify when nothing else runs.
import { verify } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { TsWorkerData } from './start-ts-worker.ts';
import { createVerifyCases } from './verify-cases.ts';

export interface VerifyLoopResult {
  readonly verifications: number;
  readonly milliseconds: number;
}

const { input } = workerData as TsWorkerData<{ durationMs: number }>;
const cases = createVerifyCases();
const port = parentPort!;
port.once('message', () => {
  let verifications = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < input.durationMs) {
    for (const { publicKey, message, signature } of cases) {
      if (!verify(null, message, publicKey, signature)) throw new Error('a benchmark signature must verify');
    }
    verifications += cases.length;
    elapsed = performance.now() - start;
  }
  const result: VerifyLoopResult = { verifications, milliseconds: elapsed };
  port.postMessage(result);
});
port.postMessage('ready');
