import { verify } from 'node:crypto';
import { ed25519 } from '@jmm/core';
import { receiveFromWorker, startTsWorker } from './start-ts-worker.ts';
import { createVerifyCases } from './verify-cases.ts';
import type { VerifyLoopResult } from './verify-loop.worker.ts';

/** Ed25519 verifications per second that a 2-core machine can do, measured three ways in this run. */
export interface VerifyBound {
  /** One core, synchronous node:crypto verify in a loop (what `verifyEd25519Sync` does), times the cores. */
  readonly oneCore: number;
  readonly cores: number;
  /** `cores` worker threads, each verifying synchronously at the same time. */
  readonly workerThreads: number;
  /** The server's own path: @jmm/core `ed25519.verify`, callback node:crypto on libuv's thread pool. */
  readonly threadPool: number;
  /** The measured all-core figure the submission rate is judged against (the higher of the two). */
  readonly bound: number;
}

const IN_FLIGHT = 64;

/**
 * The loop replicates `verifyEd25519Sync` (node:crypto `verify` with a cached KeyObject) rather than importing
 * it, because @jmm/core exposes only its index and the sync function is not exported there.
 */
function measureOneCore(durationMs: number): number {
  const cases = createVerifyCases();
  let verifications = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (const { publicKey, message, signature } of cases) {
      if (!verify(null, message, publicKey, signature)) throw new Error('a benchmark signature must verify');
    }
    verifications += cases.length;
    elapsed = performance.now() - start;
  }
  return (verifications / elapsed) * 1000;
}

async function measureWorkerThreads(threads: number, durationMs: number): Promise<number> {
  const workers = Array.from({ length: threads }, () =>
    startTsWorker(new URL('./verify-loop.worker.ts', import.meta.url), { durationMs }),
  );
  try {
    await Promise.all(workers.map((worker) => receiveFromWorker<'ready'>(worker)));
    const results = workers.map((worker) => receiveFromWorker<VerifyLoopResult>(worker));
    for (const worker of workers) worker.postMessage('go');
    const done = await Promise.all(results);
    return done.reduce(
      (sum, { verifications, milliseconds }) => sum + (verifications / milliseconds) * 1000,
      0,
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

async function measureThreadPool(durationMs: number): Promise<number> {
  const cases = createVerifyCases().map(({ publicKey, message, signature }) => ({
    publicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12)),
    message: new Uint8Array(message),
    signature: new Uint8Array(signature),
  }));
  let verifications = 0;
  let next = 0;
  const start = performance.now();
  const lane = async () => {
    while (performance.now() - start < durationMs) {
      const { publicKey, message, signature } = cases[next++ % cases.length]!;
      if (!(await ed25519.verify(publicKey, message, signature)))
        throw new Error('a benchmark signature must verify');
      verifications += 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return (verifications / (performance.now() - start)) * 1000;
}

export async function measureVerifyBound(cores: number, durationMs: number): Promise<VerifyBound> {
  const oneCore = measureOneCore(durationMs);
  const workerThreads = await measureWorkerThreads(cores, durationMs);
  const threadPool = await measureThreadPool(durationMs);
  return { oneCore, cores, workerThreads, threadPool, bound: Math.max(workerThreads, threadPool) };
}
