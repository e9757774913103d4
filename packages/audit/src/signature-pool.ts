import { Worker } from 'node:worker_threads';
import { verifyEnvelope, type Envelope } from '@jmm/core';
import { AuditError } from './audit-error.ts';

/** One envelope to verify with the key its single signature names. */
export interface SignatureJob {
  readonly envelope: Envelope;
  readonly keyId: string;
  readonly publicKey: Uint8Array;
}

export interface SignatureBatch {
  readonly id: number;
  readonly jobs: readonly SignatureJob[];
}

export interface SignatureBatchResult {
  readonly id: number;
  readonly valid: readonly boolean[];
}

// Worker threads do not inherit tsx's loader (Node 20 registers it per thread), so each worker loads tsx's API
// and imports its TypeScript module through it. The bootstrap is CommonJS: an `eval` worker is a script.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ tsImport }) => tsImport(workerData.moduleUrl, workerData.moduleUrl));
`;

/** Below this many signatures a batch is verified on the calling thread: posting it would cost more. */
const MIN_PARALLEL_BATCH = 16;

async function verifyInline(jobs: readonly SignatureJob[]): Promise<boolean[]> {
  const valid: boolean[] = [];
  for (const job of jobs) {
    try {
      await verifyEnvelope(job.envelope, (keyid) => (keyid === job.keyId ? job.publicKey : undefined));
      valid.push(true);
    } catch {
      valid.push(false);
    }
  }
  return valid;
}

interface PooledWorker {
  readonly worker: Worker;
  readonly pending: Map<
    number,
    { resolve: (valid: readonly boolean[]) => void; reject: (error: Error) => void }
  >;
}

/**
 * Ed25519 signature checks on all cores (issue 11): a small pool of worker threads, each verifying whole
 * slices of a batch (one entry bundle's envelopes), so the main thread parses and replays while they verify.
 * With no workers it verifies on the calling thread.
 */
export class SignaturePool {
  private readonly workers: PooledWorker[];
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(workers: PooledWorker[]) {
    this.workers = workers;
  }

  /** Starts `size` workers (0 for none); resolves once each has loaded. */
  static async start(size: number): Promise<SignaturePool> {
    if (!Number.isInteger(size) || size < 0 || size > 256)
      throw new AuditError('invalid_argument', 'workers is an integer from 0 to 256');
    const workerData = {
      tsxApi: import.meta.resolve('tsx/esm/api'),
      moduleUrl: new URL('./signature-worker.ts', import.meta.url).href,
    };
    const started = Array.from({ length: size }, () => {
      const pooled: PooledWorker = {
        worker: new Worker(BOOTSTRAP, { eval: true, workerData }),
        pending: new Map(),
      };
      return pooled;
    });
    const pool = new SignaturePool(started);
    try {
      await Promise.all(started.map((pooled) => pool.listen(pooled)));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  private listen(pooled: PooledWorker): Promise<void> {
    return new Promise((resolve, reject) => {
      const { worker, pending } = pooled;
      // A worker that dies fails its batches (and every later one): never a batch waiting forever.
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
        reject(error);
      };
      worker.once('error', fail);
      worker.once('exit', (code) => {
        fail(new Error(`a signature worker exited with code ${code}`));
      });
      worker.on('message', (message: SignatureBatchResult | 'ready') => {
        if (message === 'ready') {
          resolve();
          return;
        }
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        waiting?.resolve(message.valid);
      });
    });
  }

  /** Whether each job's signature verifies, in order. */
  async verify(jobs: readonly SignatureJob[]): Promise<boolean[]> {
    if (this.failure !== undefined)
      throw new AuditError('io', `the signature workers failed: ${this.failure.message}`, {
        cause: this.failure,
      });
    if (this.workers.length === 0 || jobs.length < MIN_PARALLEL_BATCH) return verifyInline(jobs);
    const slice = Math.ceil(jobs.length / this.workers.length);
    const parts = this.workers.map((pooled, i) => {
      const part = jobs.slice(i * slice, (i + 1) * slice);
      if (part.length === 0) return Promise.resolve<readonly boolean[]>([]);
      const id = this.nextId++;
      return new Promise<readonly boolean[]>((resolve, reject) => {
        pooled.pending.set(id, { resolve, reject });
        const batch: SignatureBatch = { id, jobs: part };
        pooled.worker.postMessage(batch);
      });
    });
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the pool is closed');
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
