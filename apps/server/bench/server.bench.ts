// Benchmarks of the HTTP server, run with `npm run bench -w @jmm/server` (a plain script, never a timed test).
// Every figure is printed beside the baseline it is judged against, measured in the same run on the same
// machine: what the cores can verify in Ed25519 signatures, the one cost every submission cannot avoid.
//
// The server runs in a child process (the real startServer, rate limit raised, logging off) so the load
// generator does not share its event loop; it still shares the machine's cores, which the table shows.
// Flags: --only sqlite|postgres, --submit-seconds N, --cpu-prof-dir DIR (profiles the server in each timed
// window, with SQL timings; read them with bench/summarize-cpu-profile.ts).
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EmbeddedPostgresServer } from '@jmm/storage/testing';
import {
  cleanUpOnSignals,
  createTemporaryDirectory,
  runBenchmark,
  startPostgresForTheRun,
} from './bench-cleanup.ts';
import { createBenchMechanism, type BenchMechanismLocation } from './create-bench-mechanism.ts';
import { EnrollmentPool } from './enrollment-pool.ts';
import { measureVerifyBound } from './measure-verify-bound.ts';
import { readDescendantCpuMs, readMachineBusyMs } from './machine-load.ts';
import { createReadPaths, READ_KINDS, type ReadKind } from './read-paths.ts';
import { quantile, runLoad, type LoadResult } from './run-load.ts';
import { formatMs, formatRate, ResultTable } from './result-table.ts';
import { spawnCleanedUpServer, type BenchServer } from './spawn-bench-server.ts';

const CONNECTIONS = 64;
const VERIFY_MS = 2000;
const WARM_UP_SECONDS = 2;
const READ_KIND_SECONDS = 2;
const READ_MIX_SECONDS = 4;
/** Random paths per kind of read, built once and sent in turn. */
const READ_PATHS = 1000;
/** Bodies signed before the first warm-up; the pool is topped up from the warm-up's rate before timing. */
const INITIAL_POOL = 16_000;
const SUBMIT_TARGET_RATIO = 0.4;
const SUBMIT_TARGET_P99_MS = 250;
const READ_TARGET_RPS = 10_000;

type Backend = 'sqlite' | 'postgres';

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    'submit-seconds': { type: 'string', default: '12' },
    'cpu-prof-dir': { type: 'string' },
  },
  strict: true,
});
const backends: Backend[] =
  flags.only === 'sqlite' || flags.only === 'postgres' ? [flags.only] : ['sqlite', 'postgres'];
const submitSeconds = Number(flags['submit-seconds']);

const table = new ResultTable();
const row = table.row.bind(table);
cleanUpOnSignals();

function startServer(location: BenchMechanismLocation): Promise<BenchServer> {
  return spawnCleanedUpServer(location, { sqlTiming: flags['cpu-prof-dir'] !== undefined });
}

// ---- Phases ----------------------------------------------------------------------------------------------

interface WindowUsage {
  /** CPU of the server process (all its threads), in cores. */
  readonly serverCores: number;
  /** Share of the window the server's event loop was busy. */
  readonly serverLoop: number;
  readonly loadCores: number;
  /** The embedded PostgreSQL server and its backends, in cores; NaN where unknown. */
  readonly databaseCores: number;
  /** Everything else on the machine (other users of a shared host), in cores; NaN where unknown. */
  readonly otherCores: number;
}

/**
 * Runs `body` as one timed window: measures what the server, the load generator and the rest of the machine
 * used meanwhile, and profiles the server for it into `--cpu-prof-dir` as `<name>.cpuprofile` if asked to.
 */
async function timedWindow<T>(
  server: BenchServer,
  name: string,
  body: () => Promise<T>,
): Promise<{ result: T; usage: WindowUsage }> {
  const profileDir = flags['cpu-prof-dir'];
  if (profileDir !== undefined) await server.startProfile();
  const serverBefore = await server.usage();
  const loadBefore = process.cpuUsage();
  const notServer = new Set([server.pid]);
  const machineBefore = readMachineBusyMs();
  const databaseBefore = readDescendantCpuMs(process.pid, notServer);
  const start = performance.now();
  const result = await body();
  const wallMs = performance.now() - start;
  const machineAfter = readMachineBusyMs();
  const databaseAfter = readDescendantCpuMs(process.pid, notServer);
  const load = process.cpuUsage(loadBefore);
  const serverAfter = await server.usage();
  if (profileDir !== undefined) await server.stopProfile(join(profileDir, `${name}.cpuprofile`));

  const active = serverAfter.loopActiveMs - serverBefore.loopActiveMs;
  const idle = serverAfter.loopIdleMs - serverBefore.loopIdleMs;
  const serverCores = (serverAfter.cpuMicros - serverBefore.cpuMicros) / 1000 / wallMs;
  const loadCores = (load.user + load.system) / 1000 / wallMs;
  const coresBetween = (before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined ? Number.NaN : (after - before) / wallMs;
  const machineCores = coresBetween(machineBefore, machineAfter);
  const databaseCores = coresBetween(databaseBefore, databaseAfter);
  return {
    result,
    usage: {
      serverCores,
      serverLoop: active / (active + idle),
      loadCores,
      databaseCores,
      otherCores: Math.max(0, machineCores - serverCores - loadCores - (databaseCores || 0)),
    },
  };
}

/**
 * What the window used: the server (CPU and how busy its event loop was), the load generator, PostgreSQL, and
 * every other process on the machine. `perSecond` (answers per second) turns the server's CPU into CPU time per
 * answer, the figure that a busy shared host disturbs least and that product changes move.
 */
function describeUsage(usage: WindowUsage, perSecond: number): [string, string] {
  const cores = (value: number) => (Number.isNaN(value) ? '?' : value.toFixed(2));
  const perAnswer =
    perSecond > 0 ? `, ${Math.round((usage.serverCores / perSecond) * 1e6)} µs CPU/answer` : '';
  const database = usage.databaseCores > 0.005 ? `, PostgreSQL ${cores(usage.databaseCores)}` : '';
  return [
    `server ${cores(usage.serverCores)} cores${perAnswer}, loop ${(usage.serverLoop * 100).toFixed(0)}%`,
    `load gen ${cores(usage.loadCores)}${database}, others ${cores(usage.otherCores)} cores`,
  ];
}

function describeFailures(result: LoadResult): string {
  const failed = [...result.byStatus].filter(([status]) => status < 200 || status > 299);
  const parts = failed.map(([status, count]) => `${count}×${status}`);
  if (result.transportErrors > 0) parts.push(`${result.transportErrors} transport errors`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

async function benchSubmissions(
  backend: Backend,
  server: BenchServer,
  pool: EnrollmentPool,
  bound: number,
): Promise<void> {
  pool.rewind();
  const submit = (seconds: number, keepFailures: boolean) =>
    runLoad({
      url: server.url,
      connections: CONNECTIONS,
      seconds,
      method: 'POST',
      keepFailures,
      source: {
        next: () => {
          const body = pool.take();
          return body === undefined ? undefined : { path: '/api/v1/statements', body };
        },
      },
    });
  const warmUp = await submit(WARM_UP_SECONDS, false);
  const warmRate = (warmUp.successes / warmUp.milliseconds) * 1000;
  // Enough for the timed window at 1.5× the warm-up's rate; a run that still drains the pool ends early.
  await pool.ensureRemaining(Math.ceil(warmRate * submitSeconds * 1.5) + 4 * CONNECTIONS);

  const { result, usage } = await timedWindow(server, `${backend}-submissions`, () =>
    submit(submitSeconds, true),
  );

  const rate = (result.successes / result.milliseconds) * 1000;
  const p50 = quantile(result.latencies, 0.5);
  const p99 = quantile(result.latencies, 0.99);
  const ratio = rate / bound;
  const met = ratio >= SUBMIT_TARGET_RATIO && p99 < SUBMIT_TARGET_P99_MS && result.failures === 0;
  row(
    `${backend}: submissions, ${CONNECTIONS} clients`,
    `${formatRate(rate)}  p50 ${formatMs(p50)}  p99 ${formatMs(p99)}`,
    `${(ratio * 100).toFixed(1)}% of ${formatRate(bound)}`,
    `≥ ${SUBMIT_TARGET_RATIO * 100}%, p99 < ${SUBMIT_TARGET_P99_MS} ms`,
    met ? 'met' : 'MISSED',
  );
  const duplicates = result.byStatus.get(200) ?? 0;
  row(
    `${backend}: non-2xx / duplicates`,
    `${describeFailures(result)} / ${duplicates}`,
    `of ${(result.successes + result.failures).toLocaleString('en-US')} answers in ${(result.milliseconds / 1000).toFixed(1)} s`,
    '0',
    result.failures === 0 ? 'met' : 'MISSED',
  );
  row(`${backend}: CPU during submissions`, ...describeUsage(usage, rate));
  const seconds = result.perSecond.slice(0, Math.floor(result.milliseconds / 1000));
  if (seconds.length >= 2) {
    table.note(`${backend}: 2xx answers in each second of the window: ${seconds.join(' ')}`);
  }
  if (result.spent) table.note(`${backend}: the pre-signed pool ran dry; the window ended early`);
  for (const sample of result.failureSamples) table.note(`${backend}: failure sample: ${sample}`);
}

async function readTreeSize(server: BenchServer): Promise<bigint> {
  const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
  return BigInt(note.split('\n')[1] ?? '0');
}

async function benchReads(backend: Backend, server: BenchServer): Promise<void> {
  const treeSize = await readTreeSize(server);
  const paths = createReadPaths(treeSize, READ_PATHS);
  const read = (seconds: number, cycle: readonly string[]) =>
    runLoad({ url: server.url, connections: CONNECTIONS, seconds, method: 'GET', source: { cycle } });
  const report = (what: string, result: LoadResult, usage: WindowUsage, judged: boolean) => {
    const rate = (result.successes / result.milliseconds) * 1000;
    const met = rate >= READ_TARGET_RPS && result.failures === 0;
    row(
      `${backend}: ${what}`,
      `${formatRate(rate)}  p99 ${formatMs(quantile(result.latencies, 0.99))}`,
      judged ? `tree size ${treeSize.toLocaleString('en-US')}` : describeUsage(usage, rate).join('; '),
      judged ? `≥ ${READ_TARGET_RPS.toLocaleString('en-US')} rps` : '',
      judged ? (met ? 'met' : 'MISSED') : '',
    );
    if (result.failures > 0 || result.transportErrors > 0)
      table.note(`${backend}: ${what} failures: ${describeFailures(result)}`);
  };

  await read(1, paths.mix);
  const kinds: Record<ReadKind, string> = {
    tile: 'reads: GET /log/tile/0/<N> (full)',
    entries: 'reads: GET /log/tile/entries/<N>',
    checkpoint: 'reads: GET /log/checkpoint',
    proof: 'reads: GET …/proof/inclusion',
  };
  // Each kind in its own window, so that a profile (--cpu-prof-dir) shows one kind of read at a time.
  for (const kind of READ_KINDS) {
    const { result, usage } = await timedWindow(server, `${backend}-reads-${kind}`, () =>
      read(READ_KIND_SECONDS, paths[kind]),
    );
    report(kinds[kind], result, usage, false);
  }
  const { result, usage } = await timedWindow(server, `${backend}-reads-mix`, () =>
    read(READ_MIX_SECONDS, paths.mix),
  );
  report('reads: mix of the four', result, usage, true);
  row(
    `${backend}: CPU during the mix`,
    ...describeUsage(usage, (result.successes / result.milliseconds) * 1000),
  );
}

async function benchBackend(
  backend: Backend,
  pool: EnrollmentPool,
  bound: number,
  issuedAt: string,
  postgres: () => Promise<EmbeddedPostgresServer>,
): Promise<void> {
  const dataDir = await createTemporaryDirectory(`jmm-bench-${backend}-`);
  const databaseUrl =
    backend === 'postgres' ? await (await postgres()).createDatabase('jmm_bench') : undefined;
  const location: BenchMechanismLocation = { dataDir, databaseUrl };
  await createBenchMechanism(location, issuedAt);
  const server = await startServer(location);
  await benchSubmissions(backend, server, pool, bound);
  await benchReads(backend, server);
  await server.stop();
}

// ---- Run -------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cores = availableParallelism();
  console.log(
    `JMM server benchmark — ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}`,
  );
  console.log(
    `${CONNECTIONS} keep-alive clients on loopback; server in a child process; submissions ${submitSeconds} s after a ${WARM_UP_SECONDS} s warm-up\n`,
  );

  const machineBefore = readMachineBusyMs();
  const ownBefore = process.cpuUsage();
  const verifyStart = performance.now();
  const verify = await measureVerifyBound(cores, VERIFY_MS);
  const verifyMs = performance.now() - verifyStart;
  const own = process.cpuUsage(ownBefore);
  const machineAfter = readMachineBusyMs();
  row(
    'Ed25519 verify, 1 core (sync loop)',
    formatRate(verify.oneCore),
    `× ${cores} = ${formatRate(verify.oneCore * cores)}`,
  );
  row(
    `Ed25519 verify, ${cores} worker threads`,
    formatRate(verify.workerThreads),
    'measured all-core figure',
  );
  row(
    'Ed25519 verify, thread pool (async)',
    formatRate(verify.threadPool),
    '@jmm/core ed25519.verify, 64 in flight',
  );
  row('verify bound used below', formatRate(verify.bound), 'the higher of the two measured');
  if (machineBefore !== undefined && machineAfter !== undefined) {
    // A shared host lowers the bound as much as the server's figures: this says how loaded it was meanwhile.
    const others = (machineAfter - machineBefore - (own.user + own.system) / 1000) / verifyMs;
    row('  other processes during the baseline', `${Math.max(0, others).toFixed(2)} cores`, `of ${cores}`);
  }

  // Statements are issued "now"; the mechanism accepts issued_at within 600 s of log time, far more than the run.
  const issuedAt = new Date().toISOString();
  const pool = new EnrollmentPool(issuedAt);
  await pool.ensureRemaining(INITIAL_POOL);

  let postgres: EmbeddedPostgresServer | undefined;
  const startPostgres = async () => (postgres ??= await startPostgresForTheRun({ durable: true }));
  for (const backend of backends) await benchBackend(backend, pool, verify.bound, issuedAt, startPostgres);
}

await runBenchmark(main, table);
