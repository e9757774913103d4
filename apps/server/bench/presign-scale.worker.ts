// Worker thread of the scale benchmark: signs one range of the load's statements (scale-statements.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { signScaleStatement } from './scale-statements.ts';
import type { TsWorkerData } from './start-ts-worker.ts';

export interface PresignScaleInput {
  readonly from: number;
  readonly count: number;
  readonly issuedAt: string;
}

const { input } = workerData as TsWorkerData<PresignScaleInput>;
const bodies: string[] = [];
for (let n = input.from; n < input.from + input.count; n++)
  bodies.push(await signScaleStatement(n, input.issuedAt));
parentPort!.postMessage(bodies);
