// A worker thread of buildSyntheticBundle: signs a range of the bulk reports (the Ed25519 signing dominates
// building a large bundle) and returns what the log stores for each.
import { parentPort } from 'node:worker_threads';
import { logStatement, logTimeOf, planReport, REPORTERS } from './synthetic-mechanism.ts';

/** Reports `from` … `from + count - 1` of the log (global indexes), after `prefix` membership statements. */
export interface SignReportsJob {
  readonly id: number;
  readonly from: number;
  readonly count: number;
  readonly prefix: number;
  readonly batchSize: number;
}

export interface SignedReport {
  readonly digest: string;
  readonly logTime: string;
  readonly envelopeText: string;
  readonly entry: Uint8Array;
  readonly leafHash: Uint8Array;
}

export interface SignReportsResult {
  readonly id: number;
  readonly reports: readonly SignedReport[];
}

/** Signs one report of the bulk; shared by the worker and the single-threaded path. */
export async function signBulkReport(
  index: number,
  prefix: number,
  batchSize: number,
): Promise<SignedReport> {
  const n = index - prefix;
  const logTime = logTimeOf(index, batchSize);
  const logged = await logStatement(planReport(n, REPORTERS[n % REPORTERS.length]!, logTime), index, logTime);
  return {
    digest: logged.digest,
    logTime,
    envelopeText: logged.envelopeText,
    entry: logged.entry,
    leafHash: logged.leafHash,
  };
}

const port = parentPort;
if (port !== null) {
  port.on('message', (job: SignReportsJob) => {
    void (async () => {
      const reports: SignedReport[] = [];
      for (let i = 0; i < job.count; i++)
        reports.push(await signBulkReport(job.from + i, job.prefix, job.batchSize));
      const result: SignReportsResult = { id: job.id, reports };
      port.postMessage(result);
    })();
  });
  port.postMessage('ready');
}
