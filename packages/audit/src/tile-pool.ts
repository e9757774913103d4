import { Worker } from 'node:worker_threads';
import { AuditError } from './audit-error.ts';
import { KeyRing, prepareTile, type PreparedTile, type TileJob } from './prepare-tile.ts';

export type TileWorkerMessage =
  | { readonly kind: 'keys'; readonly keys: readonly (readonly [string, Uint8Array])[] }
  | { readonly kind: 'prepare'; readonly id: number; readonly job: TileJob };

export interface TileWorkerResult {
  readonly id: number;
  readonly prepared?: PreparedTile;
  readonly error?: string;
}

// Worker threads do not inherit tsx's loader (Node 20 registers it per thread), so each worker loads tsx's API
// and imports its TypeScript module through it. The bootstrap is CommonJS: an `eval` worker is a script.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ tsImport }) => tsImport(workerData.moduleUrl, workerData.moduleUrl));
`;

interface PooledWorker {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (tile: PreparedTile) => void; reject: (error: Error) => void }>;
}

/** A buffer that can be transferred alone: not a view into a larger (possibly pooled) one. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    !(bytes.buffer instanceof SharedArrayBuffer)
    ? bytes
    : bytes.slice();
}

/**
 * The audit's worker threads (issue 11: "signature checks run on all cores"). Each prepares whole entry
 * bundles — hashes, entry and envelope parsing, the digest and entry checks, `parseStatement`, DSSE signature
 * verification — so that the main thread only folds statements into the state and checks the tree. Jobs go
 * to the least busy worker; buffers are transferred, not copied. Keys enrolled by the fold are shared with
 * every worker as the fold meets them (`shareKeys`); a signature by a key a worker did not know yet comes back
 * unverified, for the main thread to verify. With no workers, bundles are prepared on the calling thread.
 */
export class TilePool {
  private readonly workers: PooledWorker[];
  private readonly inlineKeys = new KeyRing();
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(workers: PooledWorker[]) {
    this.workers = workers;
  }

  /** Starts `size` workers (0 for none); resolves once each has loaded. */
  static async start(size: number): Promise<TilePool> {
    if (!Number.isInteger(size) || size < 0 || size > 256)
      throw new AuditError('invalid_argument', 'workers is an integer from 0 to 256');
    const workerData = {
      tsxApi: import.meta.resolve('tsx/esm/api'),
      // Beside this module: the TypeScript source, or its build (scripts/build-dist.mjs) when that is running.
      moduleUrl: new URL(
        import.meta.url.endsWith('.ts') ? './tile-worker.ts' : './tile-worker.js',
        import.meta.url,
      ).href,
    };
    const started = Array.from({ length: size }, () => ({
      worker: new Worker(BOOTSTRAP, { eval: true, workerData }),
      pending: new Map(),
    }));
    const pool = new TilePool(started);
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
      // A worker that dies fails its jobs (and every later one): never a job waiting forever.
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
        reject(error);
      };
      worker.once('error', fail);
      worker.once('exit', (code) => {
        fail(new Error(`an audit worker exited with code ${code}`));
      });
      worker.on('message', (message: TileWorkerResult | 'ready') => {
        if (message === 'ready') {
          resolve();
          return;
        }
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.prepared !== undefined) waiting?.resolve(message.prepared);
        else waiting?.reject(new AuditError('io', `an audit worker failed: ${message.error ?? ''}`));
      });
    });
  }

  /** Shares keys the fold has enrolled (key id, raw Ed25519 public key) with every worker. */
  shareKeys(keys: readonly (readonly [string, Uint8Array])[]): void {
    if (keys.length === 0) return;
    for (const [keyId, publicKey] of keys) this.inlineKeys.add(keyId, publicKey);
    const message: TileWorkerMessage = { kind: 'keys', keys };
    for (const { worker } of this.workers) worker.postMessage(message);
  }

  /** Prepares one entry bundle; `job`'s buffers are transferred (the bundle comes back in the result). */
  prepare(job: TileJob): Promise<PreparedTile> {
    if (this.failure !== undefined)
      return Promise.reject(
        new AuditError('io', `the audit workers failed: ${this.failure.message}`, { cause: this.failure }),
      );
    if (this.workers.length === 0) return this.prepareHere(job);
    const pooled = this.workers.reduce((least, candidate) =>
      candidate.pending.size < least.pending.size ? candidate : least,
    );
    const id = this.nextId++;
    const owned: TileJob = {
      ...job,
      bundle: ownBuffer(job.bundle),
      hashTile: ownBuffer(job.hashTile),
      envelopes: ownBuffer(job.envelopes),
    };
    return new Promise<PreparedTile>((resolve, reject) => {
      pooled.pending.set(id, { resolve, reject });
      const message: TileWorkerMessage = { kind: 'prepare', id, job: owned };
      pooled.worker.postMessage(message, [
        owned.bundle.buffer,
        owned.hashTile.buffer,
        owned.envelopes.buffer,
      ] as ArrayBuffer[]);
    });
  }

  private prepareHere(job: TileJob): Promise<PreparedTile> {
    return new Promise((resolve) => {
      resolve(prepareTile(job, this.inlineKeys));
    });
  }

  /** Verifies on this thread a signature whose key a worker did not know yet. */
  verifyHere(keyId: string, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    this.inlineKeys.add(keyId, publicKey);
    return this.inlineKeys.verify(keyId, message, signature);
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the pool is closed');
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
