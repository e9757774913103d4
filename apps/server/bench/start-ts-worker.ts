import { Worker } from 'node:worker_threads';

/** What a worker module started by startTsWorker finds in `workerData`. */
export interface TsWorkerData<Input> {
  readonly tsxApi: string;
  readonly moduleUrl: string;
  readonly input: Input;
}

// Worker threads do not inherit tsx's loader from `tsx` or `--import tsx` (Node 20 registers it per thread), so
// each worker first loads tsx's API and imports its TypeScript module through it. The bootstrap is CommonJS
// because an `eval` worker is a script, not a module.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ tsImport }) => tsImport(workerData.moduleUrl, workerData.moduleUrl));
`;

/** Starts a worker thread running the TypeScript module at `moduleUrl` with `input` in its workerData. */
export function startTsWorker(moduleUrl: URL, input: unknown): Worker {
  const workerData: TsWorkerData<unknown> = {
    tsxApi: import.meta.resolve('tsx/esm/api'),
    moduleUrl: moduleUrl.href,
    input,
  };
  return new Worker(BOOTSTRAP, { eval: true, workerData });
}

/** The first message `worker` posts; rejects if it fails or exits first. */
export function receiveFromWorker<T>(worker: Worker): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (value: T) => {
      cleanup();
      resolve(value);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`worker exited with code ${code} before answering`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
