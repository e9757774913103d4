// Builds a valid audit bundle (docs/audit-bundle.md) without a server, for the tamper test and the benchmark:
// a public genesis and enrolments (issue 11: membership is public), then `reports` statements signed by the
// enrolled reporters, logged with the entries, tiles and checkpoints the sequencer makes (bundle-writer.ts).
// Large bundles are signed on worker threads; the result is the same whichever thread signs.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Audience } from '@jmm/domain';
import { BundleWriter } from './bundle-writer.ts';
import {
  signBulkReport,
  type SignedReport,
  type SignReportsJob,
  type SignReportsResult,
} from './sign-reports-worker.ts';
import {
  createLogKey,
  DEFAULT_BATCH_SIZE,
  logStatement,
  logTimeOf,
  ORIGIN,
  planEnrolment,
  planGenesis,
  planReport,
  REPORTERS,
  type PlannedStatement,
} from './synthetic-mechanism.ts';

export interface BuildBundleOptions {
  /** A new or empty directory. */
  readonly dir: string;
  /** Statements after the genesis and the enrolments. */
  readonly statements: number;
  /**
   * `reports`: public incident reports only (the benchmark's log; reader `public`). `mixed`: public, mechanism
   * and organisation-restricted reports, withdrawals, member profiles and a revocation (reader `sec/admin`,
   * who cannot read the reports restricted to a party and the verifiers).
   */
  readonly script?: 'reports' | 'mixed';
  /** Entries per checkpoint; default the engine's 512. */
  readonly batchSize?: number;
  /** Signing threads for the `reports` script; default all cores, 0 signs on this thread. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SyntheticBundle {
  readonly dir: string;
  readonly origin: string;
  readonly logVkey: string;
  readonly treeSize: bigint;
  readonly checkpoints: number;
  readonly envelopes: number;
}

/** Reports signed per worker message. */
const CHUNK = 1024;
const REVOKED = 'pb/reporter-9';

async function planMembership(
  logVkey: string,
  batchSize: number,
  mixed: boolean,
): Promise<PlannedStatement[]> {
  const at = (index: number) => logTimeOf(index, batchSize);
  const planned = [await planGenesis(logVkey, at(0))];
  const members = mixed ? [...REPORTERS, REVOKED] : [...REPORTERS];
  for (const name of members) planned.push(await planEnrolment(name, ['reporter'], at(planned.length)));
  return planned;
}

/**
 * The mixed script's statement `n`, logged at `index`: mostly public reports, and restricted ones (to the
 * mechanism, or to the reporting party and the verifiers), withdrawals, profiles and one revocation.
 */
function planMixed(
  n: number,
  total: number,
  index: number,
  batchSize: number,
  lastReport: Map<string, string>,
  digestOf: (planned: PlannedStatement) => void,
): PlannedStatement {
  const at = logTimeOf(index, batchSize);
  const reporter = REPORTERS[n % REPORTERS.length]!;
  const org = reporter.split('/')[0]!;
  if (n === Math.floor(total * 0.8)) {
    return {
      statement: {
        jmm: 1,
        type: 'member.revoke',
        mechanism: ORIGIN,
        issuer: { org: 'pb', member: 'admin' },
        issued_at: at,
        audience: { kind: 'public' },
        refs: [],
        body: { member: REVOKED.split('/')[1]!, reason: 'Rotation' },
      },
      signer: 'pb/admin',
    };
  }
  const restricted: Audience = { kind: 'orgs', orgs: [org, 'ver'] };
  const withdrawn = lastReport.get(reporter);
  switch (n % 10) {
    case 5:
      return planReport(n, reporter, at, { kind: 'mechanism' });
    case 6:
      return planReport(n, reporter, at, restricted);
    case 7:
      if (withdrawn === undefined) break;
      lastReport.delete(reporter);
      return {
        statement: {
          jmm: 1,
          type: 'incident.withdraw',
          mechanism: ORIGIN,
          issuer: { org, member: reporter.split('/')[1]! },
          issued_at: at,
          audience: { kind: 'public' },
          refs: [{ rel: 'withdraws', digest: withdrawn }],
          body: { reason: 'Reported twice' },
        },
        signer: reporter,
      };
    case 8:
      return {
        statement: {
          jmm: 1,
          type: 'member.profile',
          mechanism: ORIGIN,
          issuer: { org, member: reporter.split('/')[1]! },
          issued_at: at,
          audience: { kind: 'mechanism' },
          refs: [],
          body: { member: reporter.split('/')[1]!, display_name: `Reporter ${n}` },
        },
        signer: reporter,
      };
    case 9:
      // The reporter to be revoked reports until its revocation.
      if (n < Math.floor(total * 0.8)) return planReport(n, REVOKED, at);
      break;
    default:
      break;
  }
  const report = planReport(n, reporter, at);
  digestOf(report);
  return report;
}

/** Whether the mixed script's reader (sec/admin) may read a statement of `audience`. */
function secretariatReads(audience: Audience): boolean {
  return audience.kind !== 'orgs' || audience.orgs.includes('sec');
}

/** Signs the bulk reports on worker threads, yielding them in log order with at most a few chunks in flight. */
async function* signOnWorkers(
  from: number,
  end: number,
  prefix: number,
  batchSize: number,
  workers: number,
): AsyncGenerator<SignedReport[]> {
  const bootstrap = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ tsImport }) => tsImport(workerData.moduleUrl, workerData.moduleUrl));
`;
  const workerData = {
    tsxApi: import.meta.resolve('tsx/esm/api'),
    moduleUrl: new URL('./sign-reports-worker.ts', import.meta.url).href,
  };
  const pool = Array.from({ length: workers }, () => new Worker(bootstrap, { eval: true, workerData }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', () => {
              resolve();
            });
            worker.once('error', reject);
          }),
      ),
    );
    const waiting = new Map<number, (result: SignReportsResult) => void>();
    for (const worker of pool) {
      worker.on('message', (result: SignReportsResult) => waiting.get(result.id)?.(result));
    }
    const inFlight: Promise<SignReportsResult>[] = [];
    let next = from;
    let id = 0;
    const send = () => {
      const job: SignReportsJob = {
        id: id++,
        from: next,
        count: Math.min(CHUNK, end - next),
        prefix,
        batchSize,
      };
      next += job.count;
      inFlight.push(
        new Promise((resolve) => {
          waiting.set(job.id, resolve);
          pool[job.id % pool.length]!.postMessage(job);
        }),
      );
    };
    while (next < end && inFlight.length < workers * 2) send();
    while (inFlight.length > 0) {
      const result = await inFlight.shift()!;
      waiting.delete(result.id);
      if (next < end) send();
      yield [...result.reports];
    }
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

async function* signInline(
  from: number,
  end: number,
  prefix: number,
  batchSize: number,
): AsyncGenerator<SignedReport[]> {
  for (let start = from; start < end; start += CHUNK) {
    const chunk: SignedReport[] = [];
    for (let index = start; index < Math.min(end, start + CHUNK); index++)
      chunk.push(await signBulkReport(index, prefix, batchSize));
    yield chunk;
  }
}

export async function buildSyntheticBundle(options: BuildBundleOptions): Promise<SyntheticBundle> {
  const { dir, statements, onProgress } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const mixed = options.script === 'mixed';
  const { signer: logSigner, vkey: logVkey } = await createLogKey();
  const writer = new BundleWriter({
    dir,
    origin: ORIGIN,
    logVkey,
    logSigner,
    batchSize,
    reader: mixed ? 'sec/admin' : 'public',
  });
  const membership = await planMembership(logVkey, batchSize, mixed);
  const total = membership.length + statements;
  for (const [index, planned] of membership.entries()) {
    const logged = await logStatement(planned, index, logTimeOf(index, batchSize));
    await writer.add(logged, true);
  }

  if (mixed) {
    const lastReport = new Map<string, string>();
    let pendingReport: PlannedStatement | undefined;
    for (let n = 0; n < statements; n++) {
      const index = membership.length + n;
      const planned = planMixed(n, statements, index, batchSize, lastReport, (report) => {
        pendingReport = report;
      });
      const logged = await logStatement(planned, index, logTimeOf(index, batchSize));
      if (pendingReport === planned) lastReport.set(planned.signer, logged.digest);
      pendingReport = undefined;
      await writer.add(logged, secretariatReads(logged.statement.audience));
      onProgress?.(index + 1, total);
    }
  } else {
    const workers = options.workers ?? availableParallelism();
    const from = membership.length;
    const chunks =
      workers === 0
        ? signInline(from, total, from, batchSize)
        : signOnWorkers(from, total, from, batchSize, workers);
    let index = from;
    for await (const chunk of chunks) {
      for (const report of chunk) {
        await writer.add({ ...report, index, envelope: JSON.parse(report.envelopeText) as unknown }, true);
        index += 1;
      }
      onProgress?.(index, total);
    }
  }
  const { treeSize } = await writer.finish();
  return {
    dir,
    origin: ORIGIN,
    logVkey,
    treeSize,
    checkpoints: writer.checkpoints,
    envelopes: writer.envelopes,
  };
}
